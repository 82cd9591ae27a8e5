//! Numbers and text as the SVG painter writes them, appended to the piece being written.
//!
//! A long export writes tens of millions of coordinates: through `format!` each was a
//! string of its own, then a trip through the formatting machinery, which made up much
//! of the export's time. Here a coordinate's digits are made from an integer in a small
//! buffer and appended, giving the very same text (a test checks every tenth up to past
//! the limit of that path; other values go the old way).

use std::fmt::{self, Display, Write};

/// A coordinate as the SVG writes it: to 0.1, whole numbers without a decimal point.
pub(crate) fn n(v: f32) -> N {
    N(v)
}

/// A number written by [`n`], for `format!` and `write!`.
#[derive(Clone, Copy)]
pub(crate) struct N(f32);

impl Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 24];
        match short(self.0, &mut buf) {
            Some(s) => f.write_str(s),
            None => {
                let r = (self.0 * 10.0).round() / 10.0;
                if r == r.trunc() {
                    write!(f, "{}", r as i64)
                } else {
                    write!(f, "{r:.1}")
                }
            }
        }
    }
}

/// Appends `v` as [`n`] writes it.
pub(crate) fn push_n(out: &mut String, v: f32) {
    let mut buf = [0u8; 24];
    match short(v, &mut buf) {
        Some(s) => out.push_str(s),
        None => {
            let _ = write!(out, "{}", N(v));
        }
    }
}

/// Escapes text for XML.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Appends `t` escaped for XML (as [`esc`] does; most texts need no escape and are
/// appended whole).
pub(crate) fn push_esc(out: &mut String, t: &str) {
    let plain = |b: &u8| !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') && *b >= 0x20;
    if t.as_bytes().iter().all(plain) {
        out.push_str(t);
    } else {
        out.push_str(&esc(t));
    }
}

/// `v` to 0.1 as [`n`] writes it, made in `buf`, when it is in the range whose digits
/// an integer gives exactly: a whole number below 10^14, or any below 10^5 (there
/// `(v * 10).round() / 10` is within 0.01 of the tenths it stands for, so `{:.1}`
/// writes those tenths). `None` otherwise (and for NaN and infinities).
fn short(v: f32, buf: &mut [u8; 24]) -> Option<&str> {
    let tenths = (v * 10.0).round();
    if tenths.is_nan() || tenths.abs() >= 1e15 {
        return None;
    }
    let r = tenths / 10.0;
    let mut at = buf.len();
    let mut put = |buf: &mut [u8; 24], b: u8| {
        at -= 1;
        buf[at] = b;
    };
    let (negative, whole) = if r == r.trunc() {
        let i = r as i64;
        (i < 0, i.unsigned_abs())
    } else if tenths.abs() < 1e6 {
        let t = tenths as i64;
        let a = t.unsigned_abs();
        put(buf, b'0' + (a % 10) as u8);
        put(buf, b'.');
        (t < 0, a / 10)
    } else {
        return None;
    };
    let mut w = whole;
    loop {
        put(buf, b'0' + (w % 10) as u8);
        w /= 10;
        if w == 0 {
            break;
        }
    }
    if negative {
        put(buf, b'-');
    }
    std::str::from_utf8(&buf[at..]).ok()
}

#[cfg(test)]
mod tests {
    use super::{esc, n, push_esc, push_n};

    /// How numbers were written before: the text every picture holds.
    fn formatted(v: f32) -> String {
        let r = (v * 10.0).round() / 10.0;
        if r == r.trunc() {
            format!("{}", r as i64)
        } else {
            format!("{r:.1}")
        }
    }

    fn pushed(v: f32) -> String {
        let mut s = String::from("x");
        push_n(&mut s, v);
        s.split_off(1)
    }

    #[test]
    fn numbers_are_written_as_they_were_formatted() {
        let mut checked = 0;
        // Every tenth up to past the fractional path's limit, and values between them.
        for k in -1_200_000i64..=1_200_000 {
            for v in [k as f32 / 10.0, k as f32 / 10.0 + 0.049, k as f32 / 7.3] {
                let want = formatted(v);
                assert_eq!(pushed(v), want, "{v}");
                assert_eq!(n(v).to_string(), want, "{v}");
                checked += 1;
            }
        }
        for v in [
            0.0,
            -0.0,
            -0.04,
            -0.05,
            0.05,
            0.25,
            1e7 + 0.5,
            3e9,
            -3e9,
            9.9e13,
            1.1e14,
            -1e15,
            f32::MAX,
            f32::MIN,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            assert_eq!(pushed(v), formatted(v), "{v}");
            assert_eq!(n(v).to_string(), formatted(v), "{v}");
        }
        assert!(checked > 7_000_000);
    }

    #[test]
    fn escaped_text_is_appended_as_esc_makes_it() {
        for t in [
            "plain",
            "a<b & c>\"d'",
            "tab\there",
            "bell\u{7}",
            "",
            "→ #3",
        ] {
            let mut s = String::new();
            push_esc(&mut s, t);
            assert_eq!(s, esc(t), "{t:?}");
        }
    }
}
