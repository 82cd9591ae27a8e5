# expect: exception
# says: PermissionError: open(
# says: read_own_source.py') is not allowed in this sandbox
# Under strict the program's own folder is not readable either.
print(open(__file__).read())
