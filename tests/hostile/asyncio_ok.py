# expect: finished
# asyncio's event loop wakes itself through socket.socketpair(): a pair of connected
# sockets inside the process, which the sandbox allows.
import asyncio
async def double(x):
    await asyncio.sleep(0)
    return x * 2
async def main():
    return await asyncio.gather(double(1), double(2))
print(asyncio.run(main()))
