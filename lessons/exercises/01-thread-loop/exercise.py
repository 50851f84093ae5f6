# Exercise 1: the post's thread loop, as the post wrote it.
# Run it:   python3 exercise.py
# Check it: metaconc practice check 1
import threading
import time

results = []

def do_work():
    # perform some task
    pass

threads = []
for i in range(5):
    thread = threading.Thread(target=do_work)
    thread.start()
    threads.append(thread)

print("results:", sorted(results))
print("all done")
