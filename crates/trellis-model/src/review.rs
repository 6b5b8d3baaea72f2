//! Review comments and the `.trellis-review` file that carries them.
//!
//! A subject-matter expert reads a review build of the course and pins
//! comments to a lesson, a block, or a part of a block (a choice, a piece of
//! feedback). Each comment keeps a snapshot of the text it was made on and
//! the [`Block::fingerprint`] of its block at that time, so the author can
//! see when the block has changed since. Comments are never part of a
//! learner package; they live beside the course (course file, text format).
//!
//! The file format is specified in `docs/review-format.md`; its list of part
//! names and [`COMMENT_PARTS`] must agree.

use serde::{Deserialize, Serialize};

use crate::block::Block;
use crate::course::Course;
use crate::id::{BlockId, CourseId, IdError, ItemId, LessonId, validate_id};

/// The `format` value of every review file.
pub const REVIEW_FORMAT: &str = "trellis-review";
/// The newest `format_version` this build reads (and the one it writes).
pub const REVIEW_FORMAT_VERSION: u32 = 1;

/// Longest comment or reply text, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;
/// Longest reviewer name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest text snapshot kept with a comment, in characters.
pub const MAX_QUOTE_CHARS: usize = 4_000;
/// Most comments in one review file.
pub const MAX_COMMENTS_PER_FILE: usize = 10_000;
/// Largest review file accepted, in bytes.
pub const MAX_REVIEW_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Identifies a comment. Made by the reviewer's browser (`c-` and random
/// characters), so the same comment imported twice is recognised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct CommentId(String);

impl CommentId {
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        validate_id(&s)?;
        Ok(Self(s))
    }

    /// A fresh random id.
    pub fn generate() -> Self {
        const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
        let mut s = String::from("c-");
        for _ in 0..16 {
            s.push(ALPHABET[fastrand::usize(..ALPHABET.len())] as char);
        }
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CommentId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::new(s)
    }
}

impl From<CommentId> for String {
    fn from(id: CommentId) -> String {
        id.0
    }
}

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The part names a comment target may carry, each with whether it names
/// an item of the block (`target.item`) too. `docs/review-format.md` says
/// what each one is; this list and that table must agree.
pub const COMMENT_PARTS: &[(&str, bool)] = &[
    ("prompt", false),
    ("correct-feedback", false),
    ("incorrect-feedback", false),
    ("true-feedback", false),
    ("false-feedback", false),
    ("hint", false),
    ("text", false),
    ("title", false),
    ("caption", false),
    ("alt", false),
    ("transcript", false),
    ("choice", true),
    ("choice-feedback", true),
    ("node", true),
    ("ending", true),
    ("scenario-choice", true),
    ("consequence", true),
    ("item", true),
];

/// Whether `part` is a known part name, and if so whether it needs an item.
pub fn part_needs_item(part: &str) -> Option<bool> {
    COMMENT_PARTS
        .iter()
        .find(|(name, _)| *name == part)
        .map(|(_, item)| *item)
}

/// Where a comment is pinned. Without `block` it is on the lesson as a
/// whole; `item` names a choice, panel, node… of the block; `part` names the
/// piece of text ([`COMMENT_PARTS`], e.g. `prompt`, `choice`,
/// `choice-feedback`, `hint`); no part is the whole block (or item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct CommentTarget {
    pub lesson: LessonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<BlockId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// Whether the author has dealt with a comment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum CommentStatus {
    #[default]
    Open,
    Resolved,
}

/// The author's (or another reviewer's) answer to a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub author: String,
    /// Plain text, never HTML.
    pub text: String,
    /// RFC 3339 UTC time, e.g. `2026-11-28T15:04:05Z`.
    pub created: String,
}

/// One review comment as the course keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub id: CommentId,
    pub target: CommentTarget,
    pub reviewer: String,
    /// Plain text, never HTML.
    pub text: String,
    /// The text of the target as the reviewer saw it.
    #[serde(default)]
    pub quote: String,
    /// [`Block::fingerprint`] of the target block when the comment was made
    /// (empty for lesson comments).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub block_version: String,
    /// RFC 3339 UTC time.
    pub created: String,
    #[serde(default)]
    pub status: CommentStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
}

/// What has become of a comment's place in the current course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// The block (or lesson) is as it was when the comment was made.
    Current,
    /// The block has been edited since.
    Changed,
    /// The block is gone; the comment stays on its lesson.
    BlockDeleted,
    /// The lesson is gone too; the comment is shown on the course.
    LessonDeleted,
}

