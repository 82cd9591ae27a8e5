//! The share link's fragment, built on the server side for `heapscope serve --open`.
//! The front-end reads `#code=<base64url of the UTF-8 program>` (and its own compressed
//! `#z=` form); the fragment never reaches the server, so sharing needs no storage.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5), as the front-end decodes it.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// The fragment (with its `#`) that opens the app on `code` with `stdin`.
pub fn share_fragment(code: &str, stdin: &str) -> String {
    let mut f = format!("#code={}", base64url(code.as_bytes()));
    if !stdin.is_empty() {
        f.push_str("&stdin=");
        f.push_str(&base64url(stdin.as_bytes()));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::base64url;

    #[test]
    fn rfc4648_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }
}
