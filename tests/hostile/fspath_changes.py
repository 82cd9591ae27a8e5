# expect: exception
# says: PermissionError: open('/etc/passwd') is not allowed in this sandbox
# A path-like object whose __fspath__ answers differently each time: open() asks it
# once and the audit hook checks that answer.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
calls = []
class Sneaky:
    def __fspath__(self):
        calls.append(1)
        return "ok.txt" if len(calls) % 2 == 0 else "/etc/passwd"

open("ok.txt", "w").close()
print(open(Sneaky()).read())
