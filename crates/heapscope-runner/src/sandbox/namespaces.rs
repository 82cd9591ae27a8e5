//! New user, network, IPC and UTS namespaces: the worker's network has only a loopback
//! interface that is down (no packet can leave, not even to 127.0.0.1 of the host), its
//! System V IPC and host name are its own.
//!
//! No pid namespace: `unshare(CLONE_NEWPID)` only moves later children, and once it is
//! done the kernel refuses `clone(CLONE_THREAD)` (EINVAL), which would stop the trace's
//! writer thread and every Python thread. The worker makes no children (seccomp), and
//! Landlock's signal scope keeps it from signalling anyone else.

/// Enters the namespaces it can; returns their names. Must run single-threaded.
pub(crate) fn enter() -> Vec<&'static str> {
    let uid = own_ids();
    let others = libc::CLONE_NEWNET | libc::CLONE_NEWIPC | libc::CLONE_NEWUTS;
    // SAFETY: unshare changes only this process's namespaces; no other thread exists.
    if unsafe { libc::unshare(libc::CLONE_NEWUSER | others) } == 0 {
        // Map our own ids to themselves, so the program sees who it is; setgroups must be
        // denied before an unprivileged gid map is accepted.
        let _ = std::fs::write("/proc/self/setgroups", "deny");
        let _ = std::fs::write("/proc/self/uid_map", format!("{} {} 1", uid.0, uid.0));
        let _ = std::fs::write("/proc/self/gid_map", format!("{} {} 1", uid.1, uid.1));
        return vec!["user", "net", "ipc", "uts"];
    }
    // Without user namespaces a privileged worker can still leave the host's network.
    // SAFETY: as above.
    if unsafe { libc::unshare(others) } == 0 {
        return vec!["net", "ipc", "uts"];
    }
    Vec::new()
}

fn own_ids() -> (u32, u32) {
    // SAFETY: getuid and getgid cannot fail.
    unsafe { (libc::getuid(), libc::getgid()) }
}
