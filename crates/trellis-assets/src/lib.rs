//! Asset intake for Trellis.
//!
//! Everything a course carries besides its text (images, captions, audio,
//! video) enters through [`inspect`]: it checks the asset's name, works out its
//! media type from the name and confirms it from the bytes, decodes images
//! within fixed limits (so a file that is not an image, a truncated image or a
//! decompression bomb is refused with a clear message), and computes the
//! SHA-256 the course file stores blobs under.

use std::io::{Cursor, Read};
use std::path::Path;

use sha2::{Digest, Sha256};
use trellis_model::AssetInfo;

/// The largest asset accepted, in bytes.
pub const MAX_ASSET_BYTES: u64 = 512 * 1024 * 1024;
/// The longest asset name accepted, in bytes.
pub const MAX_NAME_LEN: usize = 200;
/// Images wider or taller than this many pixels are refused.
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// The most memory an image may need to decode.
pub const MAX_IMAGE_ALLOC: u64 = 256 * 1024 * 1024;

/// Why an asset is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetError {
    #[error("asset name `{name}` is not allowed: {reason}")]
    BadName { name: String, reason: &'static str },
    #[error(
        "asset `{name}` has an unsupported type; supported endings are {}",
        SUPPORTED.iter().map(|(e, _)| *e).collect::<Vec<_>>().join(", ")
    )]
    Unsupported { name: String },
    #[error("asset `{name}` is {size} bytes; the limit is {MAX_ASSET_BYTES} bytes")]
    TooLarge { name: String, size: u64 },
    #[error("asset `{name}` is not a valid {expected} file: {reason}")]
    Invalid {
        name: String,
        expected: &'static str,
        reason: String,
    },
}

/// Why a file chosen on disk could not be read as an asset.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A device, a pipe, a socket or a folder: nothing an author means to
    /// put in a course, and some (`/dev/zero`, a pipe) never end.
    #[error(
        "“{file}” is not an ordinary file (it is a folder, a device or a pipe); choose a picture, sound, video, captions or PDF file"
    )]
    NotAFile { file: String },
    /// More than [`MAX_ASSET_BYTES`], counted while reading.
    #[error(
        "“{file}” is larger than {} MiB, the most one file in a course can be",
        MAX_ASSET_BYTES / (1024 * 1024)
    )]
    TooLarge { file: String },
    #[error("could not read “{file}”: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Reads the file at `path` to become an asset: only an ordinary file, and
/// never more than [`MAX_ASSET_BYTES`].
///
/// The kind of file is asked of the opened handle, not of the path
/// beforehand (the path could be swapped in between), and the file is
/// opened without waiting, so a pipe with no writer cannot hang the call.
/// The size the system reports is not trusted either (`/dev/zero` reports
/// none, a file may grow): the bytes are counted as they are read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_file_within(path, MAX_ASSET_BYTES)
}

/// [`read_file`] with `limit` in place of [`MAX_ASSET_BYTES`].
fn read_file_within(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = path
        .file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned();
    let io = |source| ReadError::Io {
        file: file.clone(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let handle = options.open(path).map_err(io)?;
    let meta = handle.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile { file });
    }
    // A size already too large is refused at once; a smaller one only
    // sizes the buffer, and the count below decides.
    if meta.len() > limit {
        return Err(ReadError::TooLarge { file });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    handle.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { file });
    }
    Ok(bytes)
}

/// File endings Trellis accepts and their media types.
pub const SUPPORTED: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("mp4", "video/mp4"),
    ("m4v", "video/mp4"),
    ("webm", "video/webm"),
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("wav", "audio/wav"),
    ("vtt", "text/vtt"),
    ("pdf", "application/pdf"),
];

