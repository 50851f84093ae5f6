# Exercise 4, solved: one task per argument, on a pool that is closed when the
# work is done, in a program that a spawned child can import without starting
# the work again.
import multiprocessing
import os
import types

def slow_square(n):
    total = 0
    for _ in range(4_000_000):  # about 0.1 s of CPU here: the work of building a worker
        total += 1
    return n * n

class ParallelMeta(type):
    def __call__(cls, *args):
        with multiprocessing.Pool(2) as pool:  # terminated when the block ends
            return pool.starmap(cls.__new__, [(cls, arg) for arg in args])

class Worker(metaclass=ParallelMeta):
    def __new__(cls, n):
        # Create and return a worker object (a plain one, so that it can be
        # pickled back to the parent)
        return types.SimpleNamespace(n=n, square=slow_square(n), pid=os.getpid())

if __name__ == "__main__":
    workers = Worker(1, 2, 3, 4, 5, 6, 7, 8)
    print("workers:", len(workers))
    print("squares:", [worker.square for worker in workers])
    print("processes:", len({worker.pid for worker in workers}))
