//! The course blueprints of `templates/blueprints`, embedded at build time,
//! for `trellis new` and the editor's "New course".

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::Serialize;
use trellis_text::Imported;

use crate::error::AppError;

static BLUEPRINTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../templates/blueprints");

/// What the "New course" dialog shows of a blueprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BlueprintInfo {
    /// The name to pass to `new_course`, e.g. `compliance-training`.
    pub name: String,
    pub title: String,
    pub description: String,
    /// How many lessons it starts with.
    pub lessons: usize,
}

/// The names of the embedded blueprints, sorted.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = BLUEPRINTS
        .dirs()
        .map(|d| d.path().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every embedded blueprint, by name, imported.
pub fn all() -> Result<Vec<(String, Imported)>, AppError> {
    names()
        .into_iter()
        .map(|name| {
            let imported = get(&name)?;
            Ok((name, imported))
        })
        .collect()
}

/// A summary of every blueprint.
pub fn list() -> Result<Vec<BlueprintInfo>, AppError> {
    Ok(all()?
        .into_iter()
        .map(|(name, imported)| BlueprintInfo {
            name,
            title: imported.course.info.title.clone(),
            description: imported.course.info.description.trim().to_owned(),
            lessons: imported.course.lessons().count(),
        })
        .collect())
}

/// The embedded blueprint `name`, imported. The course keeps the
/// blueprint's id: give it a fresh one before creating a course from it.
pub fn get(name: &str) -> Result<Imported, AppError> {
    let dir = BLUEPRINTS
        .get_dir(name)
        .filter(|_| names().iter().any(|n| n == name))
        .ok_or_else(|| {
            AppError::not_found(format!(
                "There is no blueprint `{name}`. The blueprints are: {}.",
                names().join(", ")
            ))
        })?;
    let mut files = BTreeMap::new();
    collect(dir, dir.path(), &mut files);
    trellis_text::import_files(&files)
        .map_err(|e| AppError::internal(format!("The built-in blueprint `{name}` is broken: {e}")))
}

fn collect(dir: &Dir<'_>, base: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let rel = file
            .path()
            .strip_prefix(base)
            .expect("embedded files sit under their blueprint");
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.insert(rel, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect(sub, base, out);
    }
}
