# Exercise 11, solved: the coroutine awaits its wait, so the event loop runs the
# other coroutines (and the heartbeat) in the meantime.
import asyncio

heartbeats = 0

async def heartbeat():
    global heartbeats
    while True:
        await asyncio.sleep(0.02)  # the loop's pulse: one beat every 20 ms
        heartbeats += 1

async def fetch(page):
    await asyncio.sleep(0.2)  # waiting for the network, without blocking the loop
    return f"page {page}"

async def main():
    beat = asyncio.create_task(heartbeat())
    pages = await asyncio.gather(*(fetch(page) for page in range(5)))
    beat.cancel()
    print("fetched:", len(pages))
    print("heartbeats:", heartbeats)

asyncio.run(main())
