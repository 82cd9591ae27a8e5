"""What the load runs (load_class.py, load_hostile.py) share: a free loopback port, a
process's resident memory, and a corpus program's text whatever its encoding."""
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    """Resident memory of a process in KiB, or None once it is gone."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def text(p):
    """A program's text: UTF-8, or Latin-1 for the hostile corpus's coding-cookie files."""
    b = Path(p).read_bytes()
    try:
        return b.decode()
    except UnicodeDecodeError:
        return b.decode("latin-1")
