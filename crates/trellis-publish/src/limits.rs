//! Limits a package must respect: portable file names, legal identifiers, and
//! the saved-state size an LMS keeps.

/// SCORM 1.2 `cmi.suspend_data`: 4,096 characters.
pub const SCORM12_SUSPEND_DATA: usize = 4096;
/// SCORM 2004 `cmi.suspend_data`: 64,000 characters.
pub const SCORM2004_SUSPEND_DATA: usize = 64_000;
/// SCORM 1.2 `href` (`imscp_rootv1p1p2.xsd`): 2,000 characters, once
/// percent-encoded. The schemas' limits on course text (the SCORM 1.2
/// title's 200 characters) are in `trellis_model::MANIFEST_LIMITS`, where the
/// design check finds them too.
pub const SCORM12_HREF: usize = 2000;
/// Portable paths and colliding names are checked by the functions the
/// design check uses too, so it reports exactly what publishing refuses.
pub use trellis_assets::{
    MAX_PACKAGE_PATH_LEN as MAX_PATH_LEN, check_package_path as check_path, colliding_paths,
};

/// Checks an identifier used in a SCORM manifest or reported to a SCORM LMS
/// (manifest identifiers are `xs:ID`; interaction and objective ids are
/// `CMIIdentifier`, where strict SCORM 1.2 LMSs refuse spaces and dots): an
/// ASCII letter or `_` first, then letters, digits, `-` and `_`, at most 255.
pub fn check_identifier(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if !first_ok || !rest_ok || id.len() > 255 {
        return Err(format!(
            "`{id}` is not a legal SCORM identifier: it must start with a letter or `_`, use \
             only letters, digits, `-` and `_` (no spaces or dots), and be at most 255 characters"
        ));
    }
    Ok(())
}

/// Checks that `id` is an `xs:ID` (an XML NCName), as every identifier in
/// an IMS content package must be. Dots are legal here; the identifiers
/// Trellis writes are stricter ([`check_identifier`]).
pub fn check_ncname(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '\u{b7}'));
    if !first_ok || !rest_ok {
        return Err(format!(
            "`{id}` is not a legal manifest identifier (xs:ID): it must start with a letter or \
             `_` and hold no spaces, colons or other punctuation than `-`, `_` and `.`"
        ));
    }
    Ok(())
}

/// Checks an id the LMS stores as `CMIIdentifier` (1.2) or
/// `long_identifier_type` (2004): non-empty, no spaces or dots, at most 255.
pub fn check_cmi_identifier(id: &str) -> Result<(), String> {
    if id.is_empty()
        || id.len() > 255
        || id
            .chars()
            .any(|c| c.is_whitespace() || c == '.' || c.is_control())
    {
        return Err(format!(
            "`{id}` is not a legal SCORM interaction or objective id: it must be 1 to 255 \
             characters without spaces or dots"
        ));
    }
    Ok(())
}

/// Whether `s` is an absolute IRI: a scheme, a colon, then no spaces.
pub fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_paths() {
        for ok in [
            "index.html",
            "assets/images/a b (1).png",
            "assets/café.png",
            "a/b/c.txt",
        ] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/abs",
            "a//b",
            "../x",
            "a/./b",
            "a\\b",
            "c:x",
            "a?b",
            "dir/",
            "aux.png",
            "x/CON",
            "trailing. /x",
            "ends.",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?}");
        }
        assert!(check_path(&"a".repeat(181)).is_err());
    }

    #[test]
    fn identifiers() {
        assert!(check_identifier("ITEM-course_1").is_ok());
        for bad in ["", "1abc", "a b", "a.b", "a:b", "é"] {
            assert!(check_identifier(bad).is_err(), "{bad:?}");
        }
        assert!(check_ncname("com.example.course12").is_ok());
        for bad in ["", "1abc", "a b", "a:b", "a/b"] {
            assert!(check_ncname(bad).is_err(), "{bad:?}");
        }
        assert!(check_cmi_identifier("q-1").is_ok());
        assert!(check_cmi_identifier("1").is_ok());
        assert!(check_cmi_identifier("a.b").is_err());
        assert!(check_cmi_identifier("a b").is_err());
    }

    #[test]
    fn iris() {
        assert!(is_absolute_iri("urn:trellis:course:x"));
        assert!(is_absolute_iri("https://example.com/a"));
        assert!(!is_absolute_iri("index.html"));
        assert!(!is_absolute_iri("urn:a b"));
        assert!(!is_absolute_iri("1x:y"));
    }
}
