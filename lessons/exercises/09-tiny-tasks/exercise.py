# Exercise 9: many tiny tasks on a pool of processes.
# Run it:   python3 exercise.py      (and python3 sequential.py, to compare)
# Check it: metaconc practice check 9
from concurrent.futures import ProcessPoolExecutor

from work import TASKS, score

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        total = sum(pool.map(score, range(TASKS)))
    print("total:", total)
