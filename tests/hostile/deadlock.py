# expect: time_limit
import threading
lock = threading.Lock()
lock.acquire()
lock.acquire()
