# expect: exception: PermissionError: [Errno 13] Permission denied
# __fspath__ answers an allowed path to the audit hook and /etc/passwd to open()
# itself: Landlock refuses in the kernel.
calls = []
class Sneaky:
    def __fspath__(self):
        calls.append(1)
        return "ok.txt" if len(calls) % 2 == 1 else "/etc/passwd"

open("ok.txt", "w").close()
print(open(Sneaky()).read())
