# Exercise 3, solved: the wrapper returns a future that the thread fills with
# the call's result, or with the exception it raised.
import threading
import time
from concurrent.futures import Future

def concurrent(func):
    def wrapper(*args, **kwargs):
        future = Future()

        def run():
            try:
                future.set_result(func(*args, **kwargs))
            except BaseException as error:  # the caller gets it from result()
                future.set_exception(error)

        thread = threading.Thread(target=run)
        thread.start()
        return future
    return wrapper

@concurrent
def do_work():
    # perform some task
    pass

do_work()  # Runs concurrently in a separate thread

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
