# expect: exception
# says: PermissionError: open('passwd_link') is not allowed in this sandbox
# A link made inside the temporary folder that points outside it.
import os
os.symlink("/etc/passwd", "passwd_link")
print(open("passwd_link").read())
