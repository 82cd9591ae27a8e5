//! Knowing when an object dies: a wrapper around CPython's object allocator (as
//! tracemalloc does) notes every freed address that might be one we gave an id to.
//!
//! The wrapper must be tiny and must never call back into Python or take a lock the
//! tracer could hold: it tests a bit in a lock-free filter of tracked addresses and, on a
//! hit, pushes the address on a list the tracer drains at the next step. False positives
//! are fine (the tracer checks its real map); no freed tracked address is ever missed,
//! which is what keeps ids from being reused when CPython reuses an address.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use pyo3::ffi;

const FILTER_BITS: usize = 1 << 22;
static FILTER: [AtomicU64; FILTER_BITS / 64] = [const { AtomicU64::new(0) }; FILTER_BITS / 64];
static FREED: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// Bytes requested from the object allocator so far (a running total, for memory charts).
static ALLOCATED_BYTES: AtomicUsize = AtomicUsize::new(0);

static mut ORIGINAL: ffi::PyMemAllocatorEx = ffi::PyMemAllocatorEx {
    ctx: std::ptr::null_mut(),
    malloc: None,
    calloc: None,
    realloc: None,
    free: None,
};

#[inline]
fn bit(addr: usize) -> (usize, u64) {
    // Objects are 16-byte aligned; mix the rest so neighbours spread over the filter.
    let h = (addr >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    let i = h % FILTER_BITS;
    (i / 64, 1u64 << (i % 64))
}

/// Marks an address as tracked.
pub(crate) fn track(addr: usize) {
    let (w, b) = bit(addr);
    FILTER[w].fetch_or(b, Ordering::Relaxed);
}

/// Takes the addresses freed since the last call (some may not be tracked).
pub(crate) fn take_freed() -> Vec<usize> {
    match FREED.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    }
}

/// Bytes requested from the object allocator so far (realloc growth not counted).
#[allow(dead_code)]
pub(crate) fn allocated_bytes() -> usize {
    ALLOCATED_BYTES.load(Ordering::Relaxed)
}

#[inline]
fn note_free(ptr: *mut std::ffi::c_void) {
    let addr = ptr as usize;
    let (w, b) = bit(addr);
    if FILTER[w].load(Ordering::Relaxed) & b != 0 {
        if let Ok(mut v) = FREED.lock() {
            v.push(addr);
        }
    }
}

extern "C" fn hook_malloc(_ctx: *mut std::ffi::c_void, size: usize) -> *mut std::ffi::c_void {
    ALLOCATED_BYTES.fetch_add(size, Ordering::Relaxed);
    // SAFETY: ORIGINAL is written once in `install`, before this hook can run.
    unsafe {
        let orig = &*std::ptr::addr_of!(ORIGINAL);
        (orig.malloc.unwrap_unchecked())(orig.ctx, size)
    }
}

extern "C" fn hook_calloc(
    _ctx: *mut std::ffi::c_void,
    n: usize,
    size: usize,
) -> *mut std::ffi::c_void {
    ALLOCATED_BYTES.fetch_add(n.saturating_mul(size), Ordering::Relaxed);
    // SAFETY: as in hook_malloc.
    unsafe {
        let orig = &*std::ptr::addr_of!(ORIGINAL);
        (orig.calloc.unwrap_unchecked())(orig.ctx, n, size)
    }
}

extern "C" fn hook_realloc(
    _ctx: *mut std::ffi::c_void,
    ptr: *mut std::ffi::c_void,
    size: usize,
) -> *mut std::ffi::c_void {
    // SAFETY: as in hook_malloc.
    let new = unsafe {
        let orig = &*std::ptr::addr_of!(ORIGINAL);
        (orig.realloc.unwrap_unchecked())(orig.ctx, ptr, size)
    };
    if !ptr.is_null() && new != ptr {
        // The object moved: to the tracer the old address is gone.
        note_free(ptr);
    }
    new
}

extern "C" fn hook_free(_ctx: *mut std::ffi::c_void, ptr: *mut std::ffi::c_void) {
    if !ptr.is_null() {
        note_free(ptr);
    }
    // SAFETY: as in hook_malloc.
    unsafe {
        let orig = &*std::ptr::addr_of!(ORIGINAL);
        (orig.free.unwrap_unchecked())(orig.ctx, ptr)
    }
}

/// Types whose instances die onto a free list (CPython keeps the memory for the next
/// object of the type), so the allocator never sees them go: their `tp_dealloc` is
/// wrapped to note the death first.
macro_rules! dealloc_hooks {
    ($($name:ident: $ty:ident),* $(,)?) => {
        $(
            #[allow(non_upper_case_globals)]
            static mut $name: Option<ffi::destructor> = None;
            #[allow(non_snake_case)]
            mod $name {
                use super::*;
                pub(super) extern "C" fn hook(op: *mut ffi::PyObject) {
                    note_free(op as *mut std::ffi::c_void);
                    // SAFETY: the original was saved before this hook was installed.
                    unsafe {
                        if let Some(orig) = *std::ptr::addr_of!($name) {
                            orig(op)
                        }
                    }
                }
            }
        )*
        /// Wraps the deallocators.
        ///
        /// # Safety
        /// Once, with the GIL held, before tracing.
        unsafe fn install_dealloc_hooks() {
            // SAFETY: the type objects are static and alive; the slot is replaced once
            // with a wrapper that calls the saved original.
            unsafe {
                $(
                    let t = std::ptr::addr_of_mut!(ffi::$ty);
                    *std::ptr::addr_of_mut!($name) = (*t).tp_dealloc;
                    (*t).tp_dealloc = Some($name::hook);
                )*
            }
        }
    };
}

dealloc_hooks! {
    LIST_DEALLOC: PyList_Type,
    DICT_DEALLOC: PyDict_Type,
    TUPLE_DEALLOC: PyTuple_Type,
    FLOAT_DEALLOC: PyFloat_Type,
}

/// Wraps the object-domain allocator and the free-list types' deallocators. Call once,
/// with the GIL, before tracing starts.
pub(crate) fn install() {
    // SAFETY: start-up, GIL held, before tracing.
    unsafe { install_dealloc_hooks() };
    // SAFETY: called once at start-up with the GIL held, before any hook can run;
    // PyMem_GetAllocator/SetAllocator are the documented way to chain allocators.
    unsafe {
        ffi::PyMem_GetAllocator(
            ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_OBJ,
            std::ptr::addr_of_mut!(ORIGINAL),
        );
        let mut ours = ffi::PyMemAllocatorEx {
            ctx: std::ptr::null_mut(),
            malloc: Some(hook_malloc),
            calloc: Some(hook_calloc),
            realloc: Some(hook_realloc),
            free: Some(hook_free),
        };
        ffi::PyMem_SetAllocator(ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_OBJ, &mut ours);
    }
}
