# expect: memory_limit
s = "x" * (10 ** 11)
