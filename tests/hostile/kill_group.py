# expect: exception: PermissionError
import os
os.killpg(0, 9)
