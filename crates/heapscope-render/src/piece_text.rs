//! A picture piece's SVG as a shared template and its numbers.
//!
//! Most pieces that a long trace adds differ from earlier ones only in numbers: a list's
//! "list of 155" label, a new cell's index and value, its width. Storing each piece as
//! text made the numbers' surroundings (tags, colours, fonts) most of the player's data.
//! Here the text is split at its numbers: the text between them (the template) is kept
//! once, and the piece keeps the template's index and the numbers. The page joins them
//! back, giving the very same text.

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use crate::lists::Lists;

/// A number taken out of a piece. Only numbers whose text the page writes back
/// identically are taken out (see [`number`]); the others stay in the template.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Num(f64);

impl PartialEq for Num {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole numbers as integers: "153", not "153.0" (JavaScript writes both as "153").
        if self.0.fract() == 0.0 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// The pieces, each a template's index and the numbers that go between the template's
/// parts, written as `[[template, numbers…], …]` (their numbers kept in one [`Lists`]).
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    templates: Vec<u32>,
    nums: Lists<Num>,
}

impl Pieces {
    /// How many pieces there are.
    pub(crate) fn len(&self) -> usize {
        self.templates.len()
    }

    /// Adds a piece at the end.
    pub(crate) fn push(&mut self, template: u32, nums: &[Num]) {
        self.templates.push(template);
        self.nums.push(nums);
    }

    /// Piece `i`'s template and numbers.
    pub(crate) fn get(&self, i: usize) -> (u32, &[Num]) {
        (self.templates[i], self.nums.get(i))
    }
}

impl Serialize for Pieces {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            seq.serialize_element(&OnePiece(self.get(i)))?;
        }
        seq.end()
    }
}

/// One piece as `[template, numbers…]`.
struct OnePiece<'a>((u32, &'a [Num]));

impl Serialize for OnePiece<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (template, nums) = self.0;
        let mut seq = s.serialize_seq(Some(1 + nums.len()))?;
        seq.serialize_element(&template)?;
        for n in nums {
            seq.serialize_element(n)?;
        }
        seq.end()
    }
}

