# Exercise 6: eight slow downloads, one at a time.
# Run it:   python3 exercise.py
# Check it: metaconc practice check 6
import time

def fetch(page):
    time.sleep(0.2)  # waiting for the network: no CPU is used
    return f"page {page}"

pages = range(8)
results = [fetch(page) for page in pages]
print("fetched:", len(results))
