//! Values as Python source reads them (`repr`-like), computed from the trace alone: the
//! tracer never calls `repr`, so every painter formats values here, the same way.

use std::collections::HashSet;
use std::fmt::Write;

use num_bigint::{BigInt, Sign};

use crate::model::{IntValue, ObjId, ObjectData, SeqKind, TextValue};
use crate::state::State;
use crate::symbols::Symbols;

/// Formats a float as Python's `repr` does: shortest round-trip digits, scientific notation
/// below 1e-4 and from 1e16, always a `.0` or an exponent.
pub fn format_float(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "d.ddde[-]x".
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let s = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        format!(
            "{sign}{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// A count with thousands separators: `9990` → `9,990`.
pub fn format_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes for people, in powers of 1000 as the reports and charts print them: `812 B`,
/// `37.2 MB`.
pub fn format_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Formats an int in decimal (or a size summary for one too big to have been recorded).
pub fn format_int(v: &IntValue) -> String {
    match v {
        IntValue::Small(i) => i.to_string(),
        IntValue::Big {
            negative,
            bits,
            magnitude,
        } => {
            if magnitude.is_empty() {
                let digits = (*bits as f64 * std::f64::consts::LOG10_2).floor() as u64 + 1;
                format!("<int of {digits} digits>")
            } else {
                let sign = if *negative { Sign::Minus } else { Sign::Plus };
                BigInt::from_bytes_le(sign, magnitude).to_string()
            }
        }
    }
}

/// Quotes a string as Python's `repr` does (single quotes unless it holds only `'`).
pub fn quote_str(t: &TextValue) -> String {
    let s = &t.text;
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c)
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    if t.is_cut() {
        let _ = write!(out, "…");
    }
    out.push(q);
    if t.is_cut() {
        let _ = write!(out, " ({} chars)", t.len);
    }
    out
}

fn quote_bytes(data: &[u8], mutable: bool, len: u64) -> String {
    let mut out = String::from(if mutable { "bytearray(b'" } else { "b'" });
    for &b in data {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    if (data.len() as u64) < len {
        out.push('…');
    }
    out.push('\'');
    if mutable {
        out.push(')');
    }
    out
}

/// Limits for [`Repr`].
#[derive(Clone, Copy, Debug)]
pub struct ReprOptions {
    /// Containers nested deeper than this show as `[...]`.
    pub max_depth: usize,
    /// A result longer than this many characters is cut with `…`.
    pub max_chars: usize,
}

impl Default for ReprOptions {
    fn default() -> Self {
        ReprOptions {
            max_depth: 4,
            max_chars: 200,
        }
    }
}

/// Formats objects of one state as Python would print them.
pub struct Repr<'a> {
    state: &'a State,
    symbols: &'a Symbols,
    opts: ReprOptions,
}

impl<'a> Repr<'a> {
    /// A formatter for `state`.
    pub fn new(state: &'a State, symbols: &'a Symbols, opts: ReprOptions) -> Self {
        Repr {
            state,
            symbols,
            opts,
        }
    }

    /// The repr of one object (`<freed>` for an id no longer alive).
    pub fn of(&self, id: ObjId) -> String {
        let mut out = String::new();
        let mut active = HashSet::new();
        self.write(id, 0, &mut active, &mut out);
        if out.chars().count() > self.opts.max_chars {
            let cut: String = out
                .chars()
                .take(self.opts.max_chars.saturating_sub(1))
                .collect();
            return cut + "…";
        }
        out
    }

    /// The short form of an object's content, for a label: primitives in full, containers
    /// by type and length.
    pub fn summary(&self, id: ObjId) -> String {
        match self.state.object(id) {
            Some(d) if d.is_primitive() => self.of(id),
            Some(ObjectData::Seq(k, s)) => format!("{} of {}", k.type_name(), s.len),
            Some(ObjectData::Dict(d)) => format!("dict of {}", d.len),
            Some(d) => self.type_name(d),
            None => "<freed>".into(),
        }
    }

    /// The Python type name of an object's content.
    pub fn type_name(&self, d: &ObjectData) -> String {
        match d {
            ObjectData::None => "NoneType".into(),
            ObjectData::Bool(_) => "bool".into(),
            ObjectData::Int(_) => "int".into(),
            ObjectData::Float(_) => "float".into(),
            ObjectData::Complex { .. } => "complex".into(),
            ObjectData::Str(_) => "str".into(),
            ObjectData::Bytes { mutable, .. } => {
                if *mutable { "bytearray" } else { "bytes" }.into()
            }
            ObjectData::Seq(k, _) => k.type_name().into(),
            ObjectData::Dict(_) => "dict".into(),
            ObjectData::Range { .. } => "range".into(),
            ObjectData::Instance { type_name, .. } | ObjectData::Derived { type_name, .. } => {
                self.symbols.text(*type_name).into()
            }
            ObjectData::Class { metaclass, .. } => {
                metaclass.map_or("type", |m| self.symbols.text(m)).into()
            }
            ObjectData::Function { .. } => "function".into(),
            ObjectData::Builtin { .. } => "builtin_function_or_method".into(),
            ObjectData::BoundMethod { .. } => "method".into(),
            ObjectData::Generator { .. } => "generator".into(),
            ObjectData::Module { .. } => "module".into(),
            ObjectData::Imported { type_name, .. } => self.symbols.text(*type_name).into(),
            ObjectData::Other { type_name, .. } => self.symbols.text(*type_name).into(),
            ObjectData::Summary(s) => self.symbols.text(s.type_name).into(),
        }
    }

    fn write(&self, id: ObjId, depth: usize, active: &mut HashSet<ObjId>, out: &mut String) {
        let Some(d) = self.state.object(id) else {
            out.push_str("<freed>");
            return;
        };
        self.write_data(id, d, depth, active, out);
    }

    /// Writes object `id`'s content `d` (for a builtin subclass's instance, `d` is also
    /// its builtin part).
    fn write_data(
        &self,
        id: ObjId,
        d: &ObjectData,
        depth: usize,
        active: &mut HashSet<ObjId>,
        out: &mut String,
    ) {
        if out.len() > self.opts.max_chars * 4 {
            out.push('…');
            return;
        }
        let sym = |s| self.symbols.text(s);
        match d {
            // As `Counter({'a': 2})` prints: the class, then its builtin content.
            ObjectData::Derived {
                type_name, base, ..
            } => {
                let _ = write!(out, "{}(", sym(*type_name));
                self.write_data(id, base, depth, active, out);
                out.push(')');
            }
            ObjectData::None => out.push_str("None"),
            ObjectData::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
            ObjectData::Int(v) => out.push_str(&format_int(v)),
            ObjectData::Float(f) => out.push_str(&format_float(*f)),
            ObjectData::Complex { re, im } => {
                let im_s = format_float(*im);
                let im_s = im_s.strip_suffix(".0").unwrap_or(&im_s);
                if *re == 0.0 && !re.is_sign_negative() {
                    let _ = write!(out, "{im_s}j");
                } else {
                    let re_s = format_float(*re);
                    let re_s = re_s.strip_suffix(".0").unwrap_or(&re_s);
                    let sign = if im.is_sign_negative() || im_s.starts_with('-') {
                        ""
                    } else {
                        "+"
                    };
                    let _ = write!(out, "({re_s}{sign}{im_s}j)");
                }
            }
            ObjectData::Str(t) => out.push_str(&quote_str(t)),
            ObjectData::Bytes { mutable, data, len } => {
                out.push_str(&quote_bytes(data, *mutable, *len))
            }
            ObjectData::Range { start, stop, step } => {
                if *step == 1 {
                    let _ = write!(out, "range({start}, {stop})");
                } else {
                    let _ = write!(out, "range({start}, {stop}, {step})");
                }
            }
            ObjectData::Seq(kind, seq) => {
                if !active.insert(id) || depth >= self.opts.max_depth {
                    out.push_str(match kind {
                        SeqKind::List => "[...]",
                        SeqKind::Tuple => "(...)",
                        _ => "{...}",
                    });
                    active.remove(&id);
                    return;
                }
                let (open, close) = match kind {
                    SeqKind::List => ("[", "]"),
                    SeqKind::Tuple => ("(", ")"),
                    SeqKind::Set if seq.len == 0 => ("set(", ")"),
                    SeqKind::Set => ("{", "}"),
                    SeqKind::FrozenSet => ("frozenset({", "})"),
                };
                out.push_str(if *kind == SeqKind::FrozenSet && seq.len == 0 {
                    "frozenset("
                } else {
                    open
                });
                for (i, &item) in seq.items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if i == seq.gap_at as usize && seq.omitted() > 0 {
                        let _ = write!(out, "… {} more …, ", seq.omitted());
                    }
                    self.write(item, depth + 1, active, out);
                }
                if seq.gap_at as usize == seq.items.len() && seq.omitted() > 0 {
                    let _ = write!(out, ", … {} more", seq.omitted());
                }
                if *kind == SeqKind::Tuple && seq.len == 1 {
                    out.push(',');
                }
                out.push_str(if *kind == SeqKind::FrozenSet && seq.len == 0 {
                    ")"
                } else {
                    close
                });
                active.remove(&id);
            }
            ObjectData::Dict(dict) => {
                if !active.insert(id) || depth >= self.opts.max_depth {
                    out.push_str("{...}");
                    active.remove(&id);
                    return;
                }
                out.push('{');
                for (i, &(k, v)) in dict.entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if i == dict.gap_at as usize && dict.omitted() > 0 {
                        let _ = write!(out, "… {} more …, ", dict.omitted());
                    }
                    self.write(k, depth + 1, active, out);
                    out.push_str(": ");
                    self.write(v, depth + 1, active, out);
                }
                out.push('}');
                active.remove(&id);
            }
            ObjectData::Instance { type_name, .. } => {
                let _ = write!(out, "<{} object #{}>", sym(*type_name), id.0);
            }
            ObjectData::Class { name, .. } => {
                let _ = write!(out, "<class '{}'>", sym(*name));
            }
            ObjectData::Function { signature, .. } => {
                let _ = write!(out, "<function {}>", sym(*signature));
            }
            ObjectData::Builtin { name, .. } => {
                let _ = write!(out, "<built-in function {}>", sym(*name));
            }
            ObjectData::BoundMethod { func, .. } => {
                let name = match self.state.object(*func) {
                    Some(ObjectData::Function { name, .. }) => sym(*name).to_owned(),
                    _ => "?".into(),
                };
                let _ = write!(out, "<bound method {name}>");
            }
            ObjectData::Generator { name, .. } => {
                let _ = write!(out, "<generator object {}>", sym(*name));
            }
            ObjectData::Module { name } => {
                let _ = write!(out, "<module '{}'>", sym(*name));
            }
            ObjectData::Imported {
                class,
                name,
                module,
                ..
            } => {
                if *class {
                    let _ = write!(out, "<class '{}.{}'>", sym(*module), sym(*name));
                } else {
                    let _ = write!(out, "<function {}.{}>", sym(*module), sym(*name));
                }
            }
            ObjectData::Summary(s) => {
                let facts: Vec<String> = s.fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
                let _ = write!(out, "<{} {}>", sym(s.type_name), facts.join(" "));
            }
            ObjectData::Other { type_name, summary } => {
                if summary.is_empty() {
                    let _ = write!(out, "<{} object>", sym(*type_name));
                } else {
                    let _ = write!(out, "<{} {}>", sym(*type_name), summary);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_like_python() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345.0, "123456789012345.0"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.23456, "1.23456"),
            (226000.0, "226000.0"),
            (1e100, "1e+100"),
            (f64::INFINITY, "inf"),
            (-0.0, "-0.0"),
            (2.0f64.powi(60), "1.152921504606847e+18"),
        ];
        for (v, want) in cases {
            assert_eq!(format_float(v), want, "{v}");
        }
    }

    #[test]
    fn strings_quote_like_python() {
        assert_eq!(quote_str(&TextValue::full("it's")), "\"it's\"");
        assert_eq!(quote_str(&TextValue::full("a\nb")), "'a\\nb'");
        assert_eq!(quote_str(&TextValue::full("both ' \"")), "'both \\' \"'");
        assert_eq!(
            quote_str(&TextValue {
                text: "abc".into(),
                len: 10
            }),
            "'abc…' (10 chars)"
        );
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(2_000_003), "2,000,003");
    }

    #[test]
    fn bytes_get_units() {
        assert_eq!(format_bytes(812), "812 B");
        assert_eq!(format_bytes(37_200_000), "37.2 MB");
        assert_eq!(format_bytes(8_100), "8.1 KB");
        assert_eq!(format_bytes(3_000_000_000_000), "3000.0 GB");
    }

    #[test]
    fn big_ints_print_in_decimal() {
        let v = IntValue::Big {
            negative: true,
            bits: 65,
            magnitude: vec![0, 0, 0, 0, 0, 0, 0, 0, 1],
        };
        assert_eq!(format_int(&v), "-18446744073709551616");
        let huge = IntValue::Big {
            negative: false,
            bits: 100_000,
            magnitude: vec![],
        };
        assert_eq!(format_int(&huge), "<int of 30103 digits>");
    }
}

