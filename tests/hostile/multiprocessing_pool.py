# expect: exception: PermissionError
import multiprocessing
p = multiprocessing.Process(target=print, args=("child",))
p.start()
