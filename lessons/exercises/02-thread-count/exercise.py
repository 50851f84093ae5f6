# Exercise 2: as many threads as the user asks for, decided at run time.
# Run it:   python3 exercise.py 6
# Check it: metaconc practice check 2
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
    for n in range(4):
        thread = threading.Thread(target=fetch, args=(n, results))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    print(f"asked for: {wanted}")
    print(f"fetched: {len(results)}")

main()
