# expect: finished
# Turning off line events on its own frame would hide what runs next; heapscope keeps
# tracing the lines and notes that the program asked (crates/heapscope/tests/hostile.rs
# checks the steps and the note).
import sys
sys._getframe().f_trace_lines = False
hidden = 1
hidden = 2