impl Comment {
    /// Where the comment stands against `course`.
    pub fn anchor(&self, course: &Course) -> Anchor {
        let Some(lesson) = course.lessons().find(|l| l.id == self.target.lesson) else {
            return match &self.target.block {
                Some(block) if course.blocks().any(|(_, b)| &b.id == block) => {
                    self.anchor_block(course, block)
                }
                _ => Anchor::LessonDeleted,
            };
        };
        match &self.target.block {
            None => Anchor::Current,
            Some(block) if lesson.blocks.iter().any(|b| &b.id == block) => {
                self.anchor_block(course, block)
            }
            // Moved to another lesson.
            Some(block) if course.blocks().any(|(_, b)| &b.id == block) => {
                self.anchor_block(course, block)
            }
            Some(_) => Anchor::BlockDeleted,
        }
    }

    fn anchor_block(&self, course: &Course, id: &BlockId) -> Anchor {
        let block = course.blocks().find(|(_, b)| &b.id == id).map(|(_, b)| b);
        match block {
            Some(b) if self.block_version.is_empty() || b.fingerprint() == self.block_version => {
                Anchor::Current
            }
            Some(_) => Anchor::Changed,
            None => Anchor::BlockDeleted,
        }
    }

    /// Checks lengths, the time stamp and the target's shape.
    pub fn validate(&self) -> Result<(), ReviewError> {
        self.check()
            .map_err(|(_, why)| ReviewError::BadComment(self.id.to_string(), why))
    }

    /// [`Comment::validate`], naming the field at fault (so a text file can
    /// point at its line).
    pub fn check(&self) -> Result<(), (CommentField, String)> {
        use CommentField as F;
        if self.reviewer.trim().is_empty() {
            return Err((F::Reviewer, "the reviewer has no name".into()));
        }
        if self.reviewer.chars().count() > MAX_NAME_CHARS {
            return Err((
                F::Reviewer,
                format!("the reviewer's name is longer than {MAX_NAME_CHARS} characters"),
            ));
        }
        if self.text.trim().is_empty() {
            return Err((F::Text, "the comment is empty".into()));
        }
        if self.text.chars().count() > MAX_COMMENT_CHARS {
            return Err((
                F::Text,
                format!("the comment is longer than {MAX_COMMENT_CHARS} characters"),
            ));
        }
        if self.quote.chars().count() > MAX_QUOTE_CHARS {
            return Err((
                F::Quote,
                format!("the quoted text is longer than {MAX_QUOTE_CHARS} characters"),
            ));
        }
        if !is_timestamp(&self.created) {
            return Err((
                F::Created,
                format!(
                    "`{}` is not a UTC time like 2026-11-28T15:04:05Z",
                    self.created
                ),
            ));
        }
        if self.target.block.is_none() {
            if self.target.item.is_some() {
                return Err((F::Item, "an item is named without its block".into()));
            }
            if self.target.part.is_some() {
                return Err((F::Part, "a part is named without its block".into()));
            }
        }
        if let Some(part) = &self.target.part {
            match part_needs_item(part) {
                None => return Err((F::Part, format!("`{part}` is not a part name"))),
                Some(true) if self.target.item.is_none() => {
                    return Err((
                        F::Part,
                        format!("the part `{part}` needs the id of its item"),
                    ));
                }
                Some(false) if self.target.item.is_some() => {
                    return Err((F::Item, format!("the part `{part}` takes no item")));
                }
                Some(_) => {}
            }
        }
        if self.block_version.len() > 64 {
            return Err((
                F::BlockVersion,
                "the block version is longer than 64 characters".into(),
            ));
        }
        for (i, reply) in self.replies.iter().enumerate() {
            if reply.text.trim().is_empty() {
                return Err((F::Reply(i), "a reply is empty".into()));
            }
            if reply.text.chars().count() > MAX_COMMENT_CHARS {
                return Err((
                    F::Reply(i),
                    format!("a reply is longer than {MAX_COMMENT_CHARS} characters"),
                ));
            }
            if reply.author.trim().is_empty() {
                return Err((F::Reply(i), "a reply has no author".into()));
            }
            if reply.author.chars().count() > MAX_NAME_CHARS {
                return Err((
                    F::Reply(i),
                    format!("a reply's author name is longer than {MAX_NAME_CHARS} characters"),
                ));
            }
            if !is_timestamp(&reply.created) {
                return Err((
                    F::Reply(i),
                    format!(
                        "`{}` is not a UTC time like 2026-11-28T15:04:05Z",
                        reply.created
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The field of a [`Comment`] that [`Comment::check`] found at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentField {
    Reviewer,
    Text,
    Quote,
    Created,
    Item,
    Part,
    BlockVersion,
    /// The reply at this index.
    Reply(usize),
}

/// The course a review build was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewedCourse {
    pub id: CourseId,
    pub title: String,
    /// [`Course::fingerprint`] of the course the build was made from.
    pub version: String,
}

/// A comment as a review file carries it: no status, no replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewComment {
    pub id: CommentId,
    pub target: CommentTarget,
    pub text: String,
    #[serde(default)]
    pub quote: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub block_version: String,
    pub created: String,
}

/// The reviewer, as they named themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub name: String,
}

/// A `.trellis-review` file: one reviewer's comments on one course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    pub format: String,
    pub format_version: u32,
    pub course: ReviewedCourse,
    pub reviewer: Reviewer,
    /// When "Send comments" was pressed (RFC 3339 UTC).
    pub sent: String,
    pub comments: Vec<ReviewComment>,
}

/// Why a review file or a comment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("the file is larger than {} MB, more than any review file", MAX_REVIEW_FILE_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("this is not a Trellis review file, or it is damaged or cut short ({0})")]
    Malformed(String),
    #[error(
        "this review file was written by a newer Trellis (format version {0}); update Trellis to import it"
    )]
    NewerFormat(u32),
    #[error("this review file is for the course \"{title}\" ({found}), not this one ({expected})")]
    OtherCourse {
        title: String,
        found: String,
        expected: String,
    },
    #[error("the file holds more than {MAX_COMMENTS_PER_FILE} comments")]
    TooManyComments,
    #[error("comment {0}: {1}")]
    BadComment(String, String),
}

