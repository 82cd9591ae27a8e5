# expect: time_limit
# flags: --max-steps 100000000
# An endless loop in Python code: stopped at the time limit, trace kept.
n = 0
while True:
    n += 1
