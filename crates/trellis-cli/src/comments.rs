//! `trellis comments`: list a course's review comments, or import
//! `.trellis-review` files into it (a course file, or a text-format folder
//! whose `comments/` gains one file per new comment).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use serde::Serialize;
use trellis_model::review::MAX_REVIEW_FILE_BYTES;
use trellis_model::{Anchor, Comment, CommentStatus, Course, LessonId, ReviewFile};
use trellis_publish::output::Unfinished;

use crate::Format;
use crate::source::CourseSource;
use crate::term;

/// Which comments `trellis comments` lists.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StatusFilter {
    Open,
    Resolved,
    All,
}

pub struct Args {
    pub course: PathBuf,
    pub format: Format,
    pub status: StatusFilter,
    pub reviewer: Option<String>,
    pub import: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    if args.import.is_empty() {
        list(&args)
    } else {
        import(&args)
    }
}

/// A comment with where it stands, as `--format json` prints it.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    comment: &'a Comment,
    anchor: Anchor,
}

fn list(args: &Args) -> Result<u8> {
    let source = CourseSource::open(&args.course)?;
    let course = source.course();
    let wanted = |c: &Comment| {
        let status = match args.status {
            StatusFilter::All => true,
            StatusFilter::Open => c.status == CommentStatus::Open,
            StatusFilter::Resolved => c.status == CommentStatus::Resolved,
        };
        let reviewer = args
            .reviewer
            .as_deref()
            .is_none_or(|r| c.reviewer.trim().eq_ignore_ascii_case(r.trim()));
        status && reviewer
    };
    let comments: Vec<Comment> = source.comments()?.into_iter().filter(wanted).collect();
    match args.format {
        Format::Json => {
            let listed: Vec<Listed<'_>> = comments
                .iter()
                .map(|comment| Listed {
                    comment,
                    anchor: comment.anchor(course),
                })
                .collect();
            let out = serde_json::json!({
                "course": {"id": course.id, "title": course.info.title},
                "comments": listed,
            });
            crate::term::outln!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Text => crate::term::out!("{}", render(course, &comments)),
    }
    Ok(0)
}

/// `2026-11-28T15:04:05.123Z` as `2026-11-28 15:04 UTC`.
fn when(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => term::line(time),
    }
}

fn indent(text: &str, by: &str) -> String {
    term::text(text.trim_end())
        .lines()
        .map(|l| format!("{by}{l}\n"))
        .collect()
}

/// The comments grouped by lesson, in course order; comments on lessons
/// that no longer exist come last.
fn render(course: &Course, comments: &[Comment]) -> String {
    let mut out = String::new();
    let open = comments
        .iter()
        .filter(|c| c.status == CommentStatus::Open)
        .count();
    let _ = writeln!(
        out,
        "{}: {} comment{} ({open} open, {} resolved)",
        course.info.title,
        comments.len(),
        if comments.len() == 1 { "" } else { "s" },
        comments.len() - open
    );
    let mut by_lesson: BTreeMap<&LessonId, Vec<&Comment>> = BTreeMap::new();
    for c in comments {
        by_lesson.entry(&c.target.lesson).or_default().push(c);
    }
    let mut order: Vec<&LessonId> = course
        .lessons()
        .map(|l| &l.id)
        .filter(|id| by_lesson.contains_key(id))
        .collect();
    let known: BTreeSet<&LessonId> = order.iter().copied().collect();
    order.extend(by_lesson.keys().filter(|id| !known.contains(*id)));
    for lesson_id in order {
        match course.lesson(lesson_id) {
            Some(lesson) => {
                let _ = writeln!(
                    out,
                    "\nLesson \"{}\" ({lesson_id})",
                    term::line(&lesson.title)
                );
            }
            None => {
                let _ = writeln!(out, "\nLesson {lesson_id} (deleted since)");
            }
        }
        for c in &by_lesson[lesson_id] {
            let mut place = match (&c.target.block, &c.target.item, &c.target.part) {
                (None, _, _) => "the lesson".to_owned(),
                (Some(b), None, None) => format!("block {b}"),
                (Some(b), None, Some(part)) => format!("block {b}, {part}"),
                (Some(b), Some(item), None) => format!("block {b}, item {item}"),
                (Some(b), Some(item), Some(part)) => format!("block {b}, {part} {item}"),
            };
            match c.anchor(course) {
                Anchor::Current => {}
                Anchor::Changed => place.push_str(" (changed since the comment)"),
                Anchor::BlockDeleted => place.push_str(" (block deleted)"),
                Anchor::LessonDeleted => {}
            }
            let status = match c.status {
                CommentStatus::Open => "open",
                CommentStatus::Resolved => "resolved",
            };
            let _ = writeln!(
                out,
                "  [{status}] {} — {}, on {place}  ({})",
                c.id,
                term::line(&c.reviewer),
                when(&c.created)
            );
            out.push_str(&indent(&c.text, "    "));
            if !c.quote.trim().is_empty() {
                out.push_str("    Commented text:\n");
                out.push_str(&indent(&c.quote, "    > "));
            }
            for r in &c.replies {
                let _ = writeln!(
                    out,
                    "    Reply by {} ({}):",
                    term::line(&r.author),
                    when(&r.created)
                );
                out.push_str(&indent(&r.text, "      "));
            }
        }
    }
    out
}

