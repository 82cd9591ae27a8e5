# expect: exception: PermissionError: only files in the temporary folder
with open("/tmp/heapscope-hostile-pwned.txt", "w") as f:
    f.write("pwned")
