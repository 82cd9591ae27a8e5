# expect: exception
# says: PermissionError: os.listdir('/') is not allowed in this sandbox
import os
print(os.listdir("/"))
