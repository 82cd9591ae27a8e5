# expect: exception
# says: PermissionError: sqlite3.connect('file:/tmp/heapscope-hostile-pwned.txt?mode=rwc') is not allowed in this sandbox
# An SQLite URI names its file after "file:": the relative-looking name must not pass
# as a file in the working folder.
import os, sqlite3, tempfile
os.chdir(tempfile.gettempdir())
db = sqlite3.connect("file:/tmp/heapscope-hostile-pwned.txt?mode=rwc", uri=True)
db.execute("create table t (x)")
db.commit()
