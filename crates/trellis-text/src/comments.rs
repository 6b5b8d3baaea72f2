//! Review comments in the text format: one `comments/<comment-id>.toml` per
//! comment, so that two people's comments never touch the same file and git
//! merges them without conflicts.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use trellis_model::{
    BlockId, Comment, CommentField, CommentId, CommentStatus, CommentTarget, ItemId, LessonId,
    Reply,
};

use crate::error::Problem;
use crate::files::Sid;
use crate::import::{FileCtx, Frag, Refs};
use crate::toml_out::Doc;

/// The folder of comment files, with its trailing `/`.
pub(crate) const DIR: &str = "comments/";

type SString = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentToml {
    id: Sid,
    lesson: Sid,
    block: Option<Sid>,
    item: Option<Sid>,
    part: Option<SString>,
    reviewer: SString,
    created: SString,
    #[serde(default)]
    status: CommentStatus,
    block_version: Option<SString>,
    quote: Option<SString>,
    text: SString,
    #[serde(default)]
    replies: Vec<Spanned<ReplyToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyToml {
    author: String,
    created: String,
    text: String,
}

fn status_str(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Open => "open",
        CommentStatus::Resolved => "resolved",
    }
}

/// Every comment as `comments/<id>.toml`, keyed by path.
pub(crate) fn files(comments: &[Comment]) -> BTreeMap<String, Vec<u8>> {
    comments
        .iter()
        .map(|c| (format!("{DIR}{}.toml", c.id), file(c).into_bytes()))
        .collect()
}

fn file(c: &Comment) -> String {
    let mut d = Doc::default();
    d.line_str("id", c.id.as_str());
    d.line_str("lesson", c.target.lesson.as_str());
    if let Some(block) = &c.target.block {
        d.line_str("block", block.as_str());
    }
    if let Some(item) = &c.target.item {
        d.line_str("item", item.as_str());
    }
    if let Some(part) = &c.target.part {
        d.line_str("part", part);
    }
    d.line_str("reviewer", &c.reviewer);
    d.line_str("created", &c.created);
    d.line_str("status", status_str(c.status));
    if !c.block_version.is_empty() {
        d.line_str("block_version", &c.block_version);
    }
    d.text_opt("quote", &c.quote);
    d.text("text", &c.text);
    for r in &c.replies {
        d.header("[[replies]]");
        d.line_str("author", &r.author);
        d.line_str("created", &r.created);
        d.text("text", &r.text);
    }
    d.out
}

/// Reads one comment file; problems go to `problems` with their place.
pub(crate) fn parse(
    file: &str,
    stem: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<Comment> {
    let mut refs = Refs::default();
    let mut ctx = FileCtx::new(file, text, problems, &mut refs);
    let f = Frag::at(0);
    let t: CommentToml = ctx.toml(text, f, "comment")?;
    let before = ctx.problem_count();
    let id: CommentId = ctx.id_syntax(&t.id, f, "comment");
    if t.id.get_ref() != stem {
        ctx.problem(
            t.id.span().start,
            format!(
                "the comment id `{}` does not match the file name; expected `{stem}` (the file is {DIR}<comment-id>.toml)",
                t.id.get_ref()
            ),
        );
    }
    let lesson: LessonId = ctx.id_syntax(&t.lesson, f, "lesson");
    let block: Option<BlockId> = t.block.as_ref().map(|b| ctx.id_syntax(b, f, "block"));
    let item: Option<ItemId> = t.item.as_ref().map(|i| ctx.id_syntax(i, f, "item"));
    if ctx.problem_count() > before {
        return None;
    }
    let comment = Comment {
        id,
        target: CommentTarget {
            lesson,
            block,
            item,
            part: t.part.as_ref().map(|p| p.get_ref().clone()),
        },
        reviewer: t.reviewer.get_ref().clone(),
        text: t.text.get_ref().clone(),
        quote: t
            .quote
            .as_ref()
            .map(|q| q.get_ref().clone())
            .unwrap_or_default(),
        block_version: t
            .block_version
            .as_ref()
            .map(|v| v.get_ref().clone())
            .unwrap_or_default(),
        created: t.created.get_ref().clone(),
        status: t.status,
        replies: t
            .replies
            .iter()
            .map(|r| {
                let r = r.get_ref();
                Reply {
                    author: r.author.clone(),
                    text: r.text.clone(),
                    created: r.created.clone(),
                }
            })
            .collect(),
    };
    if let Err((field, why)) = comment.check() {
        let span = |s: Option<usize>| s.unwrap_or(t.id.span().start);
        let at = match field {
            CommentField::Reviewer => t.reviewer.span().start,
            CommentField::Text => t.text.span().start,
            CommentField::Quote => span(t.quote.as_ref().map(|q| q.span().start)),
            CommentField::Created => t.created.span().start,
            CommentField::Item => span(t.item.as_ref().map(|i| i.span().start)),
            CommentField::Part => span(t.part.as_ref().map(|p| p.span().start)),
            CommentField::BlockVersion => span(t.block_version.as_ref().map(|v| v.span().start)),
            CommentField::Reply(i) => span(t.replies.get(i).map(|r| r.span().start)),
        };
        ctx.problem(at, why);
        return None;
    }
    Some(comment)
}
