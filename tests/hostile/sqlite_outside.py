# expect: exception
# says: PermissionError: sqlite3.connect('/tmp/heapscope-hostile-pwned.txt') is not allowed in this sandbox
# SQLite opens its file from C code; the audit hook checks sqlite3.connect itself.
import sqlite3
db = sqlite3.connect(":memory:")
db.execute("create table t (x)")
db2 = sqlite3.connect("/tmp/heapscope-hostile-pwned.txt")
