//! Which characters a course's text may hold.
//!
//! Everything an author writes ends up in XML (the SCORM and cmi5 manifests)
//! and HTML, and XML 1.0 cannot carry most control characters (U+0000 to
//! U+001F except tab, line feed and carriage return) nor U+FFFE and U+FFFF:
//! a title holding U+0007 gave manifests no LMS could read. Such characters
//! are refused where text enters a course (edits, the text-format import),
//! with the field named, so nothing later has to cope with them.
//!
//! [`MANIFEST_LIMITS`] lists the lengths the manifests' schemas allow, which
//! the design check and publish both apply.

use serde::Serialize;
use serde_json::Value;

use crate::course::Course;

/// A character XML cannot carry, found in a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadChar {
    /// The field in the author's words, such as "title" or "alt text".
    pub field: String,
    pub ch: char,
}

impl std::fmt::Display for BadChar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} contains an invisible control character (U+{:04X}) that a course cannot hold; delete it (it often comes in with pasted text)",
            self.field, self.ch as u32
        )
    }
}

/// Whether XML 1.0 can carry `c`.
pub fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character XML cannot carry in any text of `value` (an edit, a
/// lesson, course info…), with the field it is in.
pub fn find_bad_char<T: Serialize + ?Sized>(value: &T) -> Option<BadChar> {
    let value = serde_json::to_value(value).ok()?;
    find_in(&value, "text")
}

fn find_in(value: &Value, field: &str) -> Option<BadChar> {
    match value {
        Value::String(s) => s.chars().find(|&c| !xml_allows(c)).map(|ch| BadChar {
            field: field_words(field),
            ch,
        }),
        Value::Array(items) => items.iter().find_map(|v| find_in(v, field)),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if let Some(ch) = k.chars().find(|&c| !xml_allows(c)) {
                return Some(BadChar {
                    field: field_words(field),
                    ch,
                });
            }
            find_in(v, k)
        }),
        _ => None,
    }
}

/// A field's serialised name as an author would say it.
fn field_words(key: &str) -> String {
    match key {
        "alt" => "alt text".to_owned(),
        "body" | "markdown" => "text".to_owned(),
        other => other.replace(['_', '-'], " "),
    }
}

/// A length limit the package manifests' schemas put on a course's text.
#[derive(Debug, Clone, Copy)]
pub struct ManifestLimit {
    /// The field, in the author's words.
    pub field: &'static str,
    /// The standard whose schema sets the limit, e.g. "SCORM 1.2".
    pub standard: &'static str,
    /// The most characters the schema allows (`xsd:maxLength`).
    pub max_chars: usize,
    /// The text the manifest carries.
    pub text: fn(&Course) -> &str,
}

/// Every length limit of the manifests' schemas that a course's text can
/// reach. SCORM 1.2 (`imscp_rootv1p1p2.xsd`) limits `<title>` (the course
/// title, written for the organization and its item) to 200 characters; the
/// SCORM 2004 4th edition schemas dropped their maxLength facets and cmi5's
/// has none. Identifiers, file paths and the version label are kept within
/// their limits by `trellis_publish::limits`.
pub const MANIFEST_LIMITS: &[ManifestLimit] = &[ManifestLimit {
    field: "course title",
    standard: "SCORM 1.2",
    max_chars: 200,
    text: |course| &course.info.title,
}];

/// The manifest limits `course` goes over, with the length it has.
pub fn over_manifest_limits(course: &Course) -> Vec<(&'static ManifestLimit, usize)> {
    MANIFEST_LIMITS
        .iter()
        .filter_map(|limit| {
            let len = (limit.text)(course).chars().count();
            (len > limit.max_chars).then_some((limit, len))
        })
        .collect()
}

impl ManifestLimit {
    /// What is wrong, in the author's words.
    pub fn message(&self, len: usize) -> String {
        format!(
            "the {} is {len} characters long, but {} packages allow at most {}; shorten it",
            self.field, self.standard, self.max_chars
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_what_xml_allows() {
        for c in ['\t', '\n', '\r', ' ', 'é', '\u{2028}', '\u{E000}', '😀'] {
            assert!(xml_allows(c), "{c:?}");
        }
        for c in ['\0', '\u{7}', '\u{1b}', '\u{1f}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!xml_allows(c), "{c:?}");
        }
    }

    #[test]
    fn names_the_field() {
        let bad = find_bad_char(&serde_json::json!({"info": {"title": "Bell\u{7}"}})).unwrap();
        assert_eq!(bad.ch, '\u{7}');
        assert_eq!(bad.field, "title");
        assert!(bad.to_string().contains("the title contains"));
        assert!(bad.to_string().contains("U+0007"));
        assert_eq!(
            find_bad_char(&serde_json::json!({"blocks": [{"alt": "ok\u{FFFF}"}]}))
                .unwrap()
                .field,
            "alt text"
        );
        assert_eq!(
            find_bad_char(&serde_json::json!({"t": "fine\ttext\n"})),
            None
        );
    }
}
