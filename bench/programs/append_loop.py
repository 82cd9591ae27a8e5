# A list grown to 100,000 items with list.append.
items = []
for i in range(100000):
    items.append(i)
