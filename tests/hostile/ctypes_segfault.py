# expect: exception
# says: PermissionError: ctypes.dlopen() is not allowed in this sandbox
import ctypes
ctypes.string_at(0)
