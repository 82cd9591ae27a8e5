# expect: exception
# says: PermissionError: os.fork() is not allowed in this sandbox
import multiprocessing
p = multiprocessing.Process(target=print, args=("child",))
p.start()
