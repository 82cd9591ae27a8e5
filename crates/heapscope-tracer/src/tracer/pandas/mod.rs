//! pandas Series, DataFrame and Index, summarised from their instance data: the frame's
//! block manager (`_mgr`: its blocks and axes), each block's values and placement, an
//! index's `_data` or `_range`. Nothing of pandas' Python code runs: no property, no
//! `memory_usage()`, no `__repr__`.
//!
//! The one kind of pandas code that is called is a Cython-generated getter of a plain
//! field of pandas' compiled classes (`BlockManager.blocks`, `Block.values`,
//! `BlockPlacement.indexer`, `NDArrayBacked._ndarray` and `._dtype`): those fields live in
//! the C struct of a `cdef class`, whose layout pandas does not publish, and the getter
//! returns the field and nothing else. Only getters on types from `pandas._libs` are
//! called, and only those names.
//!
//! What is left out, because only pandas' Python code could tell it: the values of
//! extension columns other than strings and categoricals (a categorical's codes are drawn
//! as the categories they name), and under pandas 2 the lookup table a categorical's
//! categories may have built, which `memory_usage` adds.

mod fields;
mod index;

use heapscope_trace::{ObjId, ObjectData, Summary, SummaryKind};
use pyo3::ffi;

use super::Tracer;
use crate::numpy::{self, layout};
use crate::pyread;
use fields::{backing_array, categories, field, indexer_positions, inst_attr, pandas_kind, Held};
use index::{index_labels, index_len};

/// Rows drawn from the start and from the end of a frame.
const HEAD_ROWS: u64 = 3;
const TAIL_ROWS: u64 = 2;
/// Columns drawn in a row's text.
const ROW_COLUMNS: usize = 6;

/// A summary's fields (name and text), parts (name and object) and data bytes.
type Read = (Vec<(String, String)>, Vec<(String, ObjId)>, u64);

/// The rows drawn of `n`: all of them when few, else the first and the last.
fn shown_rows(n: u64) -> Vec<u64> {
    if n <= HEAD_ROWS + TAIL_ROWS {
        (0..n).collect()
    } else {
        (0..HEAD_ROWS).chain(n - TAIL_ROWS..n).collect()
    }
}

/// One column of a frame, as drawn.
struct Column {
    name: String,
    dtype: String,
    bytes: u64,
    /// The array holding its values, and the row of that array that is this column
    /// (`None` for a one-dimensional array).
    array: *mut ffi::PyObject,
    row: Option<u64>,
    /// A categorical column's categories (their values array): its array holds codes,
    /// each drawn as the category it names.
    categories: Option<*mut ffi::PyObject>,
}

impl Tracer {
    /// A pandas object's summary, or None when `o` is not one.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held, numpy found.
    pub(super) unsafe fn read_pandas(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
    ) -> Option<ObjectData> {
        // SAFETY: o is live, so is its type.
        let t = unsafe { pyread::type_of(o) };
        // SAFETY: as above.
        let key = unsafe { pyread::type_key(t) };
        let kind = match self.libs.pandas_types.get(&key) {
            Some(k) => *k,
            None => {
                // SAFETY: as above, GIL held.
                let k = unsafe { pandas_kind(t) };
                self.libs.pandas_types.insert(key, k);
                k
            }
        }?;
        let api = self.libs.numpy?;
        let mut held = Held(Vec::new());
        // SAFETY: as above.
        let type_name = self.sym(&unsafe { pyread::type_qualname(t) });
        let module = self.sym("pandas");
        let (fields, parts, data_bytes) = match kind {
            // SAFETY: forwarded.
            SummaryKind::Index => unsafe { self.index_summary(&api, o, depth, &mut held) },
            SummaryKind::DataFrame | SummaryKind::Series => {
                // SAFETY: forwarded.
                unsafe { self.frame_summary(&api, o, kind, depth, &mut held)? }
            }
            SummaryKind::Array | SummaryKind::Scalar | SummaryKind::Opaque => return None,
        };
        Some(ObjectData::Summary(Box::new(Summary {
            kind,
            type_name,
            module,
            data_bytes,
            fields,
            parts,
        })))
    }

