"""trace_pool.py: a multiprocessing pool for the tests of `metaconc trace`.

Two worker processes square numbers with some CPU work each; the pool's
parent keeps its own helper threads (task, result and worker handlers).
Prints the result and the workers' pids, so a test can find their lanes.
"""
import multiprocessing
import os


def square(n):
    total = 0
    for i in range(20000):
        total += i % 7
    return n * n, os.getpid()


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        results = pool.map(square, range(40))
    print("sum", sum(value for value, _ in results))
    print("workers", " ".join(str(pid) for pid in sorted({pid for _, pid in results})))
