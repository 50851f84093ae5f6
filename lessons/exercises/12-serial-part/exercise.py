# Exercise 12: a parallel part, and a serial part that dominates.
# Run it:   python3 exercise.py      (and python3 sequential.py, to compare)
# Check it: metaconc practice check 12
from concurrent.futures import ProcessPoolExecutor

from work import CHUNKS, analyse, prepare

if __name__ == "__main__":
    prepared = [prepare(chunk) for chunk in CHUNKS]  # one process, one chunk after another
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(analyse, prepared))  # two processes at once
    print("result:", sum(results))
