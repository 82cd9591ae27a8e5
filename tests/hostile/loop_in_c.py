# expect: time_limit
# An endless loop inside C code (no trace events at all): the CPU limit or the
# parent's watchdog stops it.
import itertools
sum(itertools.count())
