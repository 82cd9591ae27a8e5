# expect: exception
# says: PermissionError: [Errno 1] Operation not permitted
# A memfd is memory outside the address-space limit and the temporary folder's size
# (320 MB with --max-memory 100): the seccomp filter refuses memfd_create.
import os
fds = []
for i in range(100):
    fd = os.memfd_create(f"hoard{i}")
    os.ftruncate(fd, 64 << 20)
    os.write(fd, b"x" * (1 << 20))
    fds.append(fd)
