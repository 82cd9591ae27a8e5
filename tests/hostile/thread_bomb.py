# expect: exception
# says: RuntimeError: can't start new thread
# flags: --timeout 15 --max-memory 300
# Threads are allowed but bounded: each one's stack counts against the address-space
# limit. Stacks of 128 MB, so that the second thread reaches it (whatever else the
# worker holds, within 100 MB or so).
import threading, time
threading.stack_size(128 * 1024 * 1024)
threads = []
while True:
    t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
    t.start()
    threads.append(t)
