//! `trellis import-doc`: a course from a Word or Markdown document or a
//! GIFT or Aiken question bank (crates/trellis-import), with the report of
//! what became what and what could not be brought over.

use std::path::Path;

use anyhow::{Context, Result};

use crate::{info, term};

pub fn run(
    document: &Path,
    output: Option<&Path>,
    dry_run: bool,
    options: trellis_import::Options,
) -> Result<u8> {
    let imported = trellis_import::import_file_with(document, options)?;
    let course = &imported.course;
    let shown = term::line(&document.display().to_string());
    crate::term::outln!(
        "{} “{}” from {shown} ({}): {}.",
        if dry_run { "Would make" } else { "Made" },
        term::line(&course.info.title),
        imported.format.name(),
        info::Summary::of(course).one_line()
    );
    if !imported.comments.is_empty() {
        crate::term::outln!(
            "{} review comments from the document are on the blocks they were written on.",
            imported.comments.len()
        );
    }
    crate::term::outln!("What became what, by place in the document:");
    crate::term::out!("{}", term::text(&imported.report.to_string()));
    let counts = trellis_check::check(course).counts();
    if dry_run {
        crate::term::outln!("Nothing was written (--dry-run).");
        return Ok(0);
    }
    let output = output.expect("clap requires --output without --dry-run");
    let file = trellis_store::CourseFile::create_with_comments(
        output,
        course,
        imported.assets,
        &imported.comments,
    )
    .with_context(|| format!("could not create {}", output.display()))?;
    drop(file);
    crate::term::outln!(
        "Saved as {}. The design check finds {} errors and {} warnings: `trellis check {}` lists them.",
        term::line(&output.display().to_string()),
        counts.errors,
        counts.warnings,
        term::line(&output.display().to_string())
    );
    Ok(0)
}
