"""trace_cpu.py: the bench's CPU-bound Python program for `metaconc trace`:
2 processes x 2 threads, each thread counting to N (argv[1]). The two
threads of a process take turns on its GIL; the processes run in parallel.
"""
import os
import sys
import threading


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


def two_threads(n):
    threads = [threading.Thread(target=count, args=(n,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000
    child = os.fork()
    two_threads(n)
    if child == 0:
        os._exit(0)
    _, status = os.waitpid(child, 0)
    sys.exit(0 if status == 0 else 1)
