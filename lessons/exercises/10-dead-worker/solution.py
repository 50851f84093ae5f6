# Exercise 10, solved: concurrent.futures notices that a worker process died,
# fails the pending work with BrokenProcessPool, and shuts the pool down.
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

def convert(n):
    time.sleep(0.05)
    if n == 5:
        os._exit(1)  # file 5 crashes the worker, as a bug in a C extension would
    return n * 2

if __name__ == "__main__":
    try:
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(convert, range(10)))
    except BrokenProcessPool as error:
        print("error: a worker died:", error, file=sys.stderr)
        sys.exit(1)
    print("results:", results)
