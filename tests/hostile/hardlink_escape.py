# expect: exception
# says: PermissionError: os.link('/etc/passwd') is not allowed in this sandbox
import os
os.link("/etc/passwd", "passwd_copy")
print(open("passwd_copy").read())
