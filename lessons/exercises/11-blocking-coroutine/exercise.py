# Exercise 11: coroutines on one event loop, and one blocking call.
# Run it:   python3 exercise.py
# Check it: metaconc practice check 11
import asyncio
import time

heartbeats = 0

async def heartbeat():
    global heartbeats
    while True:
        await asyncio.sleep(0.02)  # the loop's pulse: one beat every 20 ms
        heartbeats += 1

async def fetch(page):
    time.sleep(0.2)  # waiting for the network
    return f"page {page}"

async def main():
    beat = asyncio.create_task(heartbeat())
    pages = await asyncio.gather(*(fetch(page) for page in range(5)))
    beat.cancel()
    print("fetched:", len(pages))
    print("heartbeats:", heartbeats)

asyncio.run(main())
