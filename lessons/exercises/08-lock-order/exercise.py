# Exercise 8: two accounts, two locks, and transfers both ways.
# Run it:   python3 exercise.py      (press Ctrl-C if it hangs)
# Check it: metaconc practice check 8
import threading
import time

accounts = {"alice": 100, "bob": 100}
locks = {"alice": threading.Lock(), "bob": threading.Lock()}

def transfer(source, target, amount):
    with locks[source]:
        time.sleep(0)  # checks the source's limits: lets other threads run
        with locks[target]:
            accounts[source] -= amount
            accounts[target] += amount

def transfer_many(source, target, times):
    for _ in range(times):
        transfer(source, target, 1)

threads = [
    threading.Thread(target=transfer_many, args=("alice", "bob", 300)),
    threading.Thread(target=transfer_many, args=("bob", "alice", 300)),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("alice:", accounts["alice"], "bob:", accounts["bob"])
print("total:", accounts["alice"] + accounts["bob"])
