# Exercise 5: CPU-bound work spread over threads.
# Run it:   python3 exercise.py      (and python3 sequential.py, to compare)
# Check it: metaconc practice check 5
from concurrent.futures import ThreadPoolExecutor

from primes import CHUNKS, count_primes

starts = [start for start, stop in CHUNKS]
stops = [stop for start, stop in CHUNKS]
with ThreadPoolExecutor(max_workers=4) as pool:
    counts = list(pool.map(count_primes, starts, stops))
print("primes:", sum(counts))
