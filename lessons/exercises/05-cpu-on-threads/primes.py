# The work of exercise 5: counting primes by trial division, a pure CPU task.
LIMIT = 600_000
CHUNK = LIMIT // 8
CHUNKS = [(start, start + CHUNK) for start in range(0, LIMIT, CHUNK)]

def count_primes(start, stop):
    count = 0
    for n in range(max(start, 2), stop):
        divisor = 2
        while divisor * divisor <= n and n % divisor:
            divisor += 1
        if divisor * divisor > n:
            count += 1
    return count
