# expect: exception
# says: PermissionError: [Errno 1] Operation not permitted
# A Unix socket to a service on the host (a container runtime's, say): the audit hook
# lets a Unix socket object through (socketpair needs it), seccomp refuses socket().
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("/run/docker.sock")
