# expect: exception
# says: PermissionError: socket.socket() is not allowed in this sandbox
# 10.255.255.1 is an unroutable address; the sandbox refuses before any packet.
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("10.255.255.1", 80))
