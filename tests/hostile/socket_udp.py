# expect: exception
# says: PermissionError: socket.socket() is not allowed in this sandbox
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"x", ("127.0.0.1", 9))
