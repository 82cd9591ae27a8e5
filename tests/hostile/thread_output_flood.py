# expect: output_limit
# transcript: varies
# (how much of the thread's output each step holds depends on scheduling.)
# A thread prints 2 MB while the main thread waits for it: a thread's output is
# recorded and counts toward the output limit (1 MB) like the main thread's.
import threading
def flood():
    for i in range(20000):
        print("x" * 100)
t = threading.Thread(target=flood)
t.start()
t.join()
print("after the flood")
