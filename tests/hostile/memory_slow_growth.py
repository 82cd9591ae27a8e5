# expect: memory_limit
chunks = []
while True:
    chunks.append(bytearray(10 ** 7))
