# expect: exception
# says: OSError: [Errno 24] Too many open files
files = []
for i in range(10000):
    files.append(open("f%d.txt" % i, "w"))
