"""The ``heapscope`` command of the Python package (and ``python -m heapscope``): the same
command line as the cargo-built binary, whose programs run in this interpreter."""

import os
import signal
import sys


def main():
    from heapscope import _PACKAGE_DIR, _native

    # Ctrl+C ends the command as it ends the cargo-built one (Python would otherwise only
    # set a flag that the Rust code never looks at).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    argv = ["heapscope", *sys.argv[1:]]
    code = _native.main(argv, sys.executable, _PACKAGE_DIR)
    sys.stdout.flush()
    # Leave at once, as the binary does: nothing of this interpreter's shutdown is needed.
    os._exit(code)


if __name__ == "__main__":
    main()
