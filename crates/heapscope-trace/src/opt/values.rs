//! Values Python Tutor writes inline: None, bools, ints of any size, strs, and floats in
//! its own forms.

use super::json;
use crate::display::format_int;
use crate::model::{IntValue, ObjectData};

/// Writes a primitive's inline encoding; false (nothing written) for objects that go on
/// the heap.
pub(super) fn inline(d: &ObjectData, out: &mut Vec<u8>) -> bool {
    match d {
        ObjectData::None => out.extend_from_slice(b"null"),
        ObjectData::Bool(b) => json::boolean(out, *b),
        ObjectData::Int(IntValue::Small(i)) => json::int(out, *i),
        ObjectData::Int(IntValue::Big {
            negative: false,
            magnitude,
            ..
        }) if !magnitude.is_empty() && magnitude.len() <= 8 => {
            let mut bytes = [0u8; 8];
            bytes[..magnitude.len()].copy_from_slice(magnitude);
            json::uint(out, u64::from_le_bytes(bytes));
        }
        // Exact, as Python's json writes it: every digit.
        ObjectData::Int(big @ IntValue::Big { magnitude, .. }) if !magnitude.is_empty() => {
            out.extend_from_slice(format_int(big).as_bytes());
        }
        // Too big to have been recorded: its description, as a string.
        ObjectData::Int(big) => json::string(out, &format_int(big)),
        ObjectData::Float(f) => {
            let f = *f;
            if f.is_nan() {
                out.extend_from_slice(b"[\"SPECIAL_FLOAT\",\"NaN\"]");
            } else if f.is_infinite() {
                out.extend_from_slice(if f > 0.0 {
                    b"[\"SPECIAL_FLOAT\",\"Infinity\"]"
                } else {
                    b"[\"SPECIAL_FLOAT\",\"-Infinity\"]"
                });
            } else if f.fract() == 0.0 {
                // Python Tutor writes `'%.1f' % x`: every digit, never an exponent.
                out.extend_from_slice(b"[\"SPECIAL_FLOAT\",");
                json::string(out, &format!("{f:.1}"));
                out.push(b']');
            } else {
                // Python Tutor rounds floats to 4 decimals.
                json::float(out, format!("{f:.4}").parse::<f64>().unwrap_or(f));
            }
        }
        ObjectData::Str(t) => json::string(out, &t.text),
        _ => return false,
    }
    true
}
