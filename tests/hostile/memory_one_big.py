# expect: memory_limit
block = bytearray(10 ** 12)
