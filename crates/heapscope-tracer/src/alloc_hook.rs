//! Knowing when an object dies, and how much the heap holds: wrappers around CPython's
//! object and memory allocators (as tracemalloc does) note every freed address that might
//! be one we gave an id to, and keep the size of every live block.
//!
//! The wrapper must be tiny and must never call back into Python or take a lock: it tests
//! a bit in a filter of tracked addresses and, on a hit, pushes the address on a list the
//! tracer drains at the next step. False positives are fine (the tracer checks its real
//! map); no freed tracked address is ever missed, which is what keeps ids from being
//! reused when CPython reuses an address.

use std::sync::atomic::{AtomicU64, Ordering};

use pyo3::ffi;

const FILTER_BITS: usize = 1 << 22;
static FILTER: [AtomicU64; FILTER_BITS / 64] = [const { AtomicU64::new(0) }; FILTER_BITS / 64];

/// What the hooks keep. Only touched with the GIL held: CPython calls the object and
/// memory domains' allocators with it (they require it), and the tracer, the collector
/// callback and the deallocator wrappers run with it. So: no lock, no atomics, on a path
/// that runs for every allocation of the program.
struct HookState {
    /// Live blocks and their sizes (as tracemalloc keeps them): the allocator does not say
    /// how big a block is when it is freed.
    sizes: rustc_hash::FxHashMap<usize, usize>,
    live_bytes: u64,
    live_blocks: u64,
    /// Bytes requested from the object and memory allocators so far (never goes down).
    allocated_bytes: u64,
    /// Tracked-looking addresses freed since the tracer last looked, each with whether the
    /// cycle collector was running.
    freed: Vec<(usize, bool)>,
    /// Set while the cycle collector runs (from a `gc.callbacks` entry).
    collecting: bool,
    /// Set while the tracer itself works: its own allocations are not the program's.
    tracer_busy: bool,
}

static mut STATE: Option<HookState> = None;

/// The hooks' state, once installed.
///
/// # Safety
/// GIL held (see [`HookState`]), and no other reference to the state alive.
#[inline]
unsafe fn state() -> Option<&'static mut HookState> {
    // SAFETY: forwarded: the GIL serialises every caller.
    unsafe { (*std::ptr::addr_of_mut!(STATE)).as_mut() }
}

/// Notes that the cycle collector starts (`true`) or stops (`false`). GIL held.
pub(crate) fn set_collecting(on: bool) {
    // SAFETY: called from the gc callback, with the GIL.
    if let Some(s) = unsafe { state() } {
        s.collecting = on;
    }
}

/// Notes that the tracer starts (`true`) or stops (`false`) working: bytes it asks for
/// are not counted as allocated by the program's line. GIL held.
pub(crate) fn set_tracer_busy(on: bool) {
    // SAFETY: called by the tracer, with the GIL.
    if let Some(s) = unsafe { state() } {
        s.tracer_busy = on;
    }
}

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

/// Moves the addresses freed since the last call (some may not be tracked) into `out`
/// (emptied first), each with whether the cycle collector was running. GIL held.
pub(crate) fn take_freed(out: &mut Vec<(usize, bool)>) {
    out.clear();
    // SAFETY: called by the tracer, with the GIL.
    if let Some(s) = unsafe { state() } {
        std::mem::swap(out, &mut s.freed);
    }
}

#[inline]
fn note_free(ptr: *mut std::ffi::c_void) {
    let addr = ptr as usize;
    let (w, b) = bit(addr);
    if FILTER[w].load(Ordering::Relaxed) & b != 0 {
        // SAFETY: the hooks run with the GIL.
        if let Some(s) = unsafe { state() } {
            s.freed.push((addr, s.collecting));
        }
    }
}

/// The allocators we wrap, one per domain; each hook gets its domain's as `ctx`.
static mut ORIGINAL_OBJ: ffi::PyMemAllocatorEx = EMPTY;
static mut ORIGINAL_MEM: ffi::PyMemAllocatorEx = EMPTY;
const EMPTY: ffi::PyMemAllocatorEx = ffi::PyMemAllocatorEx {
    ctx: std::ptr::null_mut(),
    malloc: None,
    calloc: None,
    realloc: None,
    free: None,
};

/// The program's heap as the allocators see it: live bytes, live blocks, bytes requested
/// so far (of blocks allocated since tracing started). GIL held.
pub(crate) fn memory() -> heapscope_trace::Memory {
    // SAFETY: called by the tracer, with the GIL.
    match unsafe { state() } {
        // numpy's array buffers, counted by its own allocator handler, are the program's too.
        Some(s) => {
            let (bytes, blocks, allocated) = crate::numpy::alloc::figures();
            heapscope_trace::Memory {
                live_bytes: s.live_bytes + bytes,
                live_blocks: s.live_blocks + blocks,
                allocated_bytes: s.allocated_bytes + allocated,
            }
        }
        None => heapscope_trace::Memory::default(),
    }
}

#[inline]
fn note_alloc(ptr: *mut std::ffi::c_void, size: usize) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the hooks run with the GIL; the map uses the system allocator, not these hooks.
    if let Some(s) = unsafe { state() } {
        if !s.tracer_busy {
            s.allocated_bytes += size as u64;
        }
        s.live_bytes += size as u64;
        s.live_blocks += 1;
        s.sizes.insert(ptr as usize, size);
    }
}

#[inline]
fn note_release(ptr: *mut std::ffi::c_void) {
    // SAFETY: as in note_alloc.
    if let Some(s) = unsafe { state() } {
        if let Some(size) = s.sizes.remove(&(ptr as usize)) {
            s.live_bytes -= size as u64;
            s.live_blocks -= 1;
        }
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

extern "C" fn hook_calloc(
    ctx: *mut std::ffi::c_void,
    n: usize,
    size: usize,
) -> *mut std::ffi::c_void {
    // SAFETY: as in hook_malloc.
    let p = unsafe {
        let orig = original(ctx);
        (orig.calloc.unwrap_unchecked())(orig.ctx, n, size)
    };
    note_alloc(p, n.saturating_mul(size));
    p
}

extern "C" fn hook_realloc(
    ctx: *mut std::ffi::c_void,
    ptr: *mut std::ffi::c_void,
    size: usize,
) -> *mut std::ffi::c_void {
    // SAFETY: as in hook_malloc.
    let new = unsafe {
        let orig = original(ctx);
        (orig.realloc.unwrap_unchecked())(orig.ctx, ptr, size)
    };
    if !new.is_null() {
        if !ptr.is_null() {
            note_release(ptr);
            if is_obj(ctx) {
                // The object moved, or was resized where it is: either way the object the
                // tracer read there is gone. CPython resizes a str, bytes or tuple it alone
                // holds (`s += t`), keeping its address when the block has room: a new value
                // at the old address, as after a free.
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
        *std::ptr::addr_of_mut!(STATE) = Some(HookState {
            sizes: rustc_hash::FxHashMap::default(),
            live_bytes: 0,
            live_blocks: 0,
            allocated_bytes: 0,
            freed: Vec::new(),
            collecting: false,
            tracer_busy: false,
        });
        for (domain, orig) in [
            (
                ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_OBJ,
                std::ptr::addr_of_mut!(ORIGINAL_OBJ),
            ),
            (
                ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_MEM,
                std::ptr::addr_of_mut!(ORIGINAL_MEM),
            ),
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
