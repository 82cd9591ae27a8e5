# expect: exception: PermissionError: os.remove
import os
os.remove(input())
