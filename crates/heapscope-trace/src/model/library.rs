//! Library data objects (numpy arrays, pandas frames) as the tracer summarises them: read
//! from the library's C struct or instance data, never by running the library's code, so
//! what is kept is a few named facts as text (dtype, shape, bytes, first and last values)
//! and the objects it holds that deserve their own box (a view's owner, a frame's columns).

use super::{ObjId, Sym};
use crate::codec::{Reader, Writer};
use crate::error::{corrupt, Result};

/// Which library object a [`Summary`] describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SummaryKind {
    /// A numpy `ndarray` (or a subclass's instance).
    Array,
    /// A pandas `DataFrame`.
    DataFrame,
    /// A pandas `Series`.
    Series,
    /// A pandas `Index` (any kind).
    Index,
    /// A numpy scalar (`np.int64(7)`, `np.float64(2.5)`): its dtype and value.
    Scalar,
    /// Any other library object (a pandas `GroupBy`, a `re.Pattern`): drawn opaque, with
    /// its module, own size and deep size.
    Opaque,
}

impl SummaryKind {
    fn code(self) -> u8 {
        match self {
            SummaryKind::Array => 0,
            SummaryKind::DataFrame => 1,
            SummaryKind::Series => 2,
            SummaryKind::Index => 3,
            SummaryKind::Scalar => 4,
            SummaryKind::Opaque => 5,
        }
    }
    fn from_code(c: u8) -> Option<SummaryKind> {
        Some(match c {
            0 => SummaryKind::Array,
            1 => SummaryKind::DataFrame,
            2 => SummaryKind::Series,
            3 => SummaryKind::Index,
            4 => SummaryKind::Scalar,
            5 => SummaryKind::Opaque,
            _ => return None,
        })
    }
}

/// A library data object, summarised. `fields` are the facts in display order, each a
/// name and its text (`dtype` → `int64`, `shape` → `(1000, 3)`, `values` → `[0, 1, …, 999]`);
/// `parts` are the objects it holds that are drawn as boxes of their own (`base`: the array
/// owning a view's buffer; `a`: a frame's column array).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Which kind of object.
    pub kind: SummaryKind,
    /// Its class's qualified name (`ndarray`, `DataFrame`, or a subclass's name).
    pub type_name: Sym,
    /// The module its class comes from (`numpy`, `pandas`).
    pub module: Sym,
    /// The bytes of data it holds (an array's `nbytes`; a frame's columns' memory).
    pub data_bytes: u64,
    /// Named facts, in display order.
    pub fields: Vec<(String, String)>,
    /// Objects it holds, each with the name of the part.
    pub parts: Vec<(String, ObjId)>,
}

impl Summary {
    /// The text of the field called `name`, if any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u8(self.kind.code());
        w.uv(u64::from(self.type_name.0));
        w.uv(u64::from(self.module.0));
        w.uv(self.data_bytes);
        w.uv(self.fields.len() as u64);
        for (n, v) in &self.fields {
            w.str(n);
            w.str(v);
        }
        w.uv(self.parts.len() as u64);
        for (n, id) in &self.parts {
            w.str(n);
            w.uv(u64::from(id.0));
        }
    }

    pub(crate) fn decode(r: &mut Reader) -> Result<Summary> {
        let kind = SummaryKind::from_code(r.u8()?).ok_or_else(|| corrupt("bad summary kind"))?;
        let type_name = Sym(r.u32()?);
        let module = Sym(r.u32()?);
        let data_bytes = r.uv()?;
        let n = r.count()?;
        let mut fields = Vec::with_capacity(n);
        for _ in 0..n {
            fields.push((r.str()?.to_owned(), r.str()?.to_owned()));
        }
        let n = r.count()?;
        let mut parts = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.str()?.to_owned();
            let id = ObjId(r.u32()?);
            if id.0 == 0 {
                return Err(corrupt("summary part without an object"));
            }
            parts.push((name, id));
        }
        Ok(Summary {
            kind,
            type_name,
            module,
            data_bytes,
            fields,
            parts,
        })
    }
}
