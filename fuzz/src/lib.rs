//! The fuzz targets' bodies, kept apart from AFL so that the regression
//! test (`cargo test` in this folder) replays every corpus and crash input
//! through exactly the code the fuzzers run.
//!
//! Each function takes the fuzzer's bytes and panics only on a real fault:
//! an error returned for bad input is the expected answer to bad input.

pub mod blind;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use trellis_model::{CourseId, ReviewFile};
use trellis_store::CourseFile;

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// The targets, by name: the names of `src/bin/*.rs` and `corpus/*/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("text_import", text_import),
    ("review_import", review_import),
    ("open_course", open_course),
    ("markdown", markdown),
    ("ooxml", ooxml),
    ("gift", gift),
    ("xliff", xliff),
];

/// Splits fuzz input into a course folder. The bytes before the first
/// `\n%%% PATH\n` line are `course.toml`; each such line starts the file
/// at PATH (e.g. `lessons/intro.md`, `comments/c-1.toml`,
/// `assets/images/a.png`).
pub fn folder_from_bytes(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    const MARK: &[u8] = b"\n%%% ";
    let mut files = BTreeMap::new();
    let mut name = "course.toml".to_owned();
    let mut rest = data;
    loop {
        let Some(at) = find(rest, MARK) else {
            files.insert(name, rest.to_vec());
            return files;
        };
        files.insert(name, rest[..at].to_vec());
        let after = &rest[at + MARK.len()..];
        let end = after
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(after.len());
        name = String::from_utf8_lossy(&after[..end]).into_owned();
        rest = &after[(end + 1).min(after.len())..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The text-format importer on a folder made from the bytes; a course it
/// accepts must survive export and import unchanged (the round trip the
/// text format promises).
pub fn text_import(data: &[u8]) {
    let files = folder_from_bytes(data);
    let Ok(imported) = trellis_text::import_files(&files) else {
        return;
    };
    let mut again = trellis_text::export_files(&imported.course, &imported.comments);
    for (info, bytes) in &imported.assets {
        again.insert(format!("assets/{}", info.name), bytes.clone());
    }
    let reimported = trellis_text::import_files(&again)
        .unwrap_or_else(|e| panic!("an imported course does not import again after export: {e}"));
    assert_eq!(
        reimported.course, imported.course,
        "export and import changed the course"
    );
    assert_eq!(
        reimported.comments, imported.comments,
        "export and import changed the comments"
    );
}

/// The course every review file is tried against (`corpus/review_import`
/// seeds are for it).
pub const REVIEW_COURSE: &str = "phishing-awareness";

/// A fresh course file for this process, from the small blueprint, kept
/// in memory as bytes so each run starts from the same file.
fn course_file_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut files = BTreeMap::new();
        files.insert(
            "course.toml".to_owned(),
            format!(
                "id = \"{REVIEW_COURSE}\"\ntitle = \"Fuzz\"\nlanguage = \"en\"\nversion = \"1\"\n\n\
                 [[modules]]\nid = \"m\"\ntitle = \"M\"\nlessons = [\"spot-the-signs\"]\n"
            )
                .into_bytes(),
        );
        files.insert(
            "lessons/spot-the-signs.md".to_owned(),
            b"+++\nid = \"spot-the-signs\"\ntitle = \"Spot the signs\"\ntemplate = \"concept\"\n+++\n\n::: text {id = \"intro\"}\nSome *text*.\n:::\n"
                .to_vec(),
        );
        let imported = trellis_text::import_files(&files).expect("the fuzz course imports");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("course.trellis");
        drop(CourseFile::create(&path, &imported.course, imported.assets).expect("created"));
        std::fs::read(&path).expect("read back")
    })
}

/// Does, before the fuzzing loop, the work a target would otherwise do on
/// its first execution only: building the review target's course file
/// (which also starts SQLite). Done inside the loop, it makes the first
/// execution of every forked process take paths the others do not, which
/// AFL counts as instability.
pub fn warm_up() {
    let _ = course_file_bytes();
}

/// A scratch file path for this process, on a RAM disk when there is one.
/// No folder: the targets remove the file and its side files after each
/// run, so a long fuzzing session leaves nothing behind.
fn scratch(name: &str) -> PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("trellis-fuzz-{}-{name}", std::process::id()))
}

