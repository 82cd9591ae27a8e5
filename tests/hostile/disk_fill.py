# expect: exception
# says: OSError: [Errno 28] No space left on device
# Files under the 16 MB size limit, one after another: the private temporary folder
# (a tmpfs of 32 MB) fills up, the host's disk never sees them.
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
i = 0
while True:
    with open("fill%d.bin" % i, "wb") as f:
        f.write(b"x" * (8 << 20))
    i += 1
