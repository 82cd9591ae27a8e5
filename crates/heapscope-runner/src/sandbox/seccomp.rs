//! A seccomp filter: no new processes (threads stay allowed), no program execution, no
//! sockets, no signals to, limits on or scheduling of other processes, no `memfd`, no
//! leaving the process group, and none of the kernel's administrative or debugging calls. A refused call fails with EPERM, which
//! Python raises as `PermissionError`; the rest of the process goes on.
//!
//! Threads: CPython and the trace's writer thread are made with `clone(CLONE_THREAD)`,
//! which is allowed. `clone3` hides its flags in memory a filter cannot read, so it fails
//! with ENOSYS and glibc falls back to `clone`.

use std::io;

#[cfg(target_arch = "x86_64")]
const ARCH: u32 = 0xC000_003E; // AUDIT_ARCH_X86_64

const RET_ALLOW: u32 = 0x7fff_0000;
const RET_KILL_PROCESS: u32 = 0x8000_0000;
const RET_ERRNO: u32 = 0x0005_0000;

const LD_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JEQ: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JGE: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JSET: u16 = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RET: u16 = 0x06; // BPF_RET | BPF_K

/// Offsets in `struct seccomp_data`.
const NR: u32 = 0;
const ARCH_OFF: u32 = 4;
const ARG0_LOW: u32 = 16;
const ARG1_LOW: u32 = 24;

