# expect: time_limit
# Sleeping uses no CPU, so only the wall-clock watchdog can stop it.
import time
time.sleep(10 ** 6)
