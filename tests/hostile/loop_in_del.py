# expect: time_limit
# flags: --max-steps 100000000
class Stuck:
    def __del__(self):
        while True:
            pass

s = Stuck()
del s
print("never printed")