impl ReviewFile {
    /// Parses and checks a review file against the course it must be for.
    /// Nothing partial comes out: any problem refuses the whole file.
    pub fn parse(bytes: &[u8], course: &CourseId) -> Result<Self, ReviewError> {
        if bytes.len() > MAX_REVIEW_FILE_BYTES {
            return Err(ReviewError::TooLarge);
        }
        // Read the header first, so a file for a newer format or another
        // course gets that message rather than a field-level complaint.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            format_version: Option<u32>,
            course: Option<serde_json::Value>,
        }
        let header: Header = serde_json::from_slice(bytes)
            .map_err(|e| ReviewError::Malformed(format!("not valid JSON: {e}")))?;
        if header.format.as_deref() != Some(REVIEW_FORMAT) {
            return Err(ReviewError::Malformed(format!(
                "`format` is not \"{REVIEW_FORMAT}\""
            )));
        }
        match header.format_version {
            Some(v) if v > REVIEW_FORMAT_VERSION => return Err(ReviewError::NewerFormat(v)),
            Some(0) | None => {
                return Err(ReviewError::Malformed("`format_version` is missing".into()));
            }
            Some(_) => {}
        }
        if let Some(found) = header
            .course
            .as_ref()
            .and_then(|c| c.get("id"))
            .and_then(|id| id.as_str())
            && found != course.as_str()
        {
            let title = header
                .course
                .as_ref()
                .and_then(|c| c.get("title"))
                .and_then(|t| t.as_str())
                .unwrap_or("?")
                .to_owned();
            return Err(ReviewError::OtherCourse {
                title,
                found: found.to_owned(),
                expected: course.to_string(),
            });
        }
        let file: ReviewFile =
            serde_json::from_slice(bytes).map_err(|e| ReviewError::Malformed(e.to_string()))?;
        if file.comments.len() > MAX_COMMENTS_PER_FILE {
            return Err(ReviewError::TooManyComments);
        }
        if !is_timestamp(&file.sent) {
            return Err(ReviewError::Malformed(format!(
                "`sent` ({}) is not a UTC time",
                file.sent
            )));
        }
        if file.reviewer.name.trim().is_empty() {
            return Err(ReviewError::Malformed("the reviewer has no name".into()));
        }
        if file.reviewer.name.chars().count() > MAX_NAME_CHARS {
            return Err(ReviewError::Malformed(format!(
                "the reviewer's name is longer than {MAX_NAME_CHARS} characters"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for comment in file.comments.iter() {
            if !seen.insert(comment.id.as_str()) {
                return Err(ReviewError::BadComment(
                    comment.id.to_string(),
                    "two comments in the file have this id".into(),
                ));
            }
            file.to_comment(comment).validate()?;
        }
        Ok(file)
    }

    /// The comments as the course keeps them: open, without replies.
    pub fn comments(&self) -> Vec<Comment> {
        self.comments.iter().map(|c| self.to_comment(c)).collect()
    }

    fn to_comment(&self, c: &ReviewComment) -> Comment {
        Comment {
            id: c.id.clone(),
            target: c.target.clone(),
            reviewer: self.reviewer.name.trim().to_owned(),
            text: c.text.clone(),
            quote: c.quote.clone(),
            block_version: c.block_version.clone(),
            created: c.created.clone(),
            status: CommentStatus::Open,
            replies: Vec::new(),
        }
    }
}

/// Whether `s` is an RFC 3339 UTC time: `YYYY-MM-DDTHH:MM:SS`, optional
/// fraction, `Z`.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b.len() > 35 || b[b.len() - 1] != b'Z' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let rest = &b[19..b.len() - 1];
    if !(shape
        && (rest.is_empty() || (rest[0] == b'.' && rest.len() > 1 && digits(20..b.len() - 1))))
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(u32::MAX);
    (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) <= 60
}

/// The UTC time `millis` milliseconds after 1970-01-01 as an
/// [`is_timestamp`] time, e.g. `2026-11-28T15:04:05.123Z` (what JavaScript's
/// `toISOString` writes). Times before 1970 are clamped to it.
pub fn timestamp_from_unix_millis(millis: u64) -> String {
    let secs = millis / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days to a civil date (proleptic Gregorian), after Howard Hinnant.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000
    )
}

/// A key that sorts [`is_timestamp`] times in time order as plain text: the
/// fraction padded to nine digits (`…:05Z` and `…:05.5Z` would otherwise sort
/// the wrong way round). Text that is not a time is returned as it is.
pub fn timestamp_sort_key(s: &str) -> String {
    if !is_timestamp(s) {
        return s.to_owned();
    }
    let fraction = s[19..s.len() - 1].trim_start_matches('.');
    format!("{}.{:0<9}Z", &s[..19], &fraction[..fraction.len().min(9)])
}

/// 64-bit FNV-1a, as 16 hex digits: a stable fingerprint, not a defence
/// against forgery.
pub(crate) fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

impl Block {
    /// A short fingerprint of the block's content: changes whenever any of
    /// its text, settings or items change; stable across runs, builds and
    /// machines.
    pub fn fingerprint(&self) -> String {
        fnv1a_hex(&serde_json::to_vec(self).unwrap_or_default())
    }
}

impl Course {
    /// A short fingerprint of the whole course (what a review build shows).
    pub fn fingerprint(&self) -> String {
        fnv1a_hex(&serde_json::to_vec(self).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::demo_course;

    fn file_for(course: &Course) -> ReviewFile {
        let (lesson, block) = course.blocks().next().unwrap();
        ReviewFile {
            format: REVIEW_FORMAT.into(),
            format_version: 1,
            course: ReviewedCourse {
                id: course.id.clone(),
                title: course.info.title.clone(),
                version: course.fingerprint(),
            },
            reviewer: Reviewer {
                name: "Dana".into(),
            },
            sent: "2026-11-28T15:04:05.123Z".into(),
            comments: vec![ReviewComment {
                id: CommentId::generate(),
                target: CommentTarget {
                    lesson: lesson.id.clone(),
                    block: Some(block.id.clone()),
                    item: None,
                    part: None,
                },
                text: "<script>alert(1)</script> Wrong figure.".into(),
                quote: "old".into(),
                block_version: block.fingerprint(),
                created: "2026-11-28T15:00:00Z".into(),
            }],
        }
    }

    #[test]
    fn round_trips_and_anchors() {
        let mut course = demo_course();
        let file = file_for(&course);
        let bytes = serde_json::to_vec(&file).unwrap();
        let parsed = ReviewFile::parse(&bytes, &course.id).unwrap();
        assert_eq!(parsed, file);
        let comment = &parsed.comments()[0];
        assert_eq!(comment.anchor(&course), Anchor::Current);
        // Edit the block: changed.
        let block = &mut course.modules[0].lessons[0].blocks[0];
        block.slot = Some("changed".into());
        assert_eq!(comment.anchor(&course), Anchor::Changed);
        course.modules[0].lessons[0].blocks.remove(0);
        assert_eq!(comment.anchor(&course), Anchor::BlockDeleted);
    }

    #[test]
    fn refuses_other_courses_newer_formats_and_damage() {
        let course = demo_course();
        let file = file_for(&course);
        let bytes = serde_json::to_vec(&file).unwrap();
        let other = CourseId::new("course-other").unwrap();
        assert!(matches!(
            ReviewFile::parse(&bytes, &other),
            Err(ReviewError::OtherCourse { .. })
        ));
        assert!(matches!(
            ReviewFile::parse(&bytes[..bytes.len() / 2], &course.id),
            Err(ReviewError::Malformed(_))
        ));
        let mut newer = file.clone();
        newer.format_version = 9;
        let newer = serde_json::to_vec(&newer).unwrap();
        assert_eq!(
            ReviewFile::parse(&newer, &course.id),
            Err(ReviewError::NewerFormat(9))
        );
        let mut empty = file.clone();
        empty.comments[0].text = "  ".into();
        let empty = serde_json::to_vec(&empty).unwrap();
        assert!(matches!(
            ReviewFile::parse(&empty, &course.id),
            Err(ReviewError::BadComment(..))
        ));
        assert!(ReviewFile::parse(b"{}", &course.id).is_err());
    }

    #[test]
    fn timestamps_from_unix_time() {
        assert_eq!(timestamp_from_unix_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            timestamp_from_unix_millis(1_795_878_245_123),
            "2026-11-28T15:04:05.123Z"
        );
        // 2024-02-29 (a leap day) and the last millisecond of 2399-12-31.
        assert_eq!(
            timestamp_from_unix_millis(1_709_164_800_000),
            "2024-02-29T00:00:00.000Z"
        );
        assert_eq!(
            timestamp_from_unix_millis(13_569_465_599_999),
            "2399-12-31T23:59:59.999Z"
        );
        assert!(is_timestamp(&timestamp_from_unix_millis(1_795_878_245_123)));
    }

    #[test]
    fn timestamps_sort_as_text() {
        let key = timestamp_sort_key;
        assert!(key("2026-11-28T15:04:05Z") < key("2026-11-28T15:04:05.5Z"));
        assert!(key("2026-11-28T15:04:05.5Z") < key("2026-11-28T15:04:06Z"));
        assert_eq!(
            key("2026-11-28T15:04:05.123Z"),
            "2026-11-28T15:04:05.123000000Z"
        );
    }

    #[test]
    fn parts_are_checked_against_the_list() {
        let course = demo_course();
        let file = file_for(&course);
        let mut comment = file.comments()[0].clone();
        comment.target.part = Some("prompt".into());
        comment.validate().unwrap();
        comment.target.part = Some("feedback".into());
        assert!(comment.validate().is_err(), "unknown part");
        comment.target.part = Some("choice".into());
        assert!(comment.validate().is_err(), "a choice needs its item");
        comment.target.item = Some(ItemId::new("choice-1").unwrap());
        comment.validate().unwrap();
        comment.target.part = Some("hint".into());
        assert!(comment.validate().is_err(), "a hint takes no item");
        comment.target.block = None;
        comment.target.item = None;
        assert!(comment.validate().is_err(), "a part without a block");
    }

    /// The documented part names are exactly the ones accepted.
    #[test]
    fn the_part_list_matches_the_documentation() {
        let doc = include_str!("../../../docs/review-format.md");
        let table = doc
            .split("### Part names")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap();
        let documented: Vec<(String, bool)> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .map(|l| {
                let (name, rest) = l.split_once('`').unwrap();
                let item = rest
                    .trim_start_matches(" |")
                    .trim_start()
                    .starts_with("yes");
                (name.to_owned(), item)
            })
            .collect();
        let accepted: Vec<(String, bool)> = COMMENT_PARTS
            .iter()
            .map(|(n, i)| ((*n).to_owned(), *i))
            .collect();
        assert_eq!(documented, accepted);
    }

    #[test]
    fn a_file_with_two_comments_of_one_id_is_refused() {
        let course = demo_course();
        let mut file = file_for(&course);
        file.comments.push(file.comments[0].clone());
        let bytes = serde_json::to_vec(&file).unwrap();
        assert!(matches!(
            ReviewFile::parse(&bytes, &course.id),
            Err(ReviewError::BadComment(..))
        ));
    }

    #[test]
    fn timestamps() {
        assert!(!is_timestamp("2026-13-28T15:04:05Z"));
        assert!(!is_timestamp("2026-11-28T25:04:05Z"));
        assert!(is_timestamp("2026-11-28T15:04:05Z"));
        assert!(is_timestamp("2026-11-28T15:04:05.5Z"));
        assert!(!is_timestamp("2026-11-28 15:04:05Z"));
        assert!(!is_timestamp("2026-11-28T15:04:05+01:00"));
        assert!(!is_timestamp("2026-11-28T15:04:05.Z"));
    }

    #[test]
    fn fingerprints_are_stable_and_sensitive() {
        let course = demo_course();
        let block = course.blocks().next().unwrap().1.clone();
        assert_eq!(block.fingerprint(), block.clone().fingerprint());
        assert_eq!(block.fingerprint().len(), 16);
        let mut other = block.clone();
        other.slot = Some("x".into());
        assert_ne!(other.fingerprint(), block.fingerprint());
    }
}
