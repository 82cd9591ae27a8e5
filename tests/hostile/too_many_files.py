# expect: exception
# says: OSError: [Errno 24] Too many open files
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
files = []
for i in range(10000):
    files.append(open("f%d.txt" % i, "w"))
