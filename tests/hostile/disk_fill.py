# expect: exception
# says: OSError: [Errno 28] No space left on device
# Files under the 16 MB size limit, one after another: the private temporary folder
# (a tmpfs of 32 MB) fills up, the host's disk never sees them.
i = 0
while True:
    with open("fill%d.bin" % i, "wb") as f:
        f.write(b"x" * (8 << 20))
    i += 1
