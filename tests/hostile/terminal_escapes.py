# expect: exception
# says: ValueError:
# says: H gone
# draw: yes
# Finding 10: terminal escape sequences in output, in a value, in an exception and on
# the error stream: a clipboard write (OSC 52), a window title, a screen clear. The
# trace keeps them as text; `run` (drawn here by `# draw: yes`) must show them escaped,
# and no note may hold them raw.
import sys
title = "\x1b]0;pwned\x07"
print("\x1b]52;c;cHduZWQ=\x07 and " + title)
sys.stderr.write("\x1b[2J\x1b[3J")
raise ValueError("\x1b[2J\x1b[H gone")
