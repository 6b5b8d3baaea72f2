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
    let mut zip = ZipWriter::new(out);
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options(path, bytes.len()))?;
        zip.write_all(bytes)?;
        each(path);
    }
    let mut out = zip.finish()?;
    let size = out.stream_position()?;
    Ok((out, size))
}
