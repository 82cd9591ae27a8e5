# expect: time_limit
import signal
signal.pause()
