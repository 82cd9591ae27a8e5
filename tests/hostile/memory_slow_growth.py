# expect: memory_limit
chunks = []
while True:
    chunks.append(bytearray(5 * 10 ** 7))
