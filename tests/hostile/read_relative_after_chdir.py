# expect: exception
# says: PermissionError: open('etc/passwd') is not allowed in this sandbox
import os
os.chdir("/")
open("etc/passwd")
