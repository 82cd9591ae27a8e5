//! Byte-level helpers: LEB128 varints, zigzag, length-prefixed strings.

use crate::error::{corrupt, Result};

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    #[inline]
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    #[inline]
    pub(crate) fn uv(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    #[inline]
    pub(crate) fn iv(&mut self, v: i64) {
        self.uv(((v << 1) ^ (v >> 63)) as u64);
    }
    #[inline]
    pub(crate) fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    #[inline]
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.uv(b.len() as u64);
        self.buf.extend_from_slice(b);
    }
    #[inline]
    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

/// Reads values from a byte slice, failing cleanly on bad or short input.
pub(crate) struct Reader<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }
    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| corrupt("unexpected end of record"))?;
        self.pos += 1;
        Ok(b)
    }
    #[inline]
    pub(crate) fn uv(&mut self) -> Result<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            if shift >= 64 {
                return Err(corrupt("varint too long"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    #[inline]
    pub(crate) fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.uv()?).map_err(|_| corrupt("number out of range"))
    }
    #[inline]
    pub(crate) fn iv(&mut self) -> Result<i64> {
        let u = self.uv()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    pub(crate) fn f64(&mut self) -> Result<f64> {
        let end = self.pos + 8;
        let b = self
            .data
            .get(self.pos..end)
            .ok_or_else(|| corrupt("unexpected end of float"))?;
        self.pos = end;
        Ok(f64::from_le_bytes(
            b.try_into().map_err(|_| corrupt("float"))?,
        ))
    }
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = usize::try_from(self.uv()?).map_err(|_| corrupt("length out of range"))?;
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| corrupt("length out of range"))?;
        let b = self
            .data
            .get(self.pos..end)
            .ok_or_else(|| corrupt("unexpected end of bytes"))?;
        self.pos = end;
        Ok(b)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| corrupt("invalid UTF-8 in a string"))
    }
    /// A count that will size an allocation: bounded by the bytes left, so a corrupt
    /// length cannot make us allocate gigabytes.
    pub(crate) fn count(&mut self) -> Result<usize> {
        let n = self.uv()?;
        if n > (self.data.len() - self.pos.min(self.data.len())) as u64 {
            return Err(corrupt("count larger than the data"));
        }
        Ok(n as usize)
    }
}
