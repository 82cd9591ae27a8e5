# expect: finished
import threading
total = []
def work(n):
    total.append(sum(range(n)))
ts = [threading.Thread(target=work, args=(1000,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(total))
