//! A program's bytes to text, as CPython reads a source file (PEP 263): UTF-8 unless a
//! coding cookie on its first or second line says otherwise. The text goes to the worker
//! already decoded, and the worker compiles it ignoring the cookie.

/// Why the bytes are not a program heapscope can read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Undecodable {
    /// Not valid in the encoding that applies (UTF-8 by default).
    NotText,
    /// A cookie names an encoding heapscope does not decode.
    Encoding(String),
}

/// The encoding a coding cookie on `line` names, if it has one.
fn cookie(line: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(line).ok()?;
    let comment = text
        .trim_start_matches([' ', '\t', '\x0c'])
        .strip_prefix('#')?;
    let at = comment.find("coding")?;
    let rest = comment[at + "coding".len()..].strip_prefix([':', '='])?;
    let name: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// CPython's short list of names it treats as UTF-8 and Latin-1 itself.
fn normal(name: &str) -> String {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let is = |base: &str| n == base || n.starts_with(&format!("{base}-"));
    if is("utf-8") || n == "utf8" {
        "utf-8".into()
    } else if is("latin-1")
        || is("iso-8859-1")
        || is("iso-latin-1")
        || matches!(n.as_str(), "latin1" | "iso8859-1" | "l1")
    {
        "latin-1".into()
    } else {
        n
    }
}

/// Decodes a program's bytes as CPython would.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, Undecodable> {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let first_is_comment = {
        let t = first
            .iter()
            .skip_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
            .copied()
            .collect::<Vec<u8>>();
        t.is_empty() || t[0] == b'#' || t == b"\r"
    };
    let declared = cookie(first).or_else(|| {
        if first_is_comment {
            lines.next().and_then(cookie)
        } else {
            None
        }
    });
    match declared.as_deref().map(normal).as_deref() {
        None | Some("utf-8") => String::from_utf8(body.to_vec()).map_err(|_| Undecodable::NotText),
        Some("latin-1") if !bom => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Some(_) => Err(Undecodable::Encoding(declared.unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_and_latin1_as_cpython_does() {
        assert_eq!(decode("x = 'é'\n".as_bytes()), Ok("x = 'é'\n".into()));
        assert_eq!(decode(b"x = '\xe9'\n"), Err(Undecodable::NotText));
        let latin = b"# -*- coding: latin-1 -*-\nx = '\xe9'\n";
        assert_eq!(
            decode(latin),
            Ok("# -*- coding: latin-1 -*-\nx = 'é'\n".into())
        );
        assert_eq!(
            decode(b"#!/usr/bin/python3\n# vim: set fileencoding=iso-8859-1 :\nx = '\xe9'\n"),
            Ok("#!/usr/bin/python3\n# vim: set fileencoding=iso-8859-1 :\nx = 'é'\n".into())
        );
        // A cookie on line 2 counts only after a comment line.
        assert_eq!(
            decode(b"x = 1\n# coding: latin-1\ny = '\xe9'\n"),
            Err(Undecodable::NotText)
        );
        assert_eq!(
            decode(b"# coding: cp1252\nx = 1\n"),
            Err(Undecodable::Encoding("cp1252".into()))
        );
        assert_eq!(decode(b"\xef\xbb\xbfx = 1\n"), Ok("x = 1\n".into()));
    }
}
