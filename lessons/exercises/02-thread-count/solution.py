# Exercise 2, solved: the loop starts as many threads as the command line asks for.
import os
import sys
import threading
import time

def fetch(n, results):
    time.sleep(0.3)  # stands for a slow request
    results[n] = f"page {n}"

def main():
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else os.cpu_count()
    results = {}
    threads = []
    for n in range(wanted):
        thread = threading.Thread(target=fetch, args=(n, results))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    print(f"asked for: {wanted}")
    print(f"fetched: {len(results)}")

main()
