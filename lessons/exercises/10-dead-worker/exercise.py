# Exercise 10: a pool whose worker dies.
# Run it:   python3 exercise.py      (press Ctrl-C if it hangs)
# Check it: metaconc practice check 10
import multiprocessing
import os
import time

def convert(n):
    time.sleep(0.05)
    if n == 5:
        os._exit(1)  # file 5 crashes the worker, as a bug in a C extension would
    return n * 2

if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        results = pool.map(convert, range(10))
    print("results:", results)
