# expect: exception
# says: OSError: [Errno 27] File too large
with open("big.bin", "wb") as f:
    for i in range(100):
        f.write(b"x" * (1 << 20))
