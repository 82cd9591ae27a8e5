# expect: exception
# says: PermissionError: open(
# says: Cargo.toml') is not allowed in this sandbox
# transcript: varies
# (it shows the path of the checkout, whose length moves where a line is cut.)
# The project's own files (two folders up from this program).
import os
here = os.path.dirname(os.path.abspath(__file__))
print(open(os.path.join(here, "..", "..", "Cargo.toml")).read())
