# expect: exception: PermissionError: os.rename
import os
os.rename(input(), "stolen")
