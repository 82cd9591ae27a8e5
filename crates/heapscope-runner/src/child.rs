//! The worker process before Python starts: read the request, limit itself, and move the
//! event pipe off stdout so nothing the program writes to file descriptor 1 can corrupt
//! the trace.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd};

use heapscope_trace::wire::WorkerConfig;
use serde::{Deserialize, Serialize};

/// What the parent sends the worker on its stdin.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChildRequest {
    /// What to run and the tracer's caps.
    pub config: WorkerConfig,
    /// Address-space limit, bytes.
    pub max_memory: u64,
    /// CPU-time limit, seconds.
    pub cpu_seconds: u64,
    /// The sandbox the worker confines itself to.
    #[serde(default)]
    pub sandbox: crate::sandbox::SandboxRequest,
}

fn set_limit(resource: libc::__rlimit_resource_t, value: u64) {
    set_limits(resource, value, value);
}

fn set_limits(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) {
    let lim = libc::rlimit {
        rlim_cur: soft,
        rlim_max: hard,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    unsafe { libc::setrlimit(resource, &lim) };
}

/// Closes every descriptor but 0, 1, 2 and `keep` (the event pipe). Whatever started
/// heapscope (a shell's `7</etc/hostname`, a notebook, a process manager) may have left
/// descriptors open without close-on-exec, and Landlock does not cover files that are
/// already open: the program must not inherit them.
fn close_inherited(keep: i32) {
    let max = {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes the struct we pass.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
        if ok && lim.rlim_cur != libc::RLIM_INFINITY {
            lim.rlim_cur.min(1 << 20) as i32
        } else {
            1 << 16
        }
    };
    for (from, to) in [(3, keep - 1), (keep + 1, i32::MAX)] {
        if from > to {
            continue;
        }
        // SAFETY: close_range only closes this process's descriptors; no thread exists
        // yet that could be using one.
        let r = unsafe { libc::syscall(libc::SYS_close_range, from as u32, to as u32, 0u32) };
        if r != 0 {
            // Kernels before 5.9: close them one by one.
            for fd in from..to.min(max) {
                // SAFETY: as above; closing a descriptor that is not open is harmless.
                unsafe { libc::close(fd) };
            }
        }
    }
}

/// Reads the request from stdin, applies the limits to this process, and returns the
/// request and the event pipe (the original stdout). File descriptor 1 is pointed at
/// stderr, which the parent reads for crash messages.
pub fn prepare_child() -> std::io::Result<(ChildRequest, File)> {
    prepare_child_with(|_| {})
}

/// As [`prepare_child`], letting a worker that is already a running Python add what the
/// sandbox must leave readable (its installation and import folders) before it applies.
pub fn prepare_child_with(
    add: impl FnOnce(&mut crate::sandbox::SandboxRequest),
) -> std::io::Result<(ChildRequest, File)> {
    let mut raw = String::new();
    std::io::stdin().read_to_string(&mut raw)?;
    let mut req: ChildRequest = serde_json::from_str(&raw)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    add(&mut req.sandbox);
    // SAFETY: dup/dup2/open on our own descriptors; the new File owns the duplicate.
    let events = unsafe {
        let fd = libc::dup(1);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::dup2(2, 1);
        let devnull = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        if devnull >= 0 {
            libc::dup2(devnull, 0);
            libc::close(devnull);
        }
        File::from_raw_fd(fd)
    };
    close_inherited(events.as_raw_fd());
    set_limit(libc::RLIMIT_CORE, 0);
    if req.max_memory > 0 {
        set_limit(libc::RLIMIT_AS, req.max_memory);
    }
    if req.cpu_seconds > 0 {
        // The soft limit sends SIGXCPU (reported as the time limit); the hard one kills.
        set_limits(libc::RLIMIT_CPU, req.cpu_seconds, req.cpu_seconds + 1);
    }
    crate::sandbox::apply(&req.sandbox).map_err(std::io::Error::other)?;
    Ok((req, events))
}