fn remove_with_side_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The review-file import, as `App::import_review_bytes` does it: parse
/// and check against the course, then add the comments to a course file
/// (all or none) and read them back.
pub fn review_import(data: &[u8]) {
    let course = CourseId::new(REVIEW_COURSE).expect("a valid id");
    let Ok(review) = ReviewFile::parse(data, &course) else {
        return;
    };
    let comments = review.comments();
    for comment in &comments {
        comment
            .validate()
            .expect("ReviewFile::parse accepted an invalid comment");
    }
    let path = scratch("review.trellis");
    remove_with_side_files(&path);
    std::fs::write(&path, course_file_bytes()).expect("write the course file");
    let mut file = CourseFile::open(&path).expect("the fuzz course opens");
    for comment in &comments {
        let _ = comment.anchor(file.course());
    }
    if let Ok(added) = file.add_comments(&comments) {
        assert!(added <= comments.len());
        let stored = file.comments().expect("comments read back");
        assert_eq!(stored.len(), added, "every added comment is stored");
    }
    drop(file);
    remove_with_side_files(&path);
}

/// Opening a `.trellis` file made of the bytes: read-only, reading all it
/// holds, then for editing (which may upgrade or repair it).
pub fn open_course(data: &[u8]) {
    let path = scratch("open.trellis");
    remove_with_side_files(&path);
    std::fs::write(&path, data).expect("write the course file");
    if let Ok(file) = CourseFile::open_read_only(&path) {
        read_everything(&file);
    }
    if let Ok(file) = CourseFile::open(&path) {
        read_everything(&file);
    }
    remove_with_side_files(&path);
}

fn read_everything(file: &CourseFile) {
    let course = file.course();
    let _ = course.fingerprint();
    for asset in &course.assets {
        let _ = file.asset_bytes(&asset.name);
    }
    let _ = file.comments();
    let _ = file.check_integrity();
    let _ = file.can_undo();
}

/// The Markdown renderer and sanitiser a learner page uses, with an
/// oracle: in its output no element, attribute or URL that could run
/// script, only the allow-listed tags and attributes.
pub fn markdown(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    for inline in [false, true] {
        let html = trellis_render::sanitized_markdown(md, inline);
        if let Err(why) = check_safe_html(&html, inline) {
            panic!("unsafe output ({why}) for {md:?}: {html:?}");
        }
    }
}

const BLOCK_TAGS: &[&str] = &[
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "br", "code", "del", "em", "kbd", "s", "strong", "sub", "sup",
];
const ATTRIBUTES: &[&str] = &[
    "lang", "dir", "title", "href", "target", "rel", "src", "alt", "width", "height", "start",
];

/// Checks sanitised HTML as a browser would read it: every tag is on the
/// allow-list, every attribute is known (no `on…` handler), URLs use only
/// safe schemes, and no raw `<script` appears anywhere outside a quoted
/// attribute value.
pub fn check_safe_html(html: &str, inline: bool) -> Result<(), String> {
    let tags = if inline { INLINE_TAGS } else { BLOCK_TAGS };
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric()) {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!("a raw `<` at byte {}", start - 1));
        }
        if !tags.contains(&name.as_str()) {
            return Err(format!("tag <{name}>"));
        }
        // Attributes: name="value" pairs (the serialiser always quotes).
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return Err("an unterminated tag".into()),
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if closing {
                return Err(format!("attributes on </{name}>"));
            }
            let at = i;
            while i < b.len() && !b"= \t\n>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[at..i].to_ascii_lowercase();
            if !ATTRIBUTES.contains(&attr.as_str()) {
                return Err(format!("attribute {attr:?} on <{name}>"));
            }
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                if b.get(i) != Some(&b'"') {
                    return Err(format!("an unquoted value for {attr}"));
                }
                i += 1;
                let v = i;
                while i < b.len() && b[i] != b'"' {
                    i += 1;
                }
                value = html[v..i.min(b.len())].to_owned();
                i += 1;
            }
            if attr == "target" && value != "_blank" {
                return Err(format!("target={value:?}"));
            }
            if (attr == "href" || attr == "src") && !safe_url(&value) {
                return Err(format!("{attr}={value:?}"));
            }
        }
    }
    Ok(())
}

/// Character references as a browser decodes them in an attribute value
/// (numeric ones and the few named ones that matter for a scheme).
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[1..end];
        let ch = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "nbsp" => Some(' '),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match ch {
            Some(c) if end < rest.len() => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL as the browser resolves it: entities decoded, control characters
/// and spaces trimmed, tabs and newlines dropped; then a scheme other than the allowed ones is
/// refused (relative URLs have none).
fn safe_url(value: &str) -> bool {
    let decoded = decode_entities(value);
    // The URL parser trims C0 controls and spaces at both ends and drops
    // tabs and newlines anywhere.
    let squeezed: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = squeezed.find(':') else {
        return true;
    };
    let before = &squeezed[..colon];
    let is_scheme = before.starts_with(|c: char| c.is_ascii_alphabetic())
        && before
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        return true; // a relative URL: the colon is in its path, query or fragment
    }
    matches!(before, "http" | "https" | "mailto" | "tel")
}

