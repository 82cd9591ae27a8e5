//! Counting numpy's array buffers. numpy allocates them outside CPython's allocators, so
//! the object-allocator hooks never see them; NEP 49 lets a program install an allocator
//! handler (`PyDataMem_SetHandler`), a capsule of malloc/calloc/realloc/free functions that
//! numpy calls for every buffer from then on in that context. Ours wraps the handler that
//! was current (numpy's default) and keeps each live buffer's size.
//!
//! The handler is installed from the trace hook, in the program's own context, the first
//! step after the program imported numpy (never importing it for the program). An array
//! keeps the handler that allocated it, so buffers made before are freed by the default
//! handler and never counted either way. Buffers made in another `contextvars` context
//! (an asyncio task started before the import) are not seen.

use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use pyo3::ffi;

use super::Api;

/// `PyDataMemAllocator` (numpy/ndarraytypes.h).
#[repr(C)]
#[derive(Clone, Copy)]
struct Allocator {
    ctx: *mut c_void,
    malloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
    calloc: Option<unsafe extern "C" fn(*mut c_void, usize, usize) -> *mut c_void>,
    realloc: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> *mut c_void>,
    free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize)>,
}

/// `PyDataMem_Handler` (version 1).
#[repr(C)]
struct Handler {
    name: [c_char; 127],
    version: u8,
    allocator: Allocator,
}

