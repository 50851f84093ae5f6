# Exercise 3: the post's `concurrent` decorator, as the post wrote it.
# Run it:   python3 exercise.py
# Check it: metaconc practice check 3
import threading
import time

def concurrent(func):
    def wrapper(*args, **kwargs):
        thread = threading.Thread(target=func, args=args, kwargs=kwargs)
        thread.start()
    return wrapper

@concurrent
def do_work():
    # perform some task
    pass

do_work()  # Runs concurrently in a separate thread

# The exercise: calls that return something, and a call that fails.
@concurrent
def square(n):
    time.sleep(0.2)
    return n * n

@concurrent
def refuse(n):
    time.sleep(0.1)
    raise ValueError(f"no square for {n}")

calls = [square(n) for n in range(4)]
print("squares:", [call.result() for call in calls])
try:
    refuse(7).result()
except ValueError as error:
    print("caught:", error)