/// Checks that `name` is a relative path with `/` separators that stays
/// inside the assets folder and is safe as a file name on every system.
pub fn validate_name(name: &str) -> Result<(), AssetError> {
    let bad = |reason| {
        Err(AssetError::BadName {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return bad("it is longer than 200 bytes");
    }
    if name.starts_with('/') || name.contains(':') {
        return bad("it is an absolute path; use a path relative to the assets folder");
    }
    if name.contains('\\') {
        return bad("it contains `\\`; separate folders with `/`");
    }
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return bad("it contains a control character or one of * ? \" < > |");
    }
    for part in name.split('/') {
        match part {
            "" => return bad("it has an empty folder name (`//` or a trailing `/`)"),
            "." | ".." => {
                return bad("it contains `.` or `..`, which could leave the assets folder");
            }
            _ if part.ends_with(' ') || part.ends_with('.') => {
                return bad("a part of it ends with a space or a dot");
            }
            _ => {}
        }
    }
    Ok(())
}

/// The longest path accepted in a package. Windows without long paths stops
/// at 260 characters for the whole path once extracted; leave room for the
/// LMS's own folder.
pub const MAX_PACKAGE_PATH_LEN: usize = 180;

/// Names Windows keeps for devices, with or without an ending (`con.png`):
/// no file can have them there.
const WINDOWS_DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Where the asset `name` sits inside every published package.
pub fn package_path(name: &str) -> String {
    format!("assets/{name}")
}

/// Checks that `path` is a legal, portable path inside a package (a zip or
/// a published folder); the error names the path and says why not.
/// Publishing refuses every file that fails this, and the design check
/// reports every asset that would (`unportable-asset-name`) with
/// [`package_path_problem`], so the two never disagree.
pub fn check_package_path(path: &str) -> Result<(), String> {
    match package_path_problem(path) {
        None => Ok(()),
        Some(why) => Err(format!(
            "`{path}` is not a portable file name in a zip: {why}"
        )),
    }
}

/// Why `path` cannot be a file in a package, in plain words, or `None`
/// when it can: it must be relative, with `/` separators, no empty, `.` or
/// `..` parts, no characters Windows or LMS unzippers refuse, no Windows
/// device names (`CON`, `nul.png`...), no part that starts with a space or
/// ends with a space or a dot, and at most [`MAX_PACKAGE_PATH_LEN`]
/// characters.
pub fn package_path_problem(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("it is empty".into());
    }
    if path.chars().count() > MAX_PACKAGE_PATH_LEN {
        return Some(format!(
            "it is longer than {MAX_PACKAGE_PATH_LEN} characters"
        ));
    }
    if path.starts_with('/') {
        return Some("it is absolute".into());
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Some(format!("it contains {c:?}"));
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Some("it has an empty folder name, or a part that is “.” or “..”".into());
        }
        if part.ends_with('.') || part.ends_with(' ') || part.starts_with(' ') {
            return Some(format!(
                "“{part}” starts with a space or ends with a space or a dot, which Windows does not allow"
            ));
        }
        let stem = part.split('.').next().unwrap_or(part).trim_end();
        if WINDOWS_DEVICE_NAMES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(stem))
        {
            return Some(format!(
                "“{part}” is a name Windows keeps for a device, so no file can have it there"
            ));
        }
    }
    None
}

/// Pairs of paths that name one file once unpacked on some system: equal
/// ignoring letter case (Windows, macOS) or Unicode normalisation (`é` as
/// one character or as `e` and an accent: macOS stores them alike). Each
/// pair is the first path seen and the later one. Publishing refuses a
/// package with such a pair, and the design check reports them.
pub fn colliding_paths<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for p in paths {
        let key: String = p.nfc().collect::<String>().to_lowercase().nfc().collect();
        if let Some(first) = seen.insert(key, p) {
            out.push((first.to_owned(), p.to_owned()));
        }
    }
    out
}

