//! Knowing when an object dies, and how much the heap holds: wrappers around CPython's
//! object and memory allocators (as tracemalloc does) note every freed address that might
//! be one we gave an id to, and keep the size of every live block.
//!
//! The wrapper must be tiny and must never call back into Python or take a lock the
//! tracer could hold: it tests a bit in a lock-free filter of tracked addresses and, on a
//! hit, pushes the address on a list the tracer drains at the next step. False positives
//! are fine (the tracer checks its real map); no freed tracked address is ever missed,
//! which is what keeps ids from being reused when CPython reuses an address.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use pyo3::ffi;

const FILTER_BITS: usize = 1 << 22;
static FILTER: [AtomicU64; FILTER_BITS / 64] = [const { AtomicU64::new(0) }; FILTER_BITS / 64];
static FREED: Mutex<Vec<(usize, bool)>> = Mutex::new(Vec::new());
/// Set while the cycle collector runs (from a `gc.callbacks` entry): what is freed then,
/// the collector freed.
static COLLECTING: AtomicBool = AtomicBool::new(false);
/// Set while the tracer itself works: its own allocations are not the program's.
static TRACER_BUSY: AtomicBool = AtomicBool::new(false);

/// Notes that the cycle collector starts (`true`) or stops (`false`).
pub(crate) fn set_collecting(on: bool) {
    COLLECTING.store(on, Ordering::Relaxed);
}

/// Notes that the tracer starts (`true`) or stops (`false`) working: bytes it asks for
/// are not counted as allocated by the program's line.
pub(crate) fn set_tracer_busy(on: bool) {
    TRACER_BUSY.store(on, Ordering::Relaxed);
}
/// Bytes requested from the object and memory allocators so far (never goes down).
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

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

/// Takes the addresses freed since the last call (some may not be tracked), each with
/// whether the cycle collector was running.
pub(crate) fn take_freed() -> Vec<(usize, bool)> {
    match FREED.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    }
}

#[inline]
fn note_free(ptr: *mut std::ffi::c_void) {
    let addr = ptr as usize;
    let (w, b) = bit(addr);
    if FILTER[w].load(Ordering::Relaxed) & b != 0 {
        if let Ok(mut v) = FREED.lock() {
            v.push((addr, COLLECTING.load(Ordering::Relaxed)));
        }
    }
}

/// The allocators we wrap, one per domain; each hook gets its domain's as `ctx`.
static mut ORIGINAL_OBJ: ffi::PyMemAllocatorEx = EMPTY;
static mut ORIGINAL_MEM: ffi::PyMemAllocatorEx = EMPTY;
const EMPTY: ffi::PyMemAllocatorEx =
    ffi::PyMemAllocatorEx { ctx: std::ptr::null_mut(), malloc: None, calloc: None, realloc: None, free: None };

/// Live blocks and their sizes (as tracemalloc keeps them): the allocator does not say how
/// big a block is when it is freed. Only touched by the hooks, which CPython calls with the
/// GIL held (the object and memory domains require it), so never concurrently.
static mut SIZES: Option<rustc_hash::FxHashMap<usize, usize>> = None;
static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE_BLOCKS: AtomicU64 = AtomicU64::new(0);

/// The program's heap as the allocators see it: live bytes, live blocks, bytes requested
/// so far (of blocks allocated since tracing started).
pub(crate) fn memory() -> heapscope_trace::Memory {
    heapscope_trace::Memory {
        live_bytes: LIVE_BYTES.load(Ordering::Relaxed),
        live_blocks: LIVE_BLOCKS.load(Ordering::Relaxed),
        allocated_bytes: ALLOCATED_BYTES.load(Ordering::Relaxed),
    }
}