    /// An Index's fields (length, dtype, memory, its first and last labels), parts and
    /// data bytes.
    ///
    /// # Safety
    /// `o` must be a live pandas Index, GIL held.
    unsafe fn index_summary(
        &mut self,
        api: &numpy::Api,
        o: *mut ffi::PyObject,
        depth: u32,
        held: &mut Held,
    ) -> Read {
        let mut fields = Vec::new();
        let mut parts = Vec::new();
        let mut data_bytes = 0;
        // SAFETY: forwarded.
        let rows = unsafe { index_len(api, o, held) };
        fields.push((
            "length".to_owned(),
            rows.map_or("?".into(), |n| n.to_string()),
        ));
        // SAFETY: forwarded.
        if let Some(d) = unsafe { inst_attr(o, c"_data") } {
            // SAFETY: the index's data is live while the index is.
            if let Some((arr, dtype)) = unsafe { backing_array(api, d, held) } {
                // SAFETY: a live array.
                let bytes = unsafe { self.column_bytes(api, arr, None) };
                data_bytes = bytes;
                fields.push(("dtype".to_owned(), dtype));
                fields.push(("memory".to_owned(), heapscope_trace::format_bytes(bytes)));
                parts.push(("values".to_owned(), self.child(arr, depth)));
            }
        // SAFETY: forwarded.
        } else if unsafe { inst_attr(o, c"_range") }.is_some() {
            fields.push(("dtype".to_owned(), "int64 (a range: no array)".to_owned()));
        }
        let at = shown_rows(rows.unwrap_or(0));
        // SAFETY: forwarded.
        let labels = unsafe { index_labels(api, o, held, Some(&at)) };
        if !labels.is_empty() {
            fields.push(("labels".to_owned(), labels.join(", ")));
        }
        (fields, parts, data_bytes)
    }

    /// A DataFrame's or Series' fields (shape, columns, memory, its first and last rows),
    /// parts (each column array) and data bytes; None when its block manager is not one
    /// heapscope can read.
    ///
    /// # Safety
    /// `o` must be a live pandas DataFrame or Series (`kind`), GIL held.
    unsafe fn frame_summary(
        &mut self,
        api: &numpy::Api,
        o: *mut ffi::PyObject,
        kind: SummaryKind,
        depth: u32,
        held: &mut Held,
    ) -> Option<Read> {
        let mut fields = Vec::new();
        let mut parts = Vec::new();
        // SAFETY: forwarded.
        let mgr = unsafe { inst_attr(o, c"_mgr")? };
        // SAFETY: the manager is live while the frame is.
        let axes = unsafe { field(mgr, c"axes", held)? };
        // SAFETY: axes is live (held); a list's size and items are read after the check.
        let (first_axis, row_index) = unsafe {
            if !pyread::is_list(axes) || pyread::list_len(axes) < 1 {
                return None;
            }
            let n_axes = pyread::list_len(axes);
            (
                pyread::list_item(axes, 0),
                pyread::list_item(axes, n_axes - 1),
            )
        };
        // SAFETY: the row index is live while the axes list is.
        let rows = unsafe { index_len(api, row_index, held) }.unwrap_or(0);
        let names = if kind == SummaryKind::DataFrame {
            // SAFETY: the column index is live while the axes list is.
            unsafe { index_labels(api, first_axis, held, None) }
        } else {
            // SAFETY: forwarded; the name is live while the series is.
            let n = unsafe { inst_attr(o, c"_name") };
            // SAFETY: as above.
            vec![n.map_or("None".into(), |n| unsafe { pyread::safe_repr(n, false) })]
        };
        let series = kind == SummaryKind::Series;
        // SAFETY: as above.
        let columns = unsafe { self.columns(api, mgr, &names, series, held) };
        let data_bytes = columns.iter().map(|c| c.bytes).sum();
        let shape = if kind == SummaryKind::DataFrame {
            format!("{rows} rows × {} columns", names.len())
        } else {
            format!("{rows} rows")
        };
        fields.push(("shape".to_owned(), shape));
        for c in &columns {
            fields.push((
                c.name.clone(),
                format!("{} · {}", c.dtype, heapscope_trace::format_bytes(c.bytes)),
            ));
        }
        fields.push((
            "memory".to_owned(),
            heapscope_trace::format_bytes(data_bytes),
        ));
        let shown = shown_rows(rows);
        // SAFETY: as above.
        let labels = unsafe { index_labels(api, row_index, held, Some(&shown)) };
        for (li, &r) in shown.iter().enumerate() {
            if r == rows - TAIL_ROWS && rows > HEAD_ROWS + TAIL_ROWS {
                fields.push((
                    "…".to_owned(),
                    format!("{} more rows", rows - HEAD_ROWS - TAIL_ROWS),
                ));
            }
            let cells: Vec<String> = columns
                .iter()
                .take(ROW_COLUMNS)
                .map(|c| {
                    let idx: Vec<u64> = match c.row {
                        Some(j) => vec![j, r],
                        None => vec![r],
                    };
                    // SAFETY: the column's arrays are live (held or the frame's).
                    let v = unsafe { cell(api, c, &idx) };
                    if kind == SummaryKind::DataFrame {
                        format!("{}={v}", c.name)
                    } else {
                        v
                    }
                })
                .collect();
            let more = if columns.len() > ROW_COLUMNS {
                ", …"
            } else {
                ""
            };
            let label = labels.get(li).cloned().unwrap_or_else(|| r.to_string());
            fields.push((
                format!("row {label}"),
                format!("{}{more}", cells.join(", ")),
            ));
        }
        let mut seen: Vec<usize> = Vec::new();
        for c in &columns {
            if !seen.contains(&(c.array as usize)) {
                seen.push(c.array as usize);
                let id: ObjId = self.child(c.array, depth);
                let same: Vec<&str> = columns
                    .iter()
                    .filter(|d| d.array == c.array)
                    .map(|d| d.name.as_str())
                    .collect();
                parts.push((format!("data of {}", same.join(", ")), id));
            }
        }
        Some((fields, parts, data_bytes))
    }

