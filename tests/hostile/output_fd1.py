# expect: finished
# Writing to file descriptor 1 directly must not corrupt the trace stream (the
# worker moved its pipe off stdout).
import os
os.write(1, b"\x00\x01garbage that is not a frame\n" * 100)
print("still traced")
