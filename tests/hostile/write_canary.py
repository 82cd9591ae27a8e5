# expect: exception
# says: PermissionError: open(
# says: canary.txt', 'w') is not allowed in this sandbox
# The test gives the path of a canary file as the first input line.
canary = input()
with open(canary, "w") as f:
    f.write("pwned")