/// The media type for an asset name, from its ending.
pub fn media_type_for(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    SUPPORTED
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, media)| *media)
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Validates an asset and describes it.
pub fn inspect(name: &str, bytes: &[u8]) -> Result<AssetInfo, AssetError> {
    validate_name(name)?;
    let media_type = media_type_for(name).ok_or_else(|| AssetError::Unsupported {
        name: name.to_owned(),
    })?;
    let size = bytes.len() as u64;
    if size > MAX_ASSET_BYTES {
        return Err(AssetError::TooLarge {
            name: name.to_owned(),
            size,
        });
    }
    let invalid = |expected: &'static str, reason: String| AssetError::Invalid {
        name: name.to_owned(),
        expected,
        reason,
    };
    let (mut width, mut height) = (None, None);
    match media_type {
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" => {
            let (w, h) = check_image(media_type, bytes).map_err(|r| invalid("image", r))?;
            width = Some(w);
            height = Some(h);
        }
        "text/vtt" => check_vtt(bytes).map_err(|r| invalid("WebVTT captions", r))?,
        other => {
            if !signature_matches(other, bytes) {
                return Err(invalid(
                    other,
                    "its first bytes do not match its file ending".into(),
                ));
            }
        }
    }
    Ok(AssetInfo {
        name: name.to_owned(),
        sha256: sha256_hex(bytes),
        size,
        media_type: media_type.to_owned(),
        width,
        height,
    })
}

fn check_image(media_type: &str, bytes: &[u8]) -> Result<(u32, u32), String> {
    use image::{ImageFormat, ImageReader, Limits};
    let expected = match media_type {
        "image/png" => ImageFormat::Png,
        "image/jpeg" => ImageFormat::Jpeg,
        "image/gif" => ImageFormat::Gif,
        _ => ImageFormat::WebP,
    };
    let found = image::guess_format(bytes)
        .map_err(|_| "its contents are not a PNG, JPEG, GIF or WebP image".to_owned())?;
    if found != expected {
        return Err(format!(
            "its contents are {found:?} but its name ends like {expected:?}; rename it"
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), expected);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "it is too large to decode safely (limits: {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels, {} MiB)",
            MAX_IMAGE_ALLOC / (1024 * 1024)
        ),
        other => format!("it cannot be decoded ({other}); it may be truncated or damaged"),
    })?;
    // The JPEG decoder fills missing picture data with grey instead of
    // failing, so a JPEG cut short (even to its headers alone) decodes.
    // Its structure says whether it is whole.
    if expected == ImageFormat::Jpeg {
        jpeg_is_whole(bytes)?;
    }
    Ok((image.width(), image.height()))
}

/// Walks a JPEG's segments and picture data up to its end-of-image marker:
/// a JPEG is whole when it has picture data (a start-of-scan) and its end
/// marker. Bytes after the end marker (some cameras pad files) are allowed.
fn jpeg_is_whole(bytes: &[u8]) -> Result<(), String> {
    let truncated = |what: &str| {
        Err(format!(
            "it is truncated ({what}); the file was cut short, perhaps by an interrupted copy or download"
        ))
    };
    let mut at = 2; // after SOI, which guess_format already found
    let mut scans = 0;
    loop {
        // A marker: 0xFF (any number of fill bytes), then its code.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&code)) = (bytes.get(at), bytes.get(at + 1)) else {
            return if bytes.len() <= at {
                truncated("its end marker is missing")
            } else {
                Err("its structure is damaged (a segment does not start with a marker)".into())
            };
        };
        at += 2;
        match code {
            0xd9 if scans > 0 => return Ok(()),
            0xd9 => return truncated("it has no picture data"),
            // Markers without a length: restart markers, TEM.
            0xd0..=0xd7 | 0x01 => continue,
            _ => {}
        }
        let Some(len) = bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return truncated("it ends inside a segment header");
        };
        if len < 2 || at + len > bytes.len() {
            return truncated("it ends inside a segment");
        }
        at += len;
        if code == 0xda {
            // Start of scan: entropy-coded data follows, up to the next
            // marker that is neither a stuffed 0xFF00 nor a restart marker.
            scans += 1;
            loop {
                match bytes.get(at..at + 2) {
                    None => return truncated("its picture data is incomplete"),
                    Some([0xff, 0x00]) | Some([0xff, 0xd0..=0xd7]) => at += 2,
                    Some([0xff, _]) => break,
                    Some(_) => at += 1,
                }
            }
        }
    }
}

