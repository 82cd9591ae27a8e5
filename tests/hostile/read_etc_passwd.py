# expect: exception
# says: PermissionError: open('/etc/passwd') is not allowed in this sandbox
print(open("/etc/passwd").read())
