//! pandas Series, DataFrame and Index, summarised from their instance data.

use heapscope_trace::ObjectData;
use pyo3::ffi;

use super::Tracer;

impl Tracer {
    /// A pandas object's summary, or None when `o` is not one.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held.
    pub(super) unsafe fn read_pandas(
        &mut self,
        _o: *mut ffi::PyObject,
        _depth: u32,
    ) -> Option<ObjectData> {
        None
    }
}