/// The handler that was current when ours went in: every call is passed on to it.
static mut INNER: Option<Allocator> = None;
static mut OURS: Handler = Handler {
    name: [0; 127],
    version: 1,
    allocator: Allocator {
        ctx: std::ptr::null_mut(),
        malloc: Some(our_malloc),
        calloc: Some(our_calloc),
        realloc: Some(our_realloc),
        free: Some(our_free),
    },
};
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Live buffers and their sizes. numpy may allocate without the GIL (inside loops that
/// released it), so this is behind a lock rather than the GIL.
static SIZES: Mutex<Option<rustc_hash::FxHashMap<usize, usize>>> = Mutex::new(None);
static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE_BLOCKS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED: AtomicU64 = AtomicU64::new(0);

/// The array buffers' figures: live bytes, live buffers, bytes allocated so far.
pub(crate) fn figures() -> (u64, u64, u64) {
    (
        LIVE_BYTES.load(Ordering::Relaxed),
        LIVE_BLOCKS.load(Ordering::Relaxed),
        ALLOCATED.load(Ordering::Relaxed),
    )
}

/// True once the handler is in place.
pub(crate) fn installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

fn noted(p: *mut c_void, size: usize) {
    if p.is_null() {
        return;
    }
    if let Ok(mut g) = SIZES.lock() {
        g.get_or_insert_with(Default::default)
            .insert(p as usize, size);
    }
    LIVE_BYTES.fetch_add(size as u64, Ordering::Relaxed);
    LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
    ALLOCATED.fetch_add(size as u64, Ordering::Relaxed);
}

fn released(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    let size = SIZES
        .lock()
        .ok()
        .and_then(|mut g| g.as_mut().and_then(|m| m.remove(&(p as usize))));
    if let Some(size) = size {
        LIVE_BYTES.fetch_sub(size as u64, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The wrapped handler's functions.
///
/// # Safety
/// Only after `install` set it (numpy calls ours only once installed).
unsafe fn inner() -> Allocator {
    // SAFETY: written once, before our handler is handed to numpy.
    unsafe { (*std::ptr::addr_of!(INNER)).unwrap_unchecked() }
}

/// numpy's `malloc` through our handler: the inner handler's, with the block counted.
///
/// # Safety
/// Called by numpy per its allocator contract, after [`INNER`] was set.
unsafe extern "C" fn our_malloc(_: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: numpy's allocator contract; the inner handler's functions are all set.
    let p = unsafe {
        let a = inner();
        (a.malloc.unwrap_unchecked())(a.ctx, size)
    };
    noted(p, size);
    p
}

/// numpy's `calloc` through our handler.
///
/// # Safety
/// As for [`our_malloc`].
unsafe extern "C" fn our_calloc(_: *mut c_void, n: usize, size: usize) -> *mut c_void {
    // SAFETY: as in our_malloc.
    let p = unsafe {
        let a = inner();
        (a.calloc.unwrap_unchecked())(a.ctx, n, size)
    };
    noted(p, n.saturating_mul(size));
    p
}

/// numpy's `realloc` through our handler.
///
/// # Safety
/// As for [`our_malloc`]; `ptr` null or a block this handler gave.
unsafe extern "C" fn our_realloc(_: *mut c_void, ptr: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: as in our_malloc.
    let p = unsafe {
        let a = inner();
        (a.realloc.unwrap_unchecked())(a.ctx, ptr, size)
    };
    if !p.is_null() {
        released(ptr);
        noted(p, size);
    }
    p
}

/// numpy's `free` through our handler.
///
/// # Safety
/// As for [`our_malloc`]; `ptr` null or a block this handler gave.
unsafe extern "C" fn our_free(_: *mut c_void, ptr: *mut c_void, size: usize) {
    released(ptr);
    // SAFETY: as in our_malloc.
    unsafe {
        let a = inner();
        (a.free.unwrap_unchecked())(a.ctx, ptr, size)
    }
}

/// Installs the counting handler in the current context, once. Returns false when this
/// numpy has no handler API (before 1.22) or refused it.
///
/// # Safety
/// GIL held, called from the program's own thread and context (the trace hook).
pub(crate) unsafe fn install(api: &Api) -> bool {
    if installed() {
        return true;
    }
    const NPY_1_22_API_VERSION: u32 = 0xf;
    const SET_HANDLER: usize = 304;
    const GET_HANDLER: usize = 305;
    if api.feature < NPY_1_22_API_VERSION {
        return false;
    }
    // SAFETY: entries 304/305 are PyDataMem_GetHandler/SetHandler from feature 0xf on.
    let (get, set) = unsafe {
        let get: unsafe extern "C" fn() -> *mut ffi::PyObject =
            std::mem::transmute(api.entry(GET_HANDLER));
        let set: unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject =
            std::mem::transmute(api.entry(SET_HANDLER));
        (get, set)
    };
    // SAFETY: the current handler is a "mem_handler" capsule holding a PyDataMem_Handler
    // that numpy keeps alive (we keep our reference to it for the whole run); its
    // allocator is copied once, before ours is handed to numpy.
    unsafe {
        let current = get();
        if current.is_null() {
            ffi::PyErr_Clear();
            return false;
        }
        let h = ffi::PyCapsule_GetPointer(current, c"mem_handler".as_ptr()) as *const Handler;
        if h.is_null() || (*h).version != 1 {
            ffi::PyErr_Clear();
            ffi::Py_DECREF(current);
            return false;
        }
        *std::ptr::addr_of_mut!(INNER) = Some((*h).allocator);
    }
    let ours = std::ptr::addr_of_mut!(OURS);
    for (i, &b) in b"heapscope".iter().enumerate() {
        // SAFETY: our static handler, not yet handed to numpy; the name fits its array.
        unsafe { (*ours).name[i] = b as c_char };
    }
    // SAFETY: ours is a static that outlives every array; the capsule numpy keeps holds a
    // reference of its own, so ours is given back.
    unsafe {
        let cap = ffi::PyCapsule_New(ours as *mut c_void, c"mem_handler".as_ptr(), None);
        if cap.is_null() {
            ffi::PyErr_Clear();
            return false;
        }
        let old = set(cap);
        ffi::Py_DECREF(cap);
        if old.is_null() {
            ffi::PyErr_Clear();
            return false;
        }
        ffi::Py_DECREF(old);
    }
    INSTALLED.store(true, Ordering::Relaxed);
    true
}
