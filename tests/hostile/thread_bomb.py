# expect: exception
# says: RuntimeError: can't start new thread
# flags: --timeout 15 --max-memory 300
# Threads are allowed but bounded: each one's stack counts against the address-space
# limit. Stacks of 512 MB, past the 300 MB limit: the first thread is refused, whatever
# else the worker holds (how many smaller ones fit differs from machine to machine).
import threading, time
threading.stack_size(512 * 1024 * 1024)
threads = []
while True:
    t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
    t.start()
    threads.append(t)
