# expect: finished
# CPython silently drops a new audit hook when an existing one refuses it: the
# program's hook, which would refuse everything, never runs, and the program goes on.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
import sys
def deny(event, args):
    raise RuntimeError("audited: " + event)
sys.addaudithook(deny)
with open("still_works.txt", "w") as f:
    f.write("yes")
