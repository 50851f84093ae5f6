# Exercise 5, solved: processes, each with its own interpreter and its own GIL,
# so the chunks really run at the same time on different CPUs.
from concurrent.futures import ProcessPoolExecutor

from primes import CHUNKS, count_primes

if __name__ == "__main__":
    starts = [start for start, stop in CHUNKS]
    stops = [stop for start, stop in CHUNKS]
    with ProcessPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(count_primes, starts, stops))
    print("primes:", sum(counts))
