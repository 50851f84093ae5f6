"""gil_pool.py: a CPU-bound thread pool, as many programs write one, and why
it does not get faster: the README traces it with `metaconc trace --svg`.

Four threads of a ThreadPoolExecutor compute sums of squares. Under
CPython's GIL only one of them runs Python code at a time: the others wait
on the GIL (a futex), so four threads keep about one CPU busy.
"""
from concurrent.futures import ThreadPoolExecutor


def sum_of_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(sum_of_squares, [1_500_000] * 8))
    print("8 sums computed on 4 threads:", sum(results))
