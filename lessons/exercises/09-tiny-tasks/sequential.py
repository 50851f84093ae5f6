# Exercise 9's reference: every task, one after another, in one process.
# The check runs this file, as shipped, to measure your program's speedup.
from work import TASKS, score

if __name__ == "__main__":
    print("total:", sum(score(n) for n in range(TASKS)))
