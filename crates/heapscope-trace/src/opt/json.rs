//! JSON text written straight into byte buffers: the converter writes each step's bytes
//! itself instead of building a `serde_json::Value` first. The text is what `serde_json`
//! writes for the same values (compact, the same escapes, the same number forms), so the
//! output did not change when the `Value` converter was replaced.

/// How `serde_json` escapes each byte below 0x80: 0 for none, `u` for `\u00XX`, else the
/// letter after the backslash.
const ESCAPE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` escaped, without the quotes (so that pieces of one string can be appended
/// one after the other: escaping works character by character).
pub(super) fn escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let e = if b < 0x80 { ESCAPE[b as usize] } else { 0 };
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        if e == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.push(b'\\');
            out.push(e);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Appends `s` as a JSON string.
pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escaped(out, s);
    out.push(b'"');
}

/// Appends `"key":`.
pub(super) fn key(out: &mut Vec<u8>, k: &str) {
    string(out, k);
    out.push(b':');
}

/// Appends an unsigned integer.
pub(super) fn uint(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends a signed integer.
pub(super) fn int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends a finite float as `serde_json` writes it (shortest round-trip digits).
pub(super) fn float(out: &mut Vec<u8>, f: f64) {
    // Writing a plain number into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &f);
}

/// Appends `true` or `false`.
pub(super) fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é\u{2028}\u{7f}😀 \"q\" \\ /");
        for s in [all.as_str(), "", "plain", "a\nb", "\u{0}"] {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [0i64, -1, 7, i64::MIN, i64::MAX] {
            let mut out = Vec::new();
            int(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
        let mut out = Vec::new();
        uint(&mut out, u64::MAX);
        assert_eq!(out, serde_json::to_vec(&u64::MAX).unwrap());
        for f in [0.1, -2.5, 1e-7, 123456.7891, 1e300] {
            let mut out = Vec::new();
            float(&mut out, f);
            assert_eq!(out, serde_json::to_vec(&f).unwrap());
        }
    }
}

/// A name shown as it is (for [`Quoted::get`]).
pub(super) fn as_is(text: &str) -> &str {
    text
}

/// Names as JSON strings (quotes and escapes included), each made once: a step writes the
/// same few variable and function names as the step before.
#[derive(Default)]
pub(super) struct Quoted {
    by_sym: Vec<Option<Box<[u8]>>>,
}

impl Quoted {
    /// `"text"` of `sym`, where `text` is what `show` makes of the symbol's text (the
    /// same function for every call on one `Quoted`).
    pub(super) fn get(
        &mut self,
        syms: &crate::Symbols,
        sym: crate::Sym,
        show: fn(&str) -> &str,
    ) -> &[u8] {
        let i = sym.0 as usize;
        if i >= self.by_sym.len() {
            self.by_sym.resize(i + 1, None);
        }
        self.by_sym[i].get_or_insert_with(|| {
            let mut v = Vec::new();
            string(&mut v, show(syms.text(sym)));
            v.into_boxed_slice()
        })
    }
}
