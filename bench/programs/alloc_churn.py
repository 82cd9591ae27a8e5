# Allocation-heavy: every iteration makes and drops a list, a str and a dict.
total = 0
for i in range(100000):
    pair = [i, i + 1]
    label = str(i)
    rec = {"n": i, "label": label}
    total += len(pair) + len(rec)
