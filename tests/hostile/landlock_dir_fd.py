# expect: exception
# says: PermissionError: [Errno 13] Permission denied
# transcript: varies
# (the descriptors it gets depend on what the test has open beside it.)
# The audit hook resolves a relative path against the working folder, but os.open's
# dir_fd makes the kernel resolve it against another folder: here the path looks like
# it stays in the temporary folder and really names /etc/passwd. Landlock, which
# checks the file the kernel actually opens, refuses.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
import os
os.makedirs("a/b/c/d/e/f/g/h")
os.chdir("a/b/c/d/e/f/g/h")
usr = os.open("/usr/lib", os.O_RDONLY | os.O_DIRECTORY)
fd = os.open("../../../../../../etc/passwd", os.O_RDONLY, dir_fd=usr)
print(os.read(fd, 100))