/// Course files to seed `open_course`: the review target's small course,
/// and each blueprint under `blueprints` without assets.
pub fn seed_course_files(blueprints: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut seeds = vec![("minimal.trellis".to_owned(), course_file_bytes().to_vec())];
    let mut dirs: Vec<_> = std::fs::read_dir(blueprints)
        .expect("the blueprints")
        .map(|e| e.expect("an entry").path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Ok(imported) = trellis_text::import_dir(&dir) else {
            continue;
        };
        if !imported.assets.is_empty() {
            continue;
        }
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let path = tmp.path().join("c.trellis");
        drop(CourseFile::create(&path, &imported.course, imported.assets).expect("created"));
        let name = dir.file_name().expect("a name").to_string_lossy();
        seeds.push((
            format!("{name}.trellis"),
            std::fs::read(&path).expect("read"),
        ));
    }
    seeds
}

/// The Word and PowerPoint readers (crates/trellis-import). Input that
/// starts like a zip is imported as it is; any other input is split into
/// package entries as [`folder_from_bytes`] splits a folder, its first part
/// being `word/document.xml` (or `ppt/slides/slide1.xml` when the input
/// names `ppt/presentation.xml`), and packed into a zip first, so that the
/// fuzzer mutates the XML rather than checksums. Oracle: no panic; an
/// import that succeeds gives a course the text format can write, with a
/// byte for every asset it lists and only valid review comments.
pub fn ooxml(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        let mut files = folder_from_bytes(data);
        let first = files.remove("course.toml").unwrap_or_default();
        let main = if files.contains_key("ppt/presentation.xml") {
            "ppt/slides/slide1.xml"
        } else {
            "word/document.xml"
        };
        files.insert(main.to_owned(), first);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in &files {
            if zip.start_file(name.as_str(), options).is_err() {
                return;
            }
            use std::io::Write;
            let _ = zip.write_all(bytes);
        }
        match zip.finish() {
            Ok(cursor) => cursor.into_inner(),
            Err(_) => return,
        }
    };
    for pptx in [false, true] {
        let result = if pptx {
            trellis_import::import_pptx(bytes.clone(), "fuzz.pptx", "fuzz", Default::default())
        } else {
            trellis_import::import_docx(bytes.clone(), "fuzz.docx", "fuzz")
        };
        let Ok(imported) = result else {
            continue;
        };
        for asset in &imported.course.assets {
            assert!(
                imported.assets.iter().any(|(a, _)| a == asset),
                "asset {} listed without its bytes",
                asset.name
            );
        }
        for comment in &imported.comments {
            comment.validate().expect("imported comments are valid");
        }
        let _ = trellis_text::export_files(&imported.course, &imported.comments);
    }
}

/// The GIFT question-bank reader. Oracle: no panic; every place the report
/// names is a line of the input.
pub fn gift(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    if let Ok(imported) = trellis_import::import_text(text, trellis_import::Format::Gift, "fuzz") {
        for (place, _) in imported
            .report
            .mapped
            .iter()
            .chain(&imported.report.skipped)
        {
            if let trellis_import::Place::Line(n) = place {
                assert!(*n >= 1 && *n <= lines + 1, "{place} of {lines} lines");
            }
        }
    }
}

/// The example course the `xliff` target's files translate, read once.
fn xliff_course() -> &'static trellis_model::Course {
    static COURSE: OnceLock<trellis_model::Course> = OnceLock::new();
    COURSE.get_or_init(|| {
        // AFL runs the target without cargo, so the build's own folder is the
        // fallback when CARGO_MANIFEST_DIR is not set at run time.
        let folder = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(
                || env!("CARGO_MANIFEST_DIR").into(),
                std::path::PathBuf::from,
            )
            .join("../examples/phishing-awareness");
        trellis_text::import_dir(&folder)
            .expect("the example course reads")
            .course
    })
}

/// The translation import (XLIFF 2.0 and 1.2 reader, inline codes,
/// Markdown repairs) against the example course. Oracle: no panic; a
/// refusal names lines of the input; an accepted file gives a course in
/// the target language whose every unit is still a unit of the course.
pub fn xliff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let course = xliff_course();
    match trellis_translate::import::import(course, None, text) {
        Err(refused) => {
            let lines = text.lines().count().max(1);
            for problem in &refused.problems {
                assert!(
                    problem.line <= lines + 1,
                    "line {} of {lines}: {}",
                    problem.line,
                    problem.message
                );
            }
        }
        Ok(imported) => {
            let (translated, _) =
                trellis_translate::translated_course(course, &imported.translation);
            let before = trellis_translate::units(course).len();
            assert_eq!(
                trellis_translate::units(&translated).len(),
                before,
                "translating changed which fields there are"
            );
        }
    }
}
