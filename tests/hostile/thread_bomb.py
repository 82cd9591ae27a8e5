# expect: exception
# says: RuntimeError: can't start new thread
# flags: --timeout 15 --max-memory 300
# Threads are allowed but bounded: each one's stack counts against the address-space
# limit.
import threading, time
threads = []
while True:
    t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
    t.start()
    threads.append(t)
