# expect: exception
# says: PermissionError: open('/tmp/heapscope-hostile-pwned.txt', 'w') is not allowed in this sandbox
# says: only files in the temporary folder
with open("/tmp/heapscope-hostile-pwned.txt", "w") as f:
    f.write("pwned")