/// What an import did, as `--format json` prints it.
#[derive(Serialize)]
struct Imported {
    added: usize,
    skipped: usize,
    reviewers: Vec<String>,
}

fn read_review(path: &Path) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_REVIEW_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("could not read {}", path.display()))?;
    Ok(bytes)
}

/// Imports every file given, all or nothing: each is parsed and checked
/// before any comment is stored.
fn import(args: &Args) -> Result<u8> {
    let mut source = CourseSource::open_for_editing(&args.course)?;
    let mut comments: Vec<Comment> = Vec::new();
    let mut reviewers: Vec<String> = Vec::new();
    for path in &args.import {
        let bytes = read_review(path)?;
        let review = ReviewFile::parse(&bytes, &source.course().id).with_context(|| {
            format!("could not import {}; nothing was imported", path.display())
        })?;
        let name = review.reviewer.name.trim().to_owned();
        if !reviewers.contains(&name) {
            reviewers.push(name);
        }
        comments.extend(review.comments());
    }
    let total = comments.len();
    let added = match &mut source {
        CourseSource::File(file) => file.add_comments(&comments).with_context(|| {
            format!(
                "could not store the comments in {}; nothing was imported",
                args.course.display()
            )
        })?,
        CourseSource::Folder(imported) => {
            add_to_folder(&args.course, &imported.comments, &comments)?
        }
    };
    let result = Imported {
        added,
        skipped: total - added,
        reviewers,
    };
    match args.format {
        Format::Json => crate::term::outln!("{}", serde_json::to_string_pretty(&result)?),
        Format::Text => crate::term::outln!(
            "Imported {} new comment{} from {} into {} ({} already there).",
            result.added,
            if result.added == 1 { "" } else { "s" },
            result
                .reviewers
                .iter()
                .map(|r| term::line(r))
                .collect::<Vec<_>>()
                .join(", "),
            args.course.display(),
            result.skipped
        ),
    }
    Ok(0)
}

/// Writes each comment the folder lacks as `comments/<id>.toml`: first all
/// under temporary names, then renamed into place; on any failure the files
/// written so far are removed. Returns how many were added.
fn add_to_folder(folder: &Path, existing: &[Comment], comments: &[Comment]) -> Result<usize> {
    let mut known: BTreeSet<&str> = existing.iter().map(|c| c.id.as_str()).collect();
    let mut new: Vec<Comment> = Vec::new();
    for c in comments {
        c.validate()?;
        if known.insert(c.id.as_str()) {
            new.push(c.clone());
        }
    }
    if new.is_empty() {
        return Ok(0);
    }
    // The text format's own writer, so the files are exactly what export
    // writes.
    let files = trellis_text::comment_files(&new);
    let dir = folder.join("comments");
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    // Each file is written under a fresh hidden name, created exclusively
    // (a planted symlink is never followed), and renamed into place once
    // all are written; any left unplaced are removed when dropped.
    let mut staged: Vec<(Unfinished, PathBuf)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        for (name, bytes) in &files {
            let target = folder.join(name);
            if target.exists() {
                bail!(
                    "{} exists but is not a comment the folder holds; nothing was imported",
                    target.display()
                );
            }
            let (temp, mut file) = Unfinished::file_beside(&target)
                .with_context(|| format!("could not write {}", target.display()))?;
            file.write_all(bytes)
                .with_context(|| format!("could not write {}", target.display()))?;
            staged.push((temp, target));
        }
        for (temp, target) in staged.drain(..) {
            temp.finish(&target)
                .with_context(|| format!("could not write {}", target.display()))?;
            placed.push(target);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for target in &placed {
            let _ = std::fs::remove_file(target);
        }
        return Err(e);
    }
    Ok(new.len())
}
