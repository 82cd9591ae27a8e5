# The lecture's worked example as a developer meets it: a recursive function processes
# records and keeps every result in a global list. After the run, every dict parse()
# made is still alive, held by `results`: `heapscope leaks` shows each one's path.
# The fix (see 12_worked_example.py): a loop or a generator, and results.clear() once
# the totals are known.

results = []


def parse(line):
    name, score = line.split(",")
    return {"name": name, "score": int(score) * 1000}


def process_recursive(lines, i):
    if i == len(lines):
        return
    record = parse(lines[i])
    results.append(record)
    process_recursive(lines, i + 1)


lines = ["ada,3", "bob,1", "cy,4", "dee,1", "eve,5", "fay,9"]
process_recursive(lines, 0)
print(len(results), "records kept")
