//! A deterministic zip: entries in sorted order, a fixed timestamp
//! (1980-01-01 00:00), fixed permissions (0644, Unix), deflate at a fixed
//! level, already-compressed media stored. The same files give the same bytes.

use std::collections::BTreeMap;
use std::io::{Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The deflate level every entry uses (zlib scale).
pub const DEFLATE_LEVEL: i64 = 6;

/// How an entry is stored in the zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Kept as it is: the format is already compressed.
    Stored,
    Deflated,
}

/// Formats that are already compressed: deflating them costs time and gains
/// nothing.
pub fn compression_for(path: &str) -> Compression {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "mp4" | "m4v" | "webm" | "mp3" | "m4a"
        | "ogg" | "oga" | "woff" | "woff2" | "zip" => Compression::Stored,
        _ => Compression::Deflated,
    }
}

fn options(path: &str, size: usize) -> SimpleFileOptions {
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(zip::System::Unix)
        .large_file(size as u64 >= u64::from(u32::MAX));
    match compression_for(path) {
        Compression::Stored => base.compression_method(CompressionMethod::Stored),
        Compression::Deflated => base
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(DEFLATE_LEVEL)),
    }
}

/// Writes `files` (sorted by the map) as a zip into `out`, calling `each` after
/// every entry. Returns `out` and its final size.
pub fn write_zip<W: Write + Seek>(
    files: &BTreeMap<String, Vec<u8>>,
    out: W,
    each: &mut dyn FnMut(&str),
) -> zip::result::ZipResult<(W, u64)> {
    let mut zip = ZipWriter::new(Quiet::new(out)?);
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options(path, bytes.len()))?;
        zip.write_all(bytes)?;
        each(path);
    }
    let mut out = zip.finish()?.inner;
    let size = out.stream_position()?;
    Ok((out, size))
}

/// The zip's output, which goes quiet after its first failure.
///
/// When writing fails (a full disk), the `ZipWriter` is dropped unfinished,
/// and its drop finishes the archive; that fails too, and the zip crate
/// then prints `ZipWriter::drop: failed to finalize archive: …` to stderr,
/// without a line break, glued to the error the author is shown. After
/// the first failure this discards everything (keeping track of where the
/// writes would be, as the zip writer seeks back and forth), so the drop
/// has nothing to say; the first error is the one returned.
struct Quiet<W> {
    inner: W,
    failed: bool,
    pos: u64,
    end: u64,
}

impl<W: Write + Seek> Quiet<W> {
    fn new(mut inner: W) -> std::io::Result<Self> {
        let pos = inner.stream_position()?;
        Ok(Self {
            inner,
            failed: false,
            pos,
            end: pos,
        })
    }

    fn moved_to(&mut self, pos: u64) -> u64 {
        self.pos = pos;
        self.end = self.end.max(pos);
        pos
    }

    fn check<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if result.is_err() {
            self.failed = true;
        }
        result
    }
}

impl<W: Write + Seek> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = if self.failed {
            buf.len()
        } else {
            let result = self.inner.write(buf);
            self.check(result)?
        };
        self.moved_to(self.pos + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.check(result)
    }
}

impl<W: Write + Seek> Seek for Quiet<W> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if !self.failed {
            let result = self.inner.seek(to);
            let pos = self.check(result)?;
            return Ok(self.moved_to(pos));
        }
        let pos = match to {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            std::io::SeekFrom::End(d) => self.end.checked_add_signed(d),
        };
        Ok(self.moved_to(pos.unwrap_or(self.pos)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file on a disk that fills up after `room` bytes.
    #[derive(Debug)]
    struct FullDisk {
        data: std::io::Cursor<Vec<u8>>,
        room: u64,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.data.position() + buf.len() as u64 > self.room {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            self.data.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Seek for FullDisk {
        fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
            self.data.seek(to)
        }
    }

    /// The disk's error comes back, and the zip writer's drop finds
    /// nothing to fail at (so it prints nothing; the CLI's full-disk test
    /// looks at the real stderr).
    #[test]
    fn a_full_disk_gives_its_own_error_once() {
        let files: BTreeMap<String, Vec<u8>> = (0..20)
            .map(|i| (format!("f{i}.txt"), vec![b'x'; 5000 + i]))
            .collect();
        let out = FullDisk {
            data: std::io::Cursor::new(Vec::new()),
            room: 2000,
        };
        let err = write_zip(&files, out, &mut |_| {}).unwrap_err();
        assert!(
            matches!(&err, zip::result::ZipError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull),
            "{err}"
        );
        let mut quiet = Quiet::new(std::io::Cursor::new(Vec::new())).unwrap();
        quiet.failed = true;
        quiet.write_all(b"abc").unwrap();
        assert_eq!(quiet.seek(std::io::SeekFrom::Current(-1)).unwrap(), 2);
        assert_eq!(quiet.seek(std::io::SeekFrom::End(0)).unwrap(), 3);
        assert!(
            quiet.inner.get_ref().is_empty(),
            "nothing reaches the output"
        );
    }
}
