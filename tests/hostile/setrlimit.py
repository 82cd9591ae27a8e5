# expect: exception
# says: PermissionError: resource.setrlimit() is not allowed
import resource
resource.setrlimit(resource.RLIMIT_CPU, (1000, 1000))
