# expect: time_limit
# flags: --max-steps 100000000
def forever():
    while True:
        yield 1

for x in forever():
    pass
