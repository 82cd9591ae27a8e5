# Slide: "The Stack"
#
# Watch the frame of `greet`: first it holds only the parameter `name`, then the local
# `message`, and at the return step its return value (None, since greet returns nothing).
# After that the frame is popped and the Global frame is the only one left.


def greet(name):
    message = "Hello, " + name
    print(message)


greet("Alice")
