# expect: exception
# says: PermissionError: open('/etc/shadow') is not allowed in this sandbox
import os
fd = os.open("/etc/shadow", os.O_RDONLY)
