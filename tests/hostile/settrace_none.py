# expect: finished
import sys
sys.settrace(None)
x = 1
y = x + 1
