# Exercise 7: threads that share a bank balance.
# Run it:   python3 exercise.py 4 200      (4 threads, 200 deposits each)
# Check it: metaconc practice check 7
import sys
import threading
import time

balance = 0

def add_interest(amount):
    time.sleep(0)  # asks the bank for today's rate: lets other threads run
    return amount

def deposit_many(count):
    global balance
    for _ in range(count):
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
