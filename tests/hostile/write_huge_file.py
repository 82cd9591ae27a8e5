# expect: exception
# says: OSError: [Errno 27] File too large
import os as _os, tempfile as _tempfile
_os.chdir(_tempfile.gettempdir())  # the working folder under strict; under standard it is this folder
with open("big.bin", "wb") as f:
    for i in range(100):
        f.write(b"x" * (1 << 20))
