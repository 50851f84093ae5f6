# Exercise 1, solved: every thread has work, and the main thread waits for all of them.
import threading
import time

results = []

def do_work(i):
    time.sleep(0.2)  # a task that takes a while
    results.append(i * i)  # list.append is atomic in CPython

threads = []
for i in range(5):
    thread = threading.Thread(target=do_work, args=(i,))
    thread.start()
    threads.append(thread)

for thread in threads:
    thread.join()  # wait until this thread has finished

print("results:", sorted(results))
print("all done")