#[inline]
fn note_alloc(ptr: *mut std::ffi::c_void, size: usize) {
    if ptr.is_null() {
        return;
    }
    if !TRACER_BUSY.load(Ordering::Relaxed) {
        ALLOCATED_BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
    LIVE_BYTES.fetch_add(size as u64, Ordering::Relaxed);
    LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
    // SAFETY: see SIZES (GIL held; the map uses the system allocator, not these hooks).
    if let Some(m) = unsafe { (*std::ptr::addr_of_mut!(SIZES)).as_mut() } {
        m.insert(ptr as usize, size);
    }
}

#[inline]
fn note_release(ptr: *mut std::ffi::c_void) {
    // SAFETY: as in note_alloc.
    if let Some(size) = unsafe { (*std::ptr::addr_of_mut!(SIZES)).as_mut() }.and_then(|m| m.remove(&(ptr as usize))) {
        LIVE_BYTES.fetch_sub(size as u64, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The original allocator of the domain a hook was installed for.
///
/// # Safety
/// `ctx` must be the pointer `install` registered (one of the ORIGINAL statics).
#[inline]
unsafe fn original(ctx: *mut std::ffi::c_void) -> &'static ffi::PyMemAllocatorEx {
    // SAFETY: forwarded; the statics are written once before any hook runs.
    unsafe { &*(ctx as *const ffi::PyMemAllocatorEx) }
}

fn is_obj(ctx: *mut std::ffi::c_void) -> bool {
    ctx == std::ptr::addr_of_mut!(ORIGINAL_OBJ) as *mut std::ffi::c_void
}

extern "C" fn hook_malloc(ctx: *mut std::ffi::c_void, size: usize) -> *mut std::ffi::c_void {
    // SAFETY: ctx is our domain's saved allocator, whose functions are all set.
    let p = unsafe {
        let orig = original(ctx);
        (orig.malloc.unwrap_unchecked())(orig.ctx, size)
    };
    note_alloc(p, size);
    p
}

extern "C" fn hook_calloc(ctx: *mut std::ffi::c_void, n: usize, size: usize) -> *mut std::ffi::c_void {
    // SAFETY: as in hook_malloc.
    let p = unsafe {
        let orig = original(ctx);
        (orig.calloc.unwrap_unchecked())(orig.ctx, n, size)
    };
    note_alloc(p, n.saturating_mul(size));
    p
}

extern "C" fn hook_realloc(ctx: *mut std::ffi::c_void, ptr: *mut std::ffi::c_void, size: usize) -> *mut std::ffi::c_void {
    // SAFETY: as in hook_malloc.
    let new = unsafe {
        let orig = original(ctx);
        (orig.realloc.unwrap_unchecked())(orig.ctx, ptr, size)
    };
    if !new.is_null() {
        if !ptr.is_null() {
            note_release(ptr);
            if new != ptr && is_obj(ctx) {
                // The object moved: to the tracer the old address is gone.
                note_free(ptr);
            }
        }
        note_alloc(new, size);
    }
    new
}

extern "C" fn hook_free(ctx: *mut std::ffi::c_void, ptr: *mut std::ffi::c_void) {
    if !ptr.is_null() {
        note_release(ptr);
        if is_obj(ctx) {
            note_free(ptr);
        }
    }
    // SAFETY: as in hook_malloc.
    unsafe {
        let orig = original(ctx);
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

/// Wraps the object and memory allocators and the free-list types' deallocators. Call
/// once, with the GIL, before tracing starts.
pub(crate) fn install() {
    // SAFETY: start-up, GIL held, before tracing; PyMem_GetAllocator/SetAllocator are the
    // documented way to chain allocators, and each hook gets its original as `ctx`.
    unsafe {
        install_dealloc_hooks();
        *std::ptr::addr_of_mut!(SIZES) = Some(rustc_hash::FxHashMap::default());
        for (domain, orig) in [
            (ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_OBJ, std::ptr::addr_of_mut!(ORIGINAL_OBJ)),
            (ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_MEM, std::ptr::addr_of_mut!(ORIGINAL_MEM)),
        ] {
            ffi::PyMem_GetAllocator(domain, orig);
            let mut ours = ffi::PyMemAllocatorEx {
                ctx: orig as *mut std::ffi::c_void,
                malloc: Some(hook_malloc),
                calloc: Some(hook_calloc),
                realloc: Some(hook_realloc),
                free: Some(hook_free),
            };
            ffi::PyMem_SetAllocator(domain, &mut ours);
        }
    }
}
