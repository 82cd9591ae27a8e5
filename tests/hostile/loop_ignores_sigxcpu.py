# expect: time_limit
# The program ignores SIGXCPU (the CPU soft limit): the hard limit or the watchdog
# still stops it.
import signal, itertools
signal.signal(signal.SIGXCPU, signal.SIG_IGN)
sum(itertools.count())
