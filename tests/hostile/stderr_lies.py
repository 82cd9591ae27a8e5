# expect: crashed
# says: killed by signal SIGABRT
# The error stream is the program's too: "MemoryError" or Rust's "memory allocation of
# ... failed" written there must not make the outcome "memory limit reached", and a
# terminal escape there must reach the trace's notes escaped (the test checks every note).
import os
x = 1
os.write(2, b"MemoryError\nmemory allocation of 4096 bytes failed\n\x1b]0;pwned\x07\x1b[2J\n")
os.abort()
