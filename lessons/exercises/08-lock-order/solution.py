# Exercise 8, solved: every transfer takes the two locks in the same order
# (alphabetical), so no thread can hold one lock while waiting for a thread
# that holds the other and waits for the first.
import threading
import time

accounts = {"alice": 100, "bob": 100}
locks = {"alice": threading.Lock(), "bob": threading.Lock()}

def transfer(source, target, amount):
    first, second = sorted([source, target])  # one global order for the locks
    with locks[first]:
        time.sleep(0)  # checks the source's limits: lets other threads run
        with locks[second]:
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
