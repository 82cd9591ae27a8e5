# expect: finished
a = []
a.append(a)
d = {}
d["self"] = d
x = [1]
y = [x]
x.append(y)
print(a, d)
