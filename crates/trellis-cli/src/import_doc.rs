//! `trellis import-doc`: a course from a Word, PowerPoint or Markdown
//! document or a GIFT, Aiken or CSV question bank (crates/trellis-import),
//! as a new course file (from scratch or from a blueprint) or added to an
//! existing one, with the report of what became what and what could not be
//! brought over.

use std::path::Path;

use anyhow::{Context, Result, bail};
use trellis_app::blueprints;
use trellis_import::{Imported, Onto, Options};

use crate::{info, term};

/// Prints what the import made and its report.
fn tell(document: &Path, imported: &Imported, verb: &str, what: &str) -> Result<()> {
    let shown = term::line(&document.display().to_string());
    crate::term::outln!(
        "{verb} {what} from {shown} ({}): {}.",
        imported.format.name(),
        info::Summary::of(&imported.course).one_line()
    );
    if !imported.comments.is_empty() {
        crate::term::outln!(
            "{} review comments from the document are on the blocks they were written on.",
            imported.comments.len()
        );
    }
    crate::term::outln!("What became what, by place in the document:");
    crate::term::out!("{}", term::text(&imported.report.to_string()));
    Ok(())
}

/// A new course file at `output` (unless `dry_run`), from `template` when given.
pub fn run(
    document: &Path,
    output: Option<&Path>,
    template: Option<&str>,
    dry_run: bool,
    options: Options,
) -> Result<u8> {
    let (imported, mut assets) = match template {
        Some(name) => {
            let mut blueprint = blueprints::get(name)?;
            blueprint.course.id = trellis_model::CourseId::generate();
            let imported = trellis_import::import_file_onto(
                document,
                options,
                Onto::blueprint(blueprint.course),
            )?;
            (imported, blueprint.assets)
        }
        None => (
            trellis_import::import_file_with(document, options)?,
            Vec::new(),
        ),
    };
    let course = &imported.course;
    let what = match template {
        Some(name) => format!(
            "“{}” from the `{name}` blueprint and the document",
            term::line(&course.info.title)
        ),
        None => format!("“{}”", term::line(&course.info.title)),
    };
    tell(
        document,
        &imported,
        if dry_run { "Would make" } else { "Made" },
        &what,
    )?;
    let counts = trellis_check::check(course).counts();
    if dry_run {
        crate::term::outln!("Nothing was written (--dry-run).");
        return Ok(0);
    }
    let output = output.expect("clap requires --output without --dry-run or --into");
    assets.extend(imported.assets);
    let file =
        trellis_store::CourseFile::create_with_comments(output, course, assets, &imported.comments)
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

/// Adds `document` to the course file `target` as new modules after its
/// last, in one change (one undo step in the editor); nothing is written
/// when the document, or the file, cannot be used.
pub fn run_into(document: &Path, target: &Path, dry_run: bool, options: Options) -> Result<u8> {
    let shown = term::line(&target.display().to_string());
    if !target.is_file() {
        bail!("there is no course file at {shown}; nothing was imported");
    }
    // Opened to edit, but an older file is upgraded only by the change
    // itself: a refused import leaves it as it was.
    let mut file = trellis_store::CourseFile::open_upgrading_on_first_change(target)
        .with_context(|| format!("could not open {shown}; nothing was imported"))?;
    let base = file.course().clone();
    let mut imported =
        trellis_import::import_file_onto(document, options, Onto::open_course(base.clone()))?;
    trellis_import::fresh_comment_ids(&mut imported.comments, &file.comments()?);
    let Some(edit) = trellis_import::additions(&base, &imported.course) else {
        bail!("{} added nothing to {shown}", document.display());
    };
    let added: Vec<&str> = imported
        .course
        .modules
        .iter()
        .filter(|m| !base.modules.iter().any(|b| b.id == m.id))
        .map(|m| m.title.as_str())
        .collect();
    let what = format!(
        "{} new module{} ({}) for “{}”",
        added.len(),
        if added.len() == 1 { "" } else { "s" },
        term::line(&added.join(", ")),
        term::line(&base.info.title)
    );
    tell(
        document,
        &imported,
        if dry_run { "Would add" } else { "Added" },
        &what,
    )?;
    if dry_run {
        crate::term::outln!("Nothing was written (--dry-run).");
        return Ok(0);
    }
    if file.upgrade_pending().is_some() {
        file.upgrade()
            .with_context(|| format!("could not update {shown}; nothing was imported"))?;
    }
    let label = format!(
        "Import {}",
        document
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    file.apply_import(edit, &imported.assets, &imported.comments, &label)
        .with_context(|| format!("could not add the document to {shown}; nothing was changed"))?;
    let counts = trellis_check::check(file.course()).counts();
    crate::term::outln!(
        "Saved in {shown}; Undo in the editor takes the whole import back. The design check finds {} errors and {} warnings: `trellis check {shown}` lists them.",
        counts.errors,
        counts.warnings,
    );
    Ok(0)
}
