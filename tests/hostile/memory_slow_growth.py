# expect: memory_limit
# flags: --max-memory 300
chunks = []
while True:
    chunks.append(bytearray(10 ** 7))
