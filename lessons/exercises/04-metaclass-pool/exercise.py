# Exercise 4: the post's metaclass that builds workers on a pool of processes,
# as the post wrote it.
# Run it:   python3 exercise.py
# Check it: metaconc practice check 4
import multiprocessing

class ParallelMeta(type):
    def __call__(cls, *args, **kwargs):
        pool = multiprocessing.Pool()
        return pool.map(cls.__new__, [(cls, *args, **kwargs)])

class Worker(metaclass=ParallelMeta):
    def __new__(cls, *args, **kwargs):
        # Create and return a worker object
        pass

# Create multiple Worker instances in parallel
workers = Worker()

# The exercise: eight workers, one per number, built at the same time.
workers = Worker(1, 2, 3, 4, 5, 6, 7, 8)
print("workers:", len(workers))
print("squares:", [worker.square for worker in workers])
print("processes:", len({worker.pid for worker in workers}))