/// Splits `text` into its template's parts (one more than the numbers) and its numbers.
/// A number is a run like `-12` or `17.5` standing alone: after `"`, `>`, a space, `(` or
/// `,`, and before `"`, `<`, a space, `)` or `,` (so colours like `#1f2328` stay whole).
pub(crate) fn split(text: &str) -> (Vec<&str>, Vec<Num>) {
    let b = text.as_bytes();
    let (mut parts, mut nums) = (Vec::new(), Vec::new());
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let after_sep = i == 0 || matches!(b[i - 1], b'"' | b'>' | b' ' | b'(' | b',');
        if after_sep && (b[i] == b'-' || b[i].is_ascii_digit()) {
            let end = number_end(b, i);
            let before_sep = end == b.len() || matches!(b[end], b'"' | b'<' | b' ' | b')' | b',');
            if end > i && before_sep {
                if let Some(n) = number(&text[i..end]) {
                    parts.push(&text[start..i]);
                    nums.push(n);
                    start = end;
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    parts.push(&text[start..]);
    (parts, nums)
}

/// Whether `text` is the piece with these template parts and numbers: what the page
/// would join back. Cheaper than [`split`] (it compares the parts and reads only the
/// numbers), for the many pieces drawn again that are already kept.
pub(crate) fn matches(text: &str, parts: &[String], nums: &[Num]) -> bool {
    if parts.len() != nums.len() + 1 {
        return false;
    }
    let b = text.as_bytes();
    let mut at = 0;
    for (part, n) in parts.iter().zip(nums) {
        if !b[at..].starts_with(part.as_bytes()) {
            return false;
        }
        at += part.len();
        let end = if at < b.len() { number_end(b, at) } else { at };
        // A number in its one written form (see [`number`]) with the same value is the
        // same text.
        match number(&text[at..end]) {
            Some(m) if end > at && m == *n => at = end,
            _ => return false,
        }
    }
    &b[at..] == parts[parts.len() - 1].as_bytes()
}

/// The end of a `-?\d+(\.\d+)?` run starting at `i` (`i` itself when there is none).
fn number_end(b: &[u8], i: usize) -> usize {
    let digits = |mut j: usize| {
        let from = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        (j > from).then_some(j)
    };
    let j = if b[i] == b'-' { i + 1 } else { i };
    let Some(j) = digits(j) else { return i };
    if j < b.len() && b[j] == b'.' {
        if let Some(k) = digits(j + 1) {
            return k;
        }
    }
    j
}

/// `s` (a `-?\d+(\.\d+)?` run) as a number, if the page writes the number back as
/// exactly `s`. JavaScript's `String(x)` gives the shortest digits that read back as `x`,
/// without an exponent from 1e-6 to 1e21; a decimal of at most 15 significant digits
/// reads back as itself (no shorter one gives the same double), so `s` qualifies when it
/// has at most 15 of them, is in that range and is in that shortest form: no "05",
/// "1.50" or "-0". Checked on the text, without formatting the number (this runs for
/// every number of every piece drawn).
fn number(s: &str) -> Option<Num> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let shortest = (int == "0" || !int.starts_with('0')) && !frac.ends_with('0');
    let significant = if int == "0" {
        frac.trim_start_matches('0').len()
    } else {
        int.len() + frac.len()
    };
    let leading_zeros = if int == "0" {
        frac.len() - frac.trim_start_matches('0').len()
    } else {
        0
    };
    let negative_zero = s.starts_with('-') && int == "0" && frac.is_empty();
    if !shortest || significant > 15 || leading_zeros > 5 || negative_zero {
        return None;
    }
    s.parse().ok().map(Num)
}

/// A number as the page writes it: read from the JSON, then `String(x)` (which Rust's
/// `Display` matches in [`number`]'s range).
#[cfg(test)]
fn shown(n: &Num) -> String {
    let v: f64 = serde_json::from_str(&serde_json::to_string(n).expect("a number")).expect("JSON");
    format!("{v}")
}

/// The text of a piece from its template's parts and its numbers (what the page does).
#[cfg(test)]
pub(crate) fn join(parts: &[&str], nums: &[Num]) -> String {
    let mut out = parts[0].to_string();
    for (n, p) in nums.iter().zip(&parts[1..]) {
        out.push_str(&shown(n));
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{join, matches, shown, split, Num};

    #[test]
    fn a_piece_splits_at_its_numbers_and_joins_back_to_the_same_text() {
        let texts = [
            r##"<text x="17.7" y="-3" font-size="10" fill="#667085" text-anchor="middle">153</text>"##,
            r##"<text x="285" y="63" font-size="11" fill="#1f2328">list of 155</text>"##,
            r#"<rect stroke-dasharray="3 3"/><text>… 55 more …</text>"#,
            r#"<text>05 1.50 -0 0 -0.5 1e5 12345678901234567890 0.000001 0.0000001 x1 2x 999999999999999 1000000000000000 0.1234567890123456</text>"#,
            r#"<g transform="translate(10,-2.25)">"#,
            "",
            "7",
        ];
        for t in texts {
            let (parts, nums) = split(t);
            assert_eq!(parts.len(), nums.len() + 1);
            assert_eq!(join(&parts, &nums), t, "{t}");
            let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            assert!(matches(t, &owned, &nums), "{t}");
            assert!(!matches(&format!("{t}1"), &owned, &nums), "{t}");
            if let Some(n) = nums.first() {
                let mut other = nums.clone();
                other[0] = Num(n.0 + 1.0);
                assert!(!matches(t, &owned, &other), "{t}");
            }
        }
        let (parts, nums) = split(texts[1]);
        assert_eq!(nums.len(), 4, "{parts:?}");
        assert!(parts.iter().all(|p| !p.contains("155")), "{parts:?}");
        // Numbers the page would write differently stay in the template.
        let (_, nums) = split(texts[3]);
        let written: Vec<String> = nums.iter().map(shown).collect();
        assert_eq!(written, ["0", "-0.5", "0.000001", "999999999999999"]);
    }
}
