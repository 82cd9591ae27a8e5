# expect: time_limit
import sys
sys.set_int_max_str_digits(0)
s = str(10 ** 30000000)
