# Slide: "Memory Allocation: The Trade-Off Between Speed and Flexibility"
#
# `a` and `b` are bound in one step each. Building `data` takes thousands of steps: the
# comprehension runs once per item. Jump over it with --step (see the README), then look at
# how heapscope draws a list of 10,000 items: the first and last ones and "… more …".


def compute():
    a = 10
    b = 20
    data = [i for i in range(10000)]
    return a + b + len(data)


result = compute()
print(result)