    /// The columns a block manager holds, in the frame's column order.
    ///
    /// # Safety
    /// `mgr` must be a live block manager, GIL held.
    unsafe fn columns(
        &mut self,
        api: &numpy::Api,
        mgr: *mut ffi::PyObject,
        names: &[String],
        series: bool,
        held: &mut Held,
    ) -> Vec<Column> {
        let mut out: Vec<(u64, Column)> = Vec::new();
        // SAFETY: forwarded.
        let Some(blocks) = (unsafe { field(mgr, c"blocks", held) }) else {
            return vec![];
        };
        // SAFETY: blocks is live (held); a tuple's items are read after the check.
        let blocks = unsafe {
            if !pyread::is_tuple(blocks) {
                return vec![];
            }
            pyread::tuple_items(blocks)
        };
        for b in blocks {
            // SAFETY: each block is live while the tuple (held) is.
            let Some(values) = (unsafe { field(b, c"values", held) }) else {
                continue;
            };
            // A Series' one block is placed over its rows, not over columns.
            let positions: Vec<u64> = if series {
                vec![]
            } else {
                // SAFETY: the block, its placement and the placement's indexer are live
                // (the block's, or held).
                unsafe {
                    field(b, c"_mgr_locs", held)
                        .and_then(|p| field(p, c"indexer", held))
                        .map(|ix| indexer_positions(api, ix))
                        .unwrap_or_default()
                }
            };
            // SAFETY: values is live (held); arrays are read from their struct.
            let (arr, mut dtype) = if unsafe { api.is_array(values) } {
                // SAFETY: as above.
                let f = unsafe { layout::read(api, values, 0) };
                (values, f.map_or("?".into(), |f| f.dtype))
            } else {
                // SAFETY: as above.
                match unsafe { backing_array(api, values, held) } {
                    Some(x) => x,
                    None => continue,
                }
            };
            // A categorical's codes count with its categories, as pandas counts them.
            // SAFETY: as above.
            let categories = unsafe { categories(api, values, held) };
            let mut extra = 0;
            if let Some(ca) = categories {
                // SAFETY: the categories' array is live (held by the categorical).
                let n = unsafe { layout::read(api, ca, 0) }
                    .map_or(0, |f| f.shape.first().copied().unwrap_or(0));
                dtype = format!("category ({n} categories)");
                // SAFETY: as above.
                extra = unsafe { self.column_bytes(api, ca, None) };
            }
            // SAFETY: arr is a live array (values or held).
            let two_d = unsafe { layout::read(api, arr, 0) }.is_some_and(|f| f.shape.len() == 2);
            for (j, &pos) in positions.iter().enumerate() {
                let row = two_d.then_some(j as u64);
                out.push((
                    pos,
                    Column {
                        name: names
                            .get(pos as usize)
                            .cloned()
                            .unwrap_or_else(|| pos.to_string()),
                        dtype: dtype.clone(),
                        // SAFETY: as above.
                        bytes: unsafe { self.column_bytes(api, arr, row) } + extra,
                        array: arr,
                        row,
                        categories,
                    },
                ));
            }
            if positions.is_empty() {
                let row = two_d.then_some(0);
                out.push((
                    0,
                    Column {
                        name: names.first().cloned().unwrap_or_default(),
                        dtype,
                        // SAFETY: as above.
                        bytes: unsafe { self.column_bytes(api, arr, row) } + extra,
                        array: arr,
                        row,
                        categories,
                    },
                ));
            }
        }
        out.sort_by_key(|(p, _)| *p);
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// The memory of a column's values as `memory_usage(deep=True)` counts it: its part of
    /// the buffer, plus each object's own size for an object column (read once per buffer
    /// and contents). `row` is the column's row of a two-dimensional block (pandas keeps
    /// several columns of one dtype as one array, a row per column; before pandas 3, and
    /// under pandas 3 with `dtype=object`, strings are such an object block), None for a
    /// one-dimensional array.
    ///
    /// # Safety
    /// `arr` must be a live array, GIL held.
    unsafe fn column_bytes(
        &mut self,
        api: &numpy::Api,
        arr: *mut ffi::PyObject,
        row: Option<u64>,
    ) -> u64 {
        // SAFETY: forwarded.
        let Some(f) = (unsafe { layout::read(api, arr, 0) }) else {
            return 0;
        };
        let shallow = match (row, f.shape.first()) {
            (Some(_), Some(&rows)) if rows > 0 => f.nbytes / rows,
            _ => f.nbytes,
        };
        if f.dtype != "object" {
            return shallow;
        }
        // SAFETY: forwarded; an object array's items are borrowed from it.
        let items = unsafe { layout::object_items(api, arr, row) }.unwrap_or_default();
        // The sum is kept per buffer and row, with which objects it held: a buffer
        // freed and another made at its address (pandas makes and drops object arrays
        // while it builds a frame) must not take the old one's figure.
        let held = items
            .iter()
            .fold(0u64, |h, &it| (h ^ it as u64).wrapping_mul(0x100_0000_01b3));
        let key = (f.data, f.nbytes, row);
        if let Some(&(h, b)) = self.libs.object_bytes.get(&key) {
            if h == held {
                return b;
            }
        }
        let mut total = shallow;
        let mut filled = true;
        for it in items {
            if it.is_null() {
                filled = false;
            } else {
                // SAFETY: an item the live array holds; own_size runs no Python code.
                total += unsafe { self.own_size(it) };
            }
        }
        // An array still being filled is summed again when next read.
        if filled {
            self.libs.object_bytes.insert(key, (held, total));
        }
        total
    }
}

/// One cell's text: the value in the column's array, or for a categorical the category
/// its code names (`nan` for a missing one, code -1).
///
/// # Safety
/// The column's arrays must be live, GIL held.
unsafe fn cell(api: &numpy::Api, c: &Column, idx: &[u64]) -> String {
    // SAFETY: forwarded; a code is looked up only inside the categories' shape.
    unsafe {
        let v = layout::item(api, c.array, idx);
        match (c.categories, v) {
            (Some(ca), Some(code)) => match code.parse::<i64>() {
                Ok(k) if k < 0 => "nan".to_owned(),
                Ok(k) => layout::item(api, ca, &[k as u64]).unwrap_or_else(|| "?".into()),
                Err(_) => "?".to_owned(),
            },
            (_, v) => v.unwrap_or_else(|| "?".into()),
        }
    }
}
