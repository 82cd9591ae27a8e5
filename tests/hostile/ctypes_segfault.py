# expect: exception
# says: PermissionError: ctypes.dlopen() is not allowed in this sandbox
# standard-expect: crashed
# standard-says: killed by signal SIGSEGV
import ctypes
ctypes.string_at(0)
