# expect: finished
# draw: yes
# Finding 6: a wide heap, 10,000 lists of 100 ints (a million objects). Deep sizes
# (--sizes, the server's sizes=1) are worked out over the heap the trace records (the
# items a picture shows); drawing every step of it with sizes took more than 5 minutes
# of CPU on the server. The test draws the
# trace with --sizes every way the command line can, within the run's limits (the
# server's own bound on sized heaps is tested in serve_limits.rs).
rows = [list(range(100)) for i in range(10000)]
for k in range(30):
    rows[k][0] = -k
