# expect: time_limit
# says: time limit reached
# draw: yes
# Finding 7: a __del__ that recurses deeply, run at interpreter exit (Python deletes the
# globals with the tracer still on). Each step is one frame deeper, so drawing the trace
# is steps x depth: the Python Tutor JSON of such a trace once grew to 8 GB. The worker
# stops at the time limit; `# draw: yes` makes the test also draw the trace (run, export,
# render --all, --format opt), each of which must stop at the run's limits.
import sys
sys.setrecursionlimit(1000000)

class Deep:
    def __del__(self):
        def down(n):
            return 0 if n == 0 else down(n - 1)
        while True:
            down(200000)

keep = Deep()
print("the program's own code is done; __del__ runs at exit")
