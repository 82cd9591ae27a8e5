# expect: exception
# says: PermissionError: open('passwd_link') is not allowed in this sandbox
# A link made inside the temporary folder that points outside it.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
import os
os.symlink("/etc/passwd", "passwd_link")
print(open("passwd_link").read())
