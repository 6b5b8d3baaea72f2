//! Translation of a course: units, XLIFF, status and pseudo-localisation.
//!
//! A course has a source language (`course.info.language`) and any number
//! of target languages, each a [`Translation`] kept beside the course (in
//! the `.trellis` file and as `translations/<lang>.toml` in the text
//! format). A *unit* is one translatable field ([`units::walk`] finds them
//! all) with a stable id (entity id and field path) and a hash of its
//! source text ([`source_hash`]): a translation made from another source
//! text is *stale*.
//!
//! [`xliff::export`] writes XLIFF 2.0 or 1.2 for translators, with Markdown
//! formatting as inline codes ([`markup`]); [`import::import`] reads a
//! translated file back, all or nothing; [`status`] counts translated,
//! missing and stale units; [`translated_course`] gives the course in a
//! target language for publishing; [`pseudo`] fills a language with
//! expanded, accented text.

pub mod import;
pub mod markup;
pub mod units;
pub mod xliff;

/// Helpers for the tests of this crate and of the crates that use it.
#[doc(hidden)]
pub mod testing {
    /// A copy of an exported XLIFF file (either version: each `<source …>…</source>`
    /// on one line) with a target equal to `f(source)` after every source,
    /// marked translated as a translator's tool would.
    pub fn with_targets(xml: &str, f: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for line in xml.lines() {
            let line = line.replace(
                "<segment state=\"initial\">",
                "<segment state=\"translated\">",
            );
            out.push_str(&line);
            out.push('\n');
            if let Some(rest) = line
                .strip_prefix("<source")
                .filter(|r| r.ends_with("</source>"))
            {
                let open_end = rest.find('>').expect("a source element") + 1;
                let inner = &rest[open_end..rest.len() - "</source>".len()];
                out.push_str(&format!("<target>{}</target>\n", f(inner)));
            }
        }
        out
    }
}

use trellis_model::{Course, TranslatedUnit, Translation};

pub use units::{Field, Part, Syntax, read, read_part, read_with, walk, walk_with};

/// One unit of the course: a non-empty translatable field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub field: Field,
    pub source: String,
    pub hash: String,
}

/// Hash of a unit's source text: the first 16 hex digits of its SHA-256.
pub fn source_hash(text: &str) -> String {
    use sha2::Digest as _;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// Every non-empty translatable field of `course`, in course order.
pub fn units(course: &Course) -> Vec<Unit> {
    units_with(course, true)
}

/// [`units`] without their contexts and source texts (each `source` is
/// empty): ids, syntax and hashes, what [`status`] and the import need,
/// faster.
pub fn unit_hashes(course: &Course) -> Vec<Unit> {
    units_with(course, false)
}

fn units_with(course: &Course, full: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    units::read_with(course, full, |field, text| {
        if !text.trim().is_empty() {
            out.push(Unit {
                hash: source_hash(text),
                source: if full { text.clone() } else { String::new() },
                field,
            });
        }
    });
    out
}

/// The version of the walk ([`units`]) that decides which fields are units
/// and how their ids are spelled. Stored source hashes
/// ([`part_hashes`], kept by the course file) made by another version are
/// not used: raise it whenever a change to the walk adds, removes or
/// renames a unit (a test pins the walk of a sample course to it).
pub const WALK_VERSION: u32 = 1;

/// The id and source hash of each non-empty unit of one part of a course:
/// what the course file stores so that a translation's status can be
/// counted without loading the course.
pub fn part_hashes(part: Part<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    read_part(part, |field, text| {
        if !text.trim().is_empty() {
            out.push((field.id, source_hash(text)));
        }
    });
    out
}

/// Where one unit of a language stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// Translated from the current source text.
    Translated,
    /// Translated from a source text that has changed since.
    Stale,
    Missing,
}

/// How far a language is translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageStatus {
    pub language: String,
    pub translated: usize,
    pub stale: usize,
    pub missing: usize,
    /// Translated units whose source field is gone.
    pub orphaned: usize,
}

impl LanguageStatus {
    pub fn total(&self) -> usize {
        self.translated + self.stale + self.missing
    }
}

pub fn unit_state(unit: &Unit, translation: &Translation) -> UnitState {
    match translation.units.get(&unit.field.id) {
        None => UnitState::Missing,
        Some(t) if t.source_hash == unit.hash => UnitState::Translated,
        Some(_) => UnitState::Stale,
    }
}