/// `s` made safe to print on a terminal: every control character but newline and tab
/// (escape sequences that clear the screen, set the window title, write the clipboard or
/// move the cursor) is shown as an escape such as `\x1b`, so a program's output, an
/// exception's text or a note cannot drive the user's terminal.
pub fn terminal_safe(s: &str) -> String {
    terminal_safe_inner(s, false)
}

/// As [`terminal_safe`], but keeps SGR sequences (`ESC [ digits ; ... m`: colours and
/// bold), which only colour text: for heapscope's own coloured drawings, which contain
/// program text too.
pub fn terminal_safe_keep_colors(s: &str) -> String {
    terminal_safe_inner(s, true)
}

fn terminal_safe_inner(s: &str, keep_sgr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if keep_sgr && c == '\x1b' {
            let body = rest[1..].strip_prefix('[').map(|b| {
                b.bytes()
                    .take_while(|b| b.is_ascii_digit() || *b == b';')
                    .count()
            });
            if let Some(n) = body.filter(|&n| rest.as_bytes().get(2 + n) == Some(&b'm')) {
                out.push_str(&rest[..3 + n]);
                rest = &rest[3 + n..];
                continue;
            }
        }
        if c.is_control() && c != '\n' && c != '\t' {
            let code = c as u32;
            if code <= 0xff {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{{{code:x}}}"));
            }
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        // OSC 52 (clipboard), a title, a screen clear, a C1 CSI.
        let hostile = "a\x1b]52;c;cHduZWQ=\x07b\x1b]0;title\x07\x1b[2J\u{9b}31m\tz\n";
        assert_eq!(
            terminal_safe(hostile),
            "a\\x1b]52;c;cHduZWQ=\\x07b\\x1b]0;title\\x07\\x1b[2J\\x9b31m\tz\n"
        );
        assert_eq!(
            terminal_safe_keep_colors("\x1b[1;31mred\x1b[0m\x1b[2J"),
            "\x1b[1;31mred\x1b[0m\\x1b[2J"
        );
    }
}
