# expect: finished
import sys
sys.setprofile(lambda *a: None)
x = [1, 2, 3]
