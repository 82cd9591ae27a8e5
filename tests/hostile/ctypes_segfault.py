# expect: exception: PermissionError: ctypes
import ctypes
ctypes.string_at(0)
