# Python Tutor comparison: a list grown to 5,000 items (Python Tutor re-encodes the
# whole list at every step).
items = []
for i in range(5000):
    items.append(i)
