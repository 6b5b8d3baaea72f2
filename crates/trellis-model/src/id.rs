//! Typed, stable identifiers.
//!
//! Every entity of a course carries an id that survives edits, export, import
//! and publishing. Ids are short ASCII strings so that they are legal, as they
//! are, in file names, SCORM identifiers (`CMIIdentifier`, `long_identifier_type`;
//! strict SCORM 1.2 LMSs such as Moodle refuse dots and spaces in interaction
//! ids, so ids have neither) and the path segment of an xAPI activity IRI.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest id accepted. SCORM 1.2 allows 255 characters for identifiers;
/// staying far below leaves room for the prefixes publishing adds.
pub const MAX_ID_LEN: usize = 64;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("id `{0}` is longer than {MAX_ID_LEN} characters")]
    TooLong(String),
    #[error("id `{0}` must start with a letter or digit and use only letters, digits, `-` and `_`")]
    BadCharacter(String),
}

/// Checks the id syntax shared by every id type.
pub fn validate_id(s: &str) -> Result<(), IdError> {
    let Some(first) = s.chars().next() else {
        return Err(IdError::Empty);
    };
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong(s.to_owned()));
    }
    let ok_rest = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if !first.is_ascii_alphanumeric() || !ok_rest {
        return Err(IdError::BadCharacter(s.to_owned()));
    }
    Ok(())
}

/// Makes a fresh random id with a readable prefix, e.g. `b-k3v9q2xw7d`.
fn fresh(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut s = String::with_capacity(prefix.len() + 11);
    s.push_str(prefix);
    s.push('-');
    for _ in 0..10 {
        s.push(ALPHABET[fastrand::usize(..ALPHABET.len())] as char);
    }
    s
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(try_from = "String", into = "String")]
        #[ts(type = "string")]
        pub struct $name(String);

        impl $name {
            /// Validates `s` and wraps it.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                validate_id(&s)?;
                Ok(Self(s))
            }

            /// A new random id that no other entity is expected to have.
            pub fn generate() -> Self {
                Self(fresh($prefix))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// Identifies a course across versions; becomes the root of its activity IRIs.
    CourseId, "course"
);
id_type!(
    /// Identifies a learning objective; becomes a SCORM objective id.
    ObjectiveId, "obj"
);
id_type!(
    /// Identifies a module.
    ModuleId, "m"
);
id_type!(
    /// Identifies a lesson; also its file name in the text format.
    LessonId, "l"
);
id_type!(
    /// Identifies a block; questions' block ids become SCORM interaction ids.
    BlockId, "b"
);
id_type!(
    /// Identifies an item inside a block (a choice, a pair, a scenario node...).
    /// Unique within its block only.
    ItemId, "i"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_readable_ids() {
        for ok in ["a", "obj-1", "Lesson_2b", "9"] {
            assert!(BlockId::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_ids() {
        assert_eq!(BlockId::new(""), Err(IdError::Empty));
        assert!(matches!(BlockId::new("-a"), Err(IdError::BadCharacter(_))));
        assert!(matches!(BlockId::new("a b"), Err(IdError::BadCharacter(_))));
        assert!(matches!(BlockId::new("a.b"), Err(IdError::BadCharacter(_))));
        assert!(matches!(BlockId::new("a/b"), Err(IdError::BadCharacter(_))));
        assert!(matches!(BlockId::new("é"), Err(IdError::BadCharacter(_))));
        assert!(matches!(
            BlockId::new("x".repeat(65)),
            Err(IdError::TooLong(_))
        ));
    }

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let a = BlockId::generate();
        let b = BlockId::generate();
        assert_ne!(a, b);
        assert!(validate_id(a.as_str()).is_ok());
        assert!(a.as_str().starts_with("b-"));
    }

    #[test]
    fn deserialising_validates() {
        let bad: Result<BlockId, _> = serde_json::from_str("\"a b\"");
        assert!(bad.is_err());
    }
}
