# Exercise 7, solved: a lock makes read, call and write one step that no other
# thread can cut into.
import sys
import threading
import time

balance = 0
balance_lock = threading.Lock()

def add_interest(amount):
    time.sleep(0)  # asks the bank for today's rate: lets other threads run
    return amount

def deposit_many(count):
    global balance
    for _ in range(count):
        with balance_lock:  # one thread at a time from the read to the write
            current = balance                        # read
            new_balance = current + add_interest(1)  # call
            balance = new_balance                    # write

def main():
    threads_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    deposits = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    threads = [threading.Thread(target=deposit_many, args=(deposits,)) for _ in range(threads_wanted)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("expected:", threads_wanted * deposits)
    print("balance:", balance)

main()
