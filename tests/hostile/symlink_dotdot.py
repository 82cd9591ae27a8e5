# expect: exception
# says: PermissionError: open('e/../etc/hostname') is not allowed in this sandbox
# A link to /etc, then `..` after it: the kernel follows the link first, so the path is
# /etc/hostname. The audit hook must resolve it the same way (it used to drop `e/..`
# first and allow it, leaving only Landlock to refuse).
import os, tempfile
os.chdir(tempfile.gettempdir())
os.symlink("/etc", "e")
print(open("e/../etc/hostname").read())
