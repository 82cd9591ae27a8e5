# expect: crashed
# says: os._exit(3)
import os
print("bye")
os._exit(3)
