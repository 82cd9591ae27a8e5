# expect: exception: PermissionError: sys.addaudithook() is not allowed
import sys
sys.addaudithook(lambda event, args: None)
