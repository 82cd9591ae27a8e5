# expect: exception
# says: PermissionError: [Errno 1] Operation not permitted
# transcript: varies
# (the descriptors it gets depend on what the test has open beside it.)
# Forks through _posixsubprocess, which raises no audit event: seccomp refuses the
# clone() without CLONE_THREAD.
import _posixsubprocess, os
r, w = os.pipe()
_posixsubprocess.fork_exec([b"/bin/true"], [b"/bin/true"], True, (w,), None, None,
                           -1, -1, -1, -1, -1, -1, r, w, True, False, -1,
                           None, None, None, -1, None, False)
