# expect: finished
# transcript: varies
# (it shows its run folder, whose name's length moves where a line is cut.)
# The temporary folder (also the working folder under strict) is writable.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
import os, tempfile
with open("notes.txt", "w") as f:
    f.write("hello")
with tempfile.NamedTemporaryFile("w", delete=False) as t:
    t.write("there")
os.mkdir("sub")
os.rename("notes.txt", "sub/notes.txt")
print(open("sub/notes.txt").read(), open(t.name).read())
