# Exercise 12, solved: each worker prepares its own chunk, so the part that took
# most of the time runs in parallel too, and only small results travel back.
from concurrent.futures import ProcessPoolExecutor

from work import CHUNKS, analyse, prepare

def prepare_and_analyse(chunk):
    return analyse(prepare(chunk))

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(prepare_and_analyse, CHUNKS))
    print("result:", sum(results))