/// The status of `translation` against the course's `units`.
pub fn status(units: &[Unit], translation: &Translation) -> LanguageStatus {
    let mut s = LanguageStatus {
        language: translation.language.clone(),
        ..Default::default()
    };
    let mut matched = 0;
    for u in units {
        // One look-up per unit: the state and whether the unit is matched.
        match translation.units.get(&u.field.id) {
            None => s.missing += 1,
            Some(t) => {
                matched += 1;
                if t.source_hash == u.hash {
                    s.translated += 1;
                } else {
                    s.stale += 1;
                }
            }
        }
    }
    s.orphaned = translation.units.len() - matched;
    s
}

/// The course in `translation`'s language: every translated field replaced
/// by its translation (stale ones too: they are older, not wrong), every
/// missing one left in the source language, and the course's language set
/// to the target. Returns the course and the ids of the units left in the
/// source language.
pub fn translated_course(course: &Course, translation: &Translation) -> (Course, Vec<String>) {
    let mut out = course.clone();
    let mut missing = Vec::new();
    walk(&mut out, |field, text| {
        if text.trim().is_empty() {
            return;
        }
        match translation.units.get(&field.id) {
            Some(t) => *text = t.text.clone(),
            None => missing.push(field.id),
        }
    });
    out.info.language = translation.language.clone();
    (out, missing)
}

/// A pseudo-translation of `course` into `language` (e.g. `qps`): each
/// unit's text with letters swapped for accented look-alikes, about 40 %
/// longer, between brackets, with Markdown markup and inline codes kept
/// intact, so authors see truncation, overflow and hard-coded text before
/// paying for a translation.
pub fn pseudo(course: &Course, language: &str) -> Translation {
    let mut t = Translation::new(language);
    for u in units(course) {
        let text = match u.field.syntax {
            Syntax::Plain => pseudo_text(&u.source),
            Syntax::Markdown => {
                let pieces = markup::segment(&u.source);
                let mut out = String::new();
                for p in &pieces {
                    match p {
                        markup::Piece::Text(s) => out.push_str(&pseudo_text(s)),
                        markup::Piece::Ph { data, .. }
                        | markup::Piece::Open { data, .. }
                        | markup::Piece::Close { data, .. } => out.push_str(data),
                    }
                }
                out
            }
        };
        t.units.insert(
            u.field.id,
            TranslatedUnit {
                source_hash: u.hash,
                text,
            },
        );
    }
    t
}

fn accent(c: char) -> char {
    match c {
        'a' => 'á',
        'c' => 'ç',
        'e' => 'é',
        'i' => 'î',
        'n' => 'ñ',
        'o' => 'ö',
        'u' => 'ü',
        'y' => 'ý',
        'A' => 'Å',
        'C' => 'Ç',
        'E' => 'É',
        'I' => 'Î',
        'N' => 'Ñ',
        'O' => 'Ö',
        'U' => 'Û',
        'Y' => 'Ý',
        c => c,
    }
}

/// One text: accented, padded by 40 % of its letters with `~`, bracketed.
/// Backslash escapes (`\*`) and entities (`&amp;`) are kept as they are.
fn pseudo_text(s: &str) -> String {
    if s.trim().is_empty() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() * 2);
    let lead = s.len() - s.trim_start().len();
    let trail = s.trim_end().len();
    out.push_str(&s[..lead]);
    out.push('[');
    let body = &s[lead..trail];
    let mut chars = body.chars().peekable();
    let mut letters = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '&' => {
                // An entity (`&amp;`, `&#39;`) stays whole.
                out.push(c);
                let mut ent = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '#' {
                        ent.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push_str(&ent);
            }
            c => {
                if c.is_alphabetic() {
                    letters += 1;
                }
                out.push(accent(c));
            }
        }
    }
    out.push(' ');
    for _ in 0..(letters * 2).div_ceil(5) {
        out.push('~');
    }
    out.push(']');
    out.push_str(&s[trail..]);
    out
}

#[cfg(test)]
mod hash_tests {
    #[test]
    fn the_source_hash_is_the_sha256_prefix() {
        for text in [
            "",
            "Phishing",
            "Ce qu’est l’hameçonnage",
            "**bold** text\n\nand more",
        ] {
            let full = trellis_assets::sha256_hex(text.as_bytes());
            assert_eq!(super::source_hash(text), full[..16]);
        }
    }
}
