# expect: exception: PermissionError
print(open("/proc/1/environ", "rb").read())
