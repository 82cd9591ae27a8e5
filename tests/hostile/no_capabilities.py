# expect: exception
# says: PermissionError: [Errno 13] Permission denied: 'locked.txt'
# A file with no permissions at all: root (and a user namespace's root) could still
# read it with CAP_DAC_OVERRIDE; the worker dropped every capability, so it cannot.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
import os
with open("locked.txt", "w") as f:
    f.write("secret")
os.chmod("locked.txt", 0)
print(open("locked.txt").read())
