# expect: exception
# says: PermissionError: open(
# says: read_own_source.py') is not allowed in this sandbox
# standard-expect: finished
# transcript: varies
# (it shows the path of the checkout, whose length moves where a line is cut.)
# Under strict the program's own folder is not readable either (under standard it is).
print(open(__file__).read())
