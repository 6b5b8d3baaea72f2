//! Writing a course folder to disk without destroying anything.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use trellis_model::{AssetInfo, Comment, Course, Translation};

use crate::{COURSE_FILE, ExportError};

/// The entries of a course folder that export owns and replaces.
const OWNED: [&str; 5] = [COURSE_FILE, "lessons", "assets", "comments", "translations"];

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes a new, uniquely named folder `prefix-N` inside `dir`.
fn fresh_dir(dir: &Path, prefix: &str) -> Result<PathBuf, ExportError> {
    let pid = std::process::id();
    for n in 0..1000u32 {
        let p = dir.join(format!("{prefix}-{pid}-{n}"));
        match fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(&p)(e)),
        }
    }
    Err(io_err(dir)(io::Error::other(
        "cannot create a staging folder",
    )))
}

pub(crate) fn export_dir(
    course: &Course,
    comments: &[Comment],
    translations: &[Translation],
    assets: &dyn Fn(&AssetInfo) -> io::Result<Vec<u8>>,
    path: &Path,
) -> Result<(), ExportError> {
    // Everything that will be written, checked before touching the disk.
    let mut files: BTreeMap<String, Vec<u8>> =
        crate::export_files_with_translations(course, comments, translations);
    for info in &course.assets {
        trellis_assets::validate_name(&info.name).map_err(|e| ExportError::BadAssetName {
            name: info.name.clone(),
            reason: e.to_string(),
        })?;
    }
    let mut lower: BTreeMap<String, String> = BTreeMap::new();
    let names = files
        .keys()
        .cloned()
        .chain(course.assets.iter().map(|a| format!("assets/{}", a.name)));
    for name in names {
        if let Some(other) = lower.insert(name.to_lowercase(), name.clone()) {
            return Err(ExportError::CaseClash(other, name));
        }
    }

    // The target: new, empty, or a course folder.
    let mut created = false;
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let mut entries = fs::read_dir(path).map_err(io_err(path))?;
            let empty = entries.next().is_none();
            if !empty && !path.join(COURSE_FILE).is_file() {
                return Err(ExportError::NotACourseFolder(path.to_path_buf()));
            }
        }
        Ok(_) => return Err(ExportError::NotADirectory(path.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(path).map_err(io_err(path))?;
            created = true;
        }
        Err(e) => return Err(io_err(path)(e)),
    }

    let staging = fresh_dir(path, ".trellis-export")?;
    let result = stage(course, assets, &mut files, &staging).and_then(|()| swap(path, &staging));
    let _ = fs::remove_dir_all(&staging);
    if result.is_err() && created {
        let _ = fs::remove_dir_all(path);
    }
    result
}

/// Writes every file into `staging`.
fn stage(
    course: &Course,
    assets: &dyn Fn(&AssetInfo) -> io::Result<Vec<u8>>,
    files: &mut BTreeMap<String, Vec<u8>>,
    staging: &Path,
) -> Result<(), ExportError> {
    let mut dirs = vec!["lessons", "assets"];
    if files.keys().any(|name| name.starts_with("comments/")) {
        dirs.push("comments");
    }
    if files.keys().any(|name| name.starts_with("translations/")) {
        dirs.push("translations");
    }
    for dir in dirs {
        let p = staging.join(dir);
        fs::create_dir(&p).map_err(io_err(&p))?;
    }
    for (name, bytes) in std::mem::take(files) {
        let p = staging.join(&name);
        fs::write(&p, bytes).map_err(io_err(&p))?;
    }
    for info in &course.assets {
        let bytes = assets(info).map_err(|source| ExportError::Asset {
            name: info.name.clone(),
            source,
        })?;
        if trellis_assets::sha256_hex(&bytes) != info.sha256 {
            return Err(ExportError::Asset {
                name: info.name.clone(),
                source: io::Error::other("its bytes do not match the SHA-256 the course records"),
            });
        }
        let p = staging.join("assets").join(&info.name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&p, bytes).map_err(io_err(&p))?;
    }
    Ok(())
}

/// Moves the old owned entries aside, the staged ones in, then deletes the
/// old ones. Restores the old entries if a move fails.
fn swap(path: &Path, staging: &Path) -> Result<(), ExportError> {
    let backup = fresh_dir(path, ".trellis-old")?;
    let mut moved_out: Vec<&str> = Vec::new();
    let mut moved_in: Vec<&str> = Vec::new();
    let mut result = Ok(());
    for name in OWNED {
        let from = path.join(name);
        if fs::symlink_metadata(&from).is_ok() {
            if let Err(e) = fs::rename(&from, backup.join(name)) {
                result = Err(io_err(&from)(e));
                break;
            }
            moved_out.push(name);
        }
    }
    if result.is_ok() {
        for name in OWNED {
            let to = path.join(name);
            // `comments/` and `translations/` are staged only when there are some.
            if fs::symlink_metadata(staging.join(name)).is_err() {
                continue;
            }
            if let Err(e) = fs::rename(staging.join(name), &to) {
                result = Err(io_err(&to)(e));
                break;
            }
            moved_in.push(name);
        }
    }
    if result.is_err() {
        for name in moved_in {
            let _ = fs::rename(path.join(name), staging.join(name));
        }
        for name in moved_out {
            let _ = fs::rename(backup.join(name), path.join(name));
        }
        let _ = fs::remove_dir(&backup);
        return result;
    }
    fs::remove_dir_all(&backup).map_err(io_err(&backup))
}
