//! A writer that hands its bytes to a thread of its own, which writes them to the file.
//!
//! Python Tutor's JSON written while recording comes from the thread that follows the
//! run, which is the recording's slowest part on a fast loop: the copy into the page cache
//! (about a tenth of that thread's time) is taken off it and done beside it.

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Bytes gathered before they are handed over.
const CHUNK: usize = 1 << 18;
/// Chunks handed over and not yet written: what the writer may hold, at most.
const IN_FLIGHT: usize = 4;

/// Writes into `W` on another thread. [`WriteBehind::finish`] waits for every byte to be
/// written and gives `W` back; a write error on the thread is returned by the next write,
/// flush or finish.
pub struct WriteBehind<W: Write + Send + 'static> {
    buf: Vec<u8>,
    to_thread: Option<SyncSender<Vec<u8>>>,
    /// Chunks the thread has written, to be filled again.
    spare: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<io::Result<W>>>,
}

impl<W: Write + Send + 'static> WriteBehind<W> {
    /// Starts the thread that writes into `inner`.
    pub fn new(mut inner: W) -> io::Result<Self> {
        let (to_thread, chunks) = sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (give_back, spare) = sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
        let thread = std::thread::Builder::new()
            .name("heapscope-json".into())
            .spawn(move || {
                for mut chunk in chunks {
                    inner.write_all(&chunk)?;
                    chunk.clear();
                    let _ = give_back.try_send(chunk);
                }
                inner.flush()?;
                Ok(inner)
            })?;
        Ok(WriteBehind {
            buf: Vec::with_capacity(CHUNK),
            to_thread: Some(to_thread),
            spare,
            thread: Some(thread),
        })
    }

    /// Hands the gathered bytes to the thread.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buf, next);
        let sent = match &self.to_thread {
            Some(tx) => tx.send(full).is_ok(),
            None => false,
        };
        if sent {
            Ok(())
        } else {
            // The thread stopped at an error: that error is the one to report.
            Err(self.stop().err().unwrap_or_else(|| {
                io::Error::other("the JSON writer stopped before the end of the JSON")
            }))
        }
    }

    /// Ends the thread; its result.
    fn stop(&mut self) -> io::Result<W> {
        self.to_thread = None;
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the JSON writer panicked"))),
            None => Err(io::Error::other("the JSON writer was already stopped")),
        }
    }

    /// Writes what is left, waits for the thread and gives the destination back.
    pub fn finish(mut self) -> io::Result<W> {
        self.hand_over()?;
        self.stop()
    }
}

impl<W: Write + Send + 'static> Write for WriteBehind<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(data.len())
    }

    /// Hands over what was gathered; it reaches `W` when the thread writes it ([`finish`]
    /// waits for that).
    ///
    /// [`finish`]: WriteBehind::finish
    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

impl<W: Write + Send + 'static> Drop for WriteBehind<W> {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes into a shared vector, failing once it holds more than `fail_past` bytes.
    struct Sink {
        got: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
        fail_past: usize,
    }

    impl Write for Sink {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            let mut got = self.got.lock().unwrap();
            if got.len() + data.len() > self.fail_past {
                return Err(io::Error::other("disk full"));
            }
            got.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_byte_arrives_in_order() {
        let got = std::sync::Arc::default();
        let sink = Sink {
            got: std::sync::Arc::clone(&got),
            fail_past: usize::MAX,
        };
        let mut w = WriteBehind::new(sink).unwrap();
        let mut expected = Vec::new();
        for i in 0..200_000u32 {
            let piece = format!("{i},");
            w.write_all(piece.as_bytes()).unwrap();
            expected.extend_from_slice(piece.as_bytes());
        }
        w.flush().unwrap();
        w.write_all(b"end").unwrap();
        expected.extend_from_slice(b"end");
        w.finish().unwrap();
        assert_eq!(*got.lock().unwrap(), expected);
    }

    #[test]
    fn the_threads_write_error_is_reported() {
        let sink = Sink {
            got: std::sync::Arc::default(),
            fail_past: CHUNK,
        };
        let mut w = WriteBehind::new(sink).unwrap();
        let chunk = vec![b'x'; 1000];
        let mut err = None;
        for _ in 0..10_000 {
            if let Err(e) = w.write_all(&chunk) {
                err = Some(e);
                break;
            }
        }
        let err = err
            .or_else(|| w.finish().err())
            .expect("a write past the sink's room fails");
        assert_eq!(err.to_string(), "disk full");
    }
}
