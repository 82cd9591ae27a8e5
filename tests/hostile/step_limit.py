# expect: step_limit
# flags: --max-steps 1000
x = 0
while True:
    x = x + 1
