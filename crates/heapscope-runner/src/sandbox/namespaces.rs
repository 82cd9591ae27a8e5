//! New user, mount, network, IPC and UTS namespaces: the worker's network has only a
//! loopback interface that is down (no packet can leave, not even to 127.0.0.1 of the
//! host), its System V IPC and host name are its own, and its temporary folder becomes a
//! private tmpfs with a size limit (nothing the program writes reaches the host's disk,
//! and it all vanishes with the process).
//!
//! No pid namespace: `unshare(CLONE_NEWPID)` only moves later children, and once it is
//! done the kernel refuses `clone(CLONE_THREAD)` (EINVAL), which would stop the trace's
//! writer thread and every Python thread. The worker makes no children (seccomp), and
//! Landlock's signal scope keeps it from signalling anyone else.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Size and file count of the private temporary folder.
const TMPFS_OPTIONS: &std::ffi::CStr = c"size=32m,nr_inodes=4096,mode=0700";

/// Enters the namespaces it can and mounts the private tmpfs on `workspace`; returns the
/// names of what took effect. Must run single-threaded, before the worker enters the
/// workspace (a working folder entered before the mount would stay on the disk below).
pub(crate) fn enter(workspace: Option<&Path>) -> Vec<&'static str> {
    let mut done = unshare();
    if done.contains(&"mount") {
        if let Some(ws) = workspace {
            if private_tmpfs(ws) {
                done.push("tmpfs");
            }
        }
    }
    done
}

/// Makes every mount private to this namespace (so nothing propagates to the host), then
/// mounts a tmpfs over the workspace.
fn private_tmpfs(ws: &Path) -> bool {
    let Ok(target) = CString::new(ws.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: mount with valid C strings; it changes only this process's mount namespace.
    unsafe {
        let none = std::ptr::null();
        if libc::mount(
            none,
            c"/".as_ptr(),
            none,
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ) != 0
        {
            return false;
        }
        let flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
        libc::mount(
            c"tmpfs".as_ptr(),
            target.as_ptr(),
            c"tmpfs".as_ptr(),
            flags,
            TMPFS_OPTIONS.as_ptr().cast(),
        ) == 0
    }
}

fn unshare() -> Vec<&'static str> {
    let uid = own_ids();
    let others = libc::CLONE_NEWNS | libc::CLONE_NEWNET | libc::CLONE_NEWIPC | libc::CLONE_NEWUTS;
    // SAFETY: unshare changes only this process's namespaces; no other thread exists.
    if unsafe { libc::unshare(libc::CLONE_NEWUSER | others) } == 0 {
        // Map our own ids to themselves, so the program sees who it is; setgroups must be
        // denied before an unprivileged gid map is accepted.
        let _ = std::fs::write("/proc/self/setgroups", "deny");
        let _ = std::fs::write("/proc/self/uid_map", format!("{} {} 1", uid.0, uid.0));
        let _ = std::fs::write("/proc/self/gid_map", format!("{} {} 1", uid.1, uid.1));
        return vec!["user", "mount", "net", "ipc", "uts"];
    }
    // Without user namespaces a privileged worker can still leave the host's network.
    // SAFETY: as above.
    if unsafe { libc::unshare(others) } == 0 {
        return vec!["mount", "net", "ipc", "uts"];
    }
    Vec::new()
}

/// Drops every capability: those the user namespace just gave (they would reach kernel
/// code such as network configuration that exists only for namespace owners) and, for a
/// worker started as root, root's own. Returns whether the kernel agreed. The process
/// keeps its uid; `no_new_privs` and the ban on `execve` keep it from regaining any.
pub(crate) fn drop_capabilities() -> bool {
    // The bounding and ambient sets first: dropping from the bounding set needs
    // CAP_SETPCAP, which the capset below removes.
    for cap in 0..64 {
        // SAFETY: prctl with integer arguments; an unknown capability fails harmlessly.
        if unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0) } != 0 {
            break;
        }
    }
    // SAFETY: as above.
    unsafe {
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        )
    };
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let header = Header {
        version: 0x2008_0522,
        pid: 0,
    }; // _LINUX_CAPABILITY_VERSION_3
    let data = [Data {
        effective: 0,
        permitted: 0,
        inheritable: 0,
    }; 2];
    // SAFETY: the header and the two data words are the kernel's v3 layout and live
    // across the call.
    unsafe { libc::syscall(libc::SYS_capset, &header as *const Header, data.as_ptr()) == 0 }
}

fn own_ids() -> (u32, u32) {
    // SAFETY: getuid and getgid cannot fail.
    unsafe { (libc::getuid(), libc::getgid()) }
}
