# expect: exception
# says: PermissionError: os.remove(
# says: is not allowed in this sandbox
import os
os.remove(input())
