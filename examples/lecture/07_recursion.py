# Slide: "Recursion and Stack Overflow"
#
# Each call of countdown adds a frame on top of the stack. Find the deepest step: eleven
# frames of countdown (counter 10 down to 0) sit on top of the Global frame. Then watch
# them return one by one, newest first (last in, first out).


def countdown(counter):
    if counter == 0:
        return "done"
    return countdown(counter - 1)


print(countdown(10))
