# expect: exception
# says: PermissionError: socket.getaddrinfo() is not allowed in this sandbox (programs here have no network)
import socket
s = socket.create_connection(("127.0.0.1", 9), timeout=1)