fn op(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// System calls refused outright.
#[cfg(target_arch = "x86_64")]
const DENY: &[libc::c_long] = &[
    // New processes and programs.
    libc::SYS_fork,
    libc::SYS_vfork,
    libc::SYS_execve,
    libc::SYS_execveat,
    // The network (and local sockets to host services). `socketpair` stays: it makes
    // two connected sockets of this process only (asyncio's event loop needs them).
    libc::SYS_socket,
    libc::SYS_connect,
    libc::SYS_bind,
    libc::SYS_listen,
    libc::SYS_accept,
    libc::SYS_accept4,
    // Other processes.
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_kcmp,
    libc::SYS_tkill,
    libc::SYS_pidfd_open,
    libc::SYS_pidfd_send_signal,
    libc::SYS_pidfd_getfd,
    // Leaving the process group the parent kills on time-out.
    libc::SYS_setsid,
    libc::SYS_setpgid,
    // Namespaces and mounts.
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_open_tree,
    libc::SYS_move_mount,
    libc::SYS_fsopen,
    libc::SYS_fsconfig,
    libc::SYS_fsmount,
    libc::SYS_fspick,
    libc::SYS_mount_setattr,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_mknod,
    libc::SYS_mknodat,
    // The kernel itself.
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_userfaultfd,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_acct,
    libc::SYS_quotactl,
    libc::SYS_syslog,
    libc::SYS_fanotify_init,
    libc::SYS_uselib,
    libc::SYS_personality,
    // Memory outside the address-space limit and the temporary folder's size: a memfd
    // is a file in no file system, counted by neither.
    libc::SYS_memfd_create,
    libc::SYS_memfd_secret,
];

/// Calls whose first argument names a process: allowed on this process only (0 or its
/// own pid). Without a pid namespace the other processes of the same user are in reach
/// otherwise: `prlimit` on the parent lowers a server's CPU limit, `sched_setaffinity`
/// pins another process to one core.
#[cfg(target_arch = "x86_64")]
const SELF_ONLY: &[libc::c_long] = &[
    libc::SYS_prlimit64,
    libc::SYS_sched_setaffinity,
    libc::SYS_sched_getaffinity,
    libc::SYS_sched_setscheduler,
    libc::SYS_sched_getscheduler,
    libc::SYS_sched_setparam,
    libc::SYS_sched_getparam,
    libc::SYS_sched_setattr,
    libc::SYS_sched_getattr,
    libc::SYS_sched_rr_get_interval,
    libc::SYS_migrate_pages,
    libc::SYS_move_pages,
    libc::SYS_get_robust_list,
];

/// Calls whose first two arguments are "which" and "who" (`setpriority`, `ioprio_set`):
/// allowed only with "which" naming a single process and "who" this one; a user or a
/// process group would reach other processes.
#[cfg(target_arch = "x86_64")]
const WHICH_WHO_SELF_ONLY: &[(libc::c_long, u32)] = &[
    (libc::SYS_setpriority, 0), // PRIO_PROCESS
    (libc::SYS_getpriority, 0),
    (libc::SYS_ioprio_set, 1), // IOPRIO_WHO_PROCESS
    (libc::SYS_ioprio_get, 1),
];

/// Calls that may signal only this process (their first argument is a process id).
#[cfg(target_arch = "x86_64")]
const OWN_PID_ONLY: &[libc::c_long] = &[
    libc::SYS_kill,
    libc::SYS_tgkill,
    libc::SYS_rt_sigqueueinfo,
    libc::SYS_rt_tgsigqueueinfo,
];

#[cfg(target_arch = "x86_64")]
pub(crate) fn program() -> Vec<libc::sock_filter> {
    let eperm = RET_ERRNO | libc::EPERM as u32;
    // SAFETY: getpid cannot fail. There is no pid namespace (see namespaces.rs), so this
    // is the id the program's os.getpid() returns too.
    let pid = unsafe { libc::getpid() } as u32;
    let mut p = vec![
        op(LD_ABS, 0, 0, ARCH_OFF),
        op(JEQ, 1, 0, ARCH),
        op(RET, 0, 0, RET_KILL_PROCESS),
        // x32 system calls (numbers with bit 30 set) would bypass the list below.
        op(LD_ABS, 0, 0, NR),
        op(JGE, 0, 1, 0x4000_0000),
        op(RET, 0, 0, eperm),
    ];
    for &nr in DENY {
        p.push(op(JEQ, 0, 1, nr as u32));
        p.push(op(RET, 0, 0, eperm));
    }
    p.push(op(JEQ, 0, 1, libc::SYS_clone3 as u32));
    p.push(op(RET, 0, 0, RET_ERRNO | libc::ENOSYS as u32));
    // clone: only threads, and no new namespaces with them.
    let namespaces = (libc::CLONE_NEWNS
        | libc::CLONE_NEWUTS
        | libc::CLONE_NEWIPC
        | libc::CLONE_NEWUSER
        | libc::CLONE_NEWPID
        | libc::CLONE_NEWNET
        | libc::CLONE_NEWCGROUP) as u32;
    p.extend([
        op(JEQ, 0, 5, libc::SYS_clone as u32),
        op(LD_ABS, 0, 0, ARG0_LOW),
        op(JSET, 2, 0, namespaces),
        op(JSET, 0, 1, libc::CLONE_THREAD as u32),
        op(RET, 0, 0, RET_ALLOW),
        op(RET, 0, 0, eperm),
    ]);
    for &nr in OWN_PID_ONLY {
        p.extend([
            op(LD_ABS, 0, 0, NR),
            op(JEQ, 0, 4, nr as u32),
            op(LD_ABS, 0, 0, ARG0_LOW),
            op(JEQ, 0, 1, pid),
            op(RET, 0, 0, RET_ALLOW),
            op(RET, 0, 0, eperm),
        ]);
    }
    for &nr in SELF_ONLY {
        p.extend([
            op(LD_ABS, 0, 0, NR),
            op(JEQ, 0, 5, nr as u32),
            op(LD_ABS, 0, 0, ARG0_LOW),
            op(JEQ, 2, 0, 0),
            op(JEQ, 1, 0, pid),
            op(RET, 0, 0, eperm),
            op(RET, 0, 0, RET_ALLOW),
        ]);
    }
    for &(nr, which) in WHICH_WHO_SELF_ONLY {
        p.extend([
            op(LD_ABS, 0, 0, NR),
            op(JEQ, 0, 7, nr as u32),
            op(LD_ABS, 0, 0, ARG0_LOW),
            op(JEQ, 0, 3, which),
            op(LD_ABS, 0, 0, ARG1_LOW),
            op(JEQ, 2, 0, 0),
            op(JEQ, 1, 0, pid),
            op(RET, 0, 0, eperm),
            op(RET, 0, 0, RET_ALLOW),
        ]);
    }
    p.push(op(RET, 0, 0, RET_ALLOW));
    p
}

/// Installs the filter on this process (inherited by every thread made later).
#[cfg(target_arch = "x86_64")]
pub(crate) fn install() -> io::Result<()> {
    let mut p = program();
    let prog = libc::sock_fprog {
        len: p.len() as u16,
        filter: p.as_mut_ptr(),
    };
    // SAFETY: prctl with constant arguments; needed to install a filter unprivileged.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: prog points to a valid filter that lives across the call (the kernel copies it).
    let r = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            libc::SECCOMP_FILTER_FLAG_TSYNC,
            &prog as *const libc::sock_fprog,
        )
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Other architectures: the system call numbers differ; not written yet.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn install() -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "the seccomp filter is only written for x86_64",
    ))
}
