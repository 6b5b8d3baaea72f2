//! SME review on the author's side: the comments of the open course with
//! where each stands against the current course, importing `.trellis-review`
//! files, and replying to, resolving and reopening comments.
//!
//! Comments are not edits: they never change the course, never enter the
//! undo history and do not move the app's revision (so the preview is left
//! alone). Their own counter, `comments_revision` (in every snapshot and in
//! these commands' results), changes whenever they do.

use serde::Serialize;
use serde_json::Value;
use trellis_model::review::MAX_REVIEW_FILE_BYTES;
use trellis_model::{
    Anchor, Comment, CommentId, CommentStatus, Reply, ReviewError, ReviewFile,
    timestamp_from_unix_millis,
};

use crate::{App, AppError, GivenFile, to_json};

/// A comment as the UI gets it: every field of [`Comment`] plus `anchor`.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CommentView<'a> {
    #[serde(flatten)]
    pub comment: &'a Comment,
    pub anchor: Anchor,
}

/// What `comments` answers: every comment, oldest first.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CommentList<'a> {
    pub comments_revision: u64,
    pub comments: Vec<CommentView<'a>>,
}

/// What `reply_comment`, `resolve_comment` and `reopen_comment` answer:
/// the comment as it is now.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CommentChange<'a> {
    pub comment: CommentView<'a>,
    pub comments_revision: u64,
}

/// What importing a review file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ReviewImport {
    /// Comments new to the course.
    pub added: usize,
    /// Comments the course already had (an earlier import of the same
    /// comments), left as they are.
    pub skipped: usize,
    /// The reviewer's name as the file gives it.
    pub reviewer: String,
    pub comments_revision: u64,
}

/// The time now, as comments record it.
fn now() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    timestamp_from_unix_millis(millis)
}

impl App {
    /// `{comments_revision, comments: [comment + anchor]}`, oldest first.
    pub(crate) fn comments_list(&self) -> Result<Value, AppError> {
        let file = self.file()?;
        let comments = file.comments()?;
        let course = file.course();
        let views: Vec<CommentView<'_>> = comments
            .iter()
            .map(|comment| CommentView {
                comment,
                anchor: comment.anchor(course),
            })
            .collect();
        to_json(&CommentList {
            comments_revision: file.comments_revision(),
            comments: views,
        })
    }

    /// Imports a review file given by path or as base64.
    pub(crate) fn import_review(&mut self, given: &GivenFile) -> Result<Value, AppError> {
        self.file()?;
        let bytes = self.read_given(
            given,
            MAX_REVIEW_FILE_BYTES,
            || ReviewError::TooLarge.into(),
            "review file",
        )?;
        to_json(&self.import_review_bytes(&bytes)?)
    }

    /// Parses a review file for the open course and adds its comments: all
    /// of them or, if anything is wrong with the file, none.
    pub fn import_review_bytes(&mut self, bytes: &[u8]) -> Result<ReviewImport, AppError> {
        let file = self.file_mut()?;
        let review = ReviewFile::parse(bytes, &file.course().id)?;
        let comments = review.comments();
        let added = file.add_comments(&comments)?;
        Ok(ReviewImport {
            added,
            skipped: comments.len() - added,
            reviewer: review.reviewer.name.trim().to_owned(),
            comments_revision: file.comments_revision(),
        })
    }

    /// Adds comments that arrive one by one (a review server): validated,
    /// in one transaction, known ids skipped. Returns how many were new.
    pub fn add_comments(&mut self, comments: &[Comment]) -> Result<usize, AppError> {
        Ok(self.file_mut()?.add_comments(comments)?)
    }

    /// Adds the author's reply to a comment.
    pub(crate) fn reply_comment(
        &mut self,
        id: &CommentId,
        author: &str,
        text: &str,
    ) -> Result<Value, AppError> {
        self.change_comment(id, |comment| {
            comment.replies.push(Reply {
                author: author.trim().to_owned(),
                text: text.to_owned(),
                created: now(),
            });
        })
    }

    /// Marks a comment resolved (`Resolved`) or open again (`Open`).
    pub(crate) fn set_comment_status(
        &mut self,
        id: &CommentId,
        status: CommentStatus,
    ) -> Result<Value, AppError> {
        self.change_comment(id, |comment| comment.status = status)
    }

    /// Changes one stored comment; `{comment (with anchor),
    /// comments_revision}`. Nothing is written when the change leaves the
    /// comment as it was, or makes it invalid (an empty reply…).
    fn change_comment(
        &mut self,
        id: &CommentId,
        change: impl FnOnce(&mut Comment),
    ) -> Result<Value, AppError> {
        let file = self.file_mut()?;
        let mut comment = file.comment(id)?.ok_or_else(|| {
            AppError::not_found(format!("The course has no comment with id `{id}`."))
        })?;
        let before = comment.clone();
        change(&mut comment);
        if comment != before {
            file.update_comment(&comment)?;
        }
        let view = CommentView {
            anchor: comment.anchor(file.course()),
            comment: &comment,
        };
        to_json(&CommentChange {
            comment: view,
            comments_revision: file.comments_revision(),
        })
    }
}
