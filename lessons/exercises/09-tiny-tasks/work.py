# The work of exercise 9: many small, independent tasks.
TASKS = 40_000

def score(n):
    return sum(i * i for i in range(n % 500 + 1000)) % 1000  # some 60 microseconds of CPU
