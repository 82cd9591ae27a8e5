# expect: exception
# says: PermissionError: os.rename(
# says: is not allowed in this sandbox
import os
os.rename(input(), "stolen")
