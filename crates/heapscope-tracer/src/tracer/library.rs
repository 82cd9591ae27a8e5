//! Library data objects drawn as what they are: numpy arrays from numpy's C struct, pandas
//! frames from their instance data (`pandas/`). Nothing here imports a library or runs
//! its Python code; an object of a library we cannot read is drawn opaque.

use heapscope_trace::{ObjectData, Summary, SummaryKind};
use pyo3::ffi;

use super::Tracer;
use crate::numpy;
use crate::pyread;

/// How many values of an array are drawn (half from the start, half from the end).
const ARRAY_VALUES: usize = 6;

/// What the tracer knows of the program's data libraries.
#[derive(Default)]
pub(super) struct Libraries {
    /// numpy's C API, once the program imported numpy.
    pub(super) numpy: Option<numpy::Api>,
    /// The NEP 49 handler was tried (installed or refused).
    handler_tried: bool,
    /// How many modules `sys.modules` held when numpy was last looked for: it is looked
    /// for again only when that changed (an import happened).
    modules_seen: isize,
    /// Which pandas object each type's instances are (None: not pandas), by type address
    /// and name pointer: the MRO is walked once per type, not at every read.
    pub(super) pandas_types: rustc_hash::FxHashMap<(usize, usize), Option<SummaryKind>>,
    /// An object column's memory as pandas counts it deep (buffer address, size and the
    /// block's row → a hash of the objects it holds, and bytes): summed once per buffer
    /// and contents, not at every step.
    pub(super) object_bytes: rustc_hash::FxHashMap<(usize, u64, Option<u64>), (u64, u64)>,
    /// Whether each module seen was loaded from an installed package (`opaque.rs`).
    pub(super) installed: rustc_hash::FxHashMap<String, bool>,
    /// Each type's opaque drawing (`opaque.rs`): its module and whether it is an installed
    /// package's, or None for a type drawn as usual; by type address and name pointer.
    pub(super) opaque_types: rustc_hash::FxHashMap<(usize, usize), Option<(String, bool)>>,
}

impl Tracer {
    /// At each step, in the program's own context: finds numpy once the program imported
    /// it, and then installs the buffer-counting handler.
    ///
    /// # Safety
    /// GIL held, called from the trace hook.
    pub(super) unsafe fn library_step(&mut self) {
        if self.libs.handler_tried {
            return;
        }
        if self.libs.numpy.is_none() {
            // SAFETY: GIL held.
            let n = unsafe { pyread::module_count() };
            if n == self.libs.modules_seen {
                return;
            }
            self.libs.modules_seen = n;
            // SAFETY: GIL held.
            self.libs.numpy = unsafe { numpy::Api::find() };
        }
        if let Some(api) = self.libs.numpy {
            self.libs.handler_tried = true;
            // SAFETY: GIL held, in the program's context.
            if !unsafe { numpy::alloc::install(&api) } {
                self.notes.push(
                    "this numpy has no allocator-handler API (NEP 49, numpy 1.22+): array buffers are not counted in memory figures".into(),
                );
            }
        }
    }

    /// A library data object's summary, or None when `o` is not one.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held.
    pub(super) unsafe fn read_library(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
    ) -> Option<ObjectData> {
        let api = self.libs.numpy?;
        // SAFETY: forwarded.
        unsafe {
            if api.is_array(o) {
                return Some(self.read_array(&api, o, depth));
            }
            if let Some(s) = self.read_numpy_scalar(o) {
                return Some(s);
            }
            self.read_pandas(o, depth)
        }
    }

    /// A numpy scalar (`np.int64(7)`): its dtype and value, read from its C struct; None
    /// when `o` is not one (or numpy is not imported).
    ///
    /// # Safety
    /// `o` must be a live object, GIL held.
    pub(super) unsafe fn read_numpy_scalar(&mut self, o: *mut ffi::PyObject) -> Option<ObjectData> {
        let api = self.libs.numpy?;
        // SAFETY: forwarded.
        let (dtype, value) = unsafe { numpy::scalar::read(&api, o)? };
        // SAFETY: o is live; its type's name is read from the type object.
        let type_name = self.sym(&unsafe { pyread::type_qualname(pyread::type_of(o)) });
        let module = self.sym("numpy");
        Some(ObjectData::Summary(Box::new(Summary {
            kind: SummaryKind::Scalar,
            type_name,
            module,
            data_bytes: 0,
            fields: vec![("dtype".to_owned(), dtype), ("value".to_owned(), value)],
            parts: vec![],
        })))
    }

    /// An ndarray: dtype, shape, bytes, its first and last values, and the array whose
    /// buffer a view shares.
    ///
    /// # Safety
    /// `o` must be a live array.
    unsafe fn read_array(
        &mut self,
        api: &numpy::Api,
        o: *mut ffi::PyObject,
        depth: u32,
    ) -> ObjectData {
        // SAFETY: o is a live array; its type's name is read from the type object.
        let type_name = self.sym(&unsafe { pyread::type_qualname(pyread::type_of(o)) });
        let module = self.sym("numpy");
        // SAFETY: forwarded.
        let Some(f) = (unsafe { numpy::layout::read(api, o, ARRAY_VALUES) }) else {
            return ObjectData::Summary(Box::new(Summary {
                kind: SummaryKind::Array,
                type_name,
                module,
                data_bytes: 0,
                fields: vec![("layout".into(), "not one heapscope can read".into())],
                parts: vec![],
            }));
        };
        let mut fields = vec![
            ("dtype".to_owned(), f.dtype.clone()),
            ("shape".to_owned(), shape_text(&f.shape)),
            ("nbytes".to_owned(), heapscope_trace::format_bytes(f.nbytes)),
        ];
        if !f.head.is_empty() {
            fields.push((
                "values".to_owned(),
                values_text(&f.head, &f.tail, f.shape.iter().product()),
            ));
        }
        let mut parts = Vec::new();
        if f.owns_data {
            fields.push(("buffer".to_owned(), "its own".to_owned()));
        } else if !f.base.is_null() {
            // SAFETY: a view's base is live while the view is.
            let owner = if unsafe { api.is_array(f.base) } {
                "a view: shares the buffer of base"
            } else {
                "a view: the buffer belongs to base"
            };
            fields.push(("buffer".to_owned(), owner.to_owned()));
            parts.push(("base".to_owned(), self.child(f.base, depth)));
        } else {
            fields.push(("buffer".to_owned(), "not its own (no base)".to_owned()));
        }
        ObjectData::Summary(Box::new(Summary {
            kind: SummaryKind::Array,
            type_name,
            module,
            data_bytes: if f.owns_data { f.nbytes } else { 0 },
            fields,
            parts,
        }))
    }
}

/// `(3,)`, `(1000, 4)`, `()` as numpy writes a shape.
pub(super) fn shape_text(shape: &[u64]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `[0, 1, 2, …, 997, 998, 999]`: the first and last values, with the gap when there are
/// more (in C order, flattened for more than one dimension).
pub(super) fn values_text(head: &[String], tail: &[String], size: u64) -> String {
    let shown = (head.len() + tail.len()) as u64;
    if shown >= size {
        format!(
            "[{}]",
            head.iter()
                .chain(tail)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!("[{}, …, {}]", head.join(", "), tail.join(", "))
    }
}
