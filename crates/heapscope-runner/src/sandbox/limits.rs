//! Resource limits beyond the time and memory ones every run has (see `child.rs`).
//!
//! No `RLIMIT_NPROC`: it counts every process of the user (the server's too) and root
//! ignores it, so "no new processes" is the seccomp filter's job.

/// Largest file the program may write, bytes. SIGXFSZ is ignored (embedded CPython does
/// not do it itself), so a bigger write fails with `OSError: [Errno 27] File too large`
/// instead of killing the worker.
pub(crate) const MAX_FILE_SIZE: u64 = 16 << 20;
/// Open files. Python needs about a dozen; a loop that leaks files stops here.
pub(crate) const MAX_OPEN_FILES: u64 = 64;

fn set(resource: libc::__rlimit_resource_t, value: u64) {
    let lim = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: setrlimit only reads the struct we pass. Lowering a limit cannot fail for
    // want of privilege; an error leaves the (higher) limit, and the other layers hold.
    unsafe { libc::setrlimit(resource, &lim) };
}

/// Lowers file size, open files, locked memory and message queues.
pub(crate) fn apply() {
    set(libc::RLIMIT_FSIZE, MAX_FILE_SIZE);
    set(libc::RLIMIT_NOFILE, MAX_OPEN_FILES);
    set(libc::RLIMIT_MEMLOCK, 0);
    set(libc::RLIMIT_MSGQUEUE, 0);
    // SAFETY: ignoring a signal installs no handler; the disposition survives Python's
    // start-up, which installs no handlers when embedded.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
}
