# Exercise 6, solved: the waits overlap. While one thread waits for its page,
# the others wait for theirs; the GIL is released while a thread is blocked.
import time
from concurrent.futures import ThreadPoolExecutor

def fetch(page):
    time.sleep(0.2)  # waiting for the network: no CPU is used
    return f"page {page}"

pages = range(8)
with ThreadPoolExecutor(max_workers=8) as pool:
    results = list(pool.map(fetch, pages))
print("fetched:", len(results))