fn check_vtt(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    if first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t") {
        Ok(())
    } else {
        Err("it must start with a `WEBVTT` line".into())
    }
}

fn signature_matches(media_type: &str, b: &[u8]) -> bool {
    let at = |offset: usize, sig: &[u8]| b.get(offset..offset + sig.len()) == Some(sig);
    match media_type {
        "video/mp4" | "audio/mp4" => at(4, b"ftyp"),
        "video/webm" => at(0, &[0x1a, 0x45, 0xdf, 0xa3]),
        "audio/mpeg" => at(0, b"ID3") || (b.len() > 1 && b[0] == 0xff && b[1] & 0xe0 == 0xe0),
        "audio/ogg" => at(0, b"OggS"),
        "audio/wav" => at(0, b"RIFF") && at(8, b"WAVE"),
        "application/pdf" => at(0, b"%PDF-"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ordinary_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.vtt");
        std::fs::write(&path, b"WEBVTT\n").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"WEBVTT\n");
        assert_eq!(read_file_within(&path, 7).unwrap(), b"WEBVTT\n");
        let err = read_file_within(&path, 6).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("“notes.vtt” is larger than"));
        let err = read_file(dir.path()).unwrap_err();
        assert!(matches!(err, ReadError::NotAFile { .. }), "{err}");
        let err = read_file(&dir.path().join("gone.png")).unwrap_err();
        assert!(matches!(err, ReadError::Io { .. }), "{err}");
    }

    /// Files under /proc say they are empty and are not: the bytes read are
    /// counted, whatever size the system reports.
    #[cfg(target_os = "linux")]
    #[test]
    fn counts_the_bytes_instead_of_trusting_the_reported_size() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        assert!(read_file_within(path, 1 << 20).unwrap().len() > 100);
        let err = read_file_within(path, 100).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// A valid PNG header declaring `w`×`h` pixels, with a tiny IDAT: a
    /// decompression bomb in miniature.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // IHDR data starts at offset 16: width, height (big-endian).
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        // Fix the IHDR CRC (over type + data, offsets 12..29).
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn accepts_a_png_and_describes_it() {
        let bytes = png(4, 3);
        let info = inspect("images/red.png", &bytes).unwrap();
        assert_eq!(info.media_type, "image/png");
        assert_eq!((info.width, info.height), (Some(4), Some(3)));
        assert_eq!(info.size, bytes.len() as u64);
        assert_eq!(info.sha256, sha256_hex(&bytes));
        assert_eq!(info.sha256.len(), 64);
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn refuses_names_that_escape_or_are_unsafe() {
        for name in [
            "",
            "../x.png",
            "a/../../x.png",
            "/etc/passwd.png",
            "C:/x.png",
            "a\\b.png",
            "a//b.png",
            "a/./b.png",
            "bad\u{7}.png",
            "dir/",
        ] {
            assert!(
                matches!(validate_name(name), Err(AssetError::BadName { .. })),
                "{name:?}"
            );
        }
        assert!(validate_name("images/ok name (1).png").is_ok());
    }

    /// What every target refuses: Windows device names (with an ending, any
    /// case), parts starting with a space or ending with a space or a dot,
    /// and names too long once under `assets/`.
    #[test]
    fn package_paths_are_portable() {
        for ok in [
            "photo.png",
            "images/a b (1).png",
            "café.png",
            "console.png",
            "com10.png",
        ] {
            assert!(check_package_path(&package_path(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "CON.png",
            "nul",
            "images/Com1.jpg",
            "lpt9.tar.png",
            "aux .png",
            " leading.png",
            "images/ x.png",
            "trailing.",
            "dir./x.png",
            "a:b.png",
        ] {
            assert!(check_package_path(&package_path(bad)).is_err(), "{bad:?}");
        }
        let long = format!("{}.png", "a".repeat(MAX_PACKAGE_PATH_LEN - 10));
        assert!(validate_name(&long).is_ok(), "the name alone is allowed");
        assert!(check_package_path(&package_path(&long)).is_err());
    }

    #[test]
    fn paths_collide_by_case_and_by_unicode_normalisation() {
        let nfc = "caf\u{e9}.png";
        let nfd = "cafe\u{301}.png";
        assert_ne!(nfc, nfd);
        assert_eq!(
            colliding_paths([nfc, "other.png", nfd]),
            vec![(nfc.to_owned(), nfd.to_owned())]
        );
        assert_eq!(
            colliding_paths(["a.png", "b.png", "A.png"]),
            vec![("a.png".to_owned(), "A.png".to_owned())]
        );
        assert_eq!(
            colliding_paths(["CAF\u{c9}.png", nfd]).len(),
            1,
            "case and normalisation together"
        );
        assert!(colliding_paths(["a.png", "b.png"]).is_empty());
    }

    #[test]
    fn refuses_a_text_file_named_png() {
        let err = inspect("x.png", b"hello, not an image").unwrap_err();
        assert!(matches!(err, AssetError::Invalid { .. }), "{err}");
        assert!(err.to_string().contains("not a valid image"));
    }

    #[test]
    fn refuses_a_truncated_png() {
        let bytes = png(64, 64);
        let err = inspect("x.png", &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 5 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    /// Where the picture data of a baseline JPEG starts: just after its
    /// start-of-scan segment. Everything before is headers.
    fn jpeg_headers_end(bytes: &[u8]) -> usize {
        let sos = bytes.windows(2).position(|w| w == [0xff, 0xda]).unwrap();
        sos + 2 + usize::from(u16::from_be_bytes([bytes[sos + 2], bytes[sos + 3]]))
    }

    /// The JPEG decoder shows a cut-off JPEG with grey where data is
    /// missing; such a file must be refused like a truncated PNG.
    #[test]
    fn refuses_a_truncated_jpeg_down_to_its_headers() {
        let bytes = jpeg(96, 64);
        let info = inspect("photo.jpg", &bytes).unwrap();
        assert_eq!((info.width, info.height), (Some(96), Some(64)));
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0; 16]);
        inspect("padded.jpg", &padded).expect("bytes after the end marker are allowed");

        let headers = jpeg_headers_end(&bytes);
        for cut in [
            bytes.len() - 2,
            bytes.len() / 2,
            headers + 10,
            headers,
            headers - 3,
        ] {
            let err = inspect("photo.jpg", &bytes[..cut]).unwrap_err();
            assert!(
                matches!(err, AssetError::Invalid { .. }) && err.to_string().contains("truncated"),
                "cut at {cut} of {}: {err}",
                bytes.len()
            );
        }
    }

    #[test]
    fn refuses_a_decompression_bomb() {
        let err = inspect("bomb.png", &png_claiming(100_000, 100_000)).unwrap_err();
        assert!(err.to_string().contains("too large to decode"), "{err}");
    }

    #[test]
    fn refuses_a_jpeg_named_png() {
        let img = image::RgbImage::from_pixel(2, 2, image::Rgb([1, 2, 3]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        let err = inspect("x.png", out.get_ref()).unwrap_err();
        assert!(err.to_string().contains("rename"), "{err}");
    }

    #[test]
    fn refuses_unknown_endings_and_svg() {
        for name in ["x.svg", "x.exe", "noext"] {
            assert!(matches!(
                inspect(name, b"data"),
                Err(AssetError::Unsupported { .. })
            ));
        }
    }

    #[test]
    fn checks_captions_and_media_signatures() {
        assert!(inspect("c.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n").is_ok());
        assert!(inspect("c.vtt", b"\xef\xbb\xbfWEBVTT\n").is_ok());
        assert!(inspect("c.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nHi\n").is_err());
        assert!(inspect("c.vtt", b"WEBVTT\n\xff").is_err());
        assert!(inspect("v.mp4", b"\0\0\0\x18ftypmp42").is_ok());
        assert!(inspect("v.mp4", b"not a video").is_err());
        assert!(inspect("a.mp3", b"ID3\x04").is_ok());
    }
}
