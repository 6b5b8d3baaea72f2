//! What the app writes out of the open course: published packages,
//! text-format exports (folders or zips), written atomically; and showing a
//! file in the file manager.

use std::path::{Path, PathBuf};

use serde::Serialize;

use serde_json::Value;
use trellis_model::Course;
use trellis_publish::{PublishOptions, Target};

use crate::{App, AppError, places};

/// What `publish` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishResult {
    /// The zip, or the folder with `folder`.
    #[ts(type = "string")]
    pub path: PathBuf,
    pub target: &'static str,
    pub file_count: usize,
    pub files: Vec<PackageFile>,
    pub uncompressed_size: u64,
    pub zip_size: u64,
    /// SCORM 1.2's saved-state budget: the worst case in characters and the
    /// limit; `null` for other targets.
    pub state: Option<StateBudget>,
    pub images: ImageCounts,
    pub warnings: Vec<PublishWarning>,
    pub elapsed_ms: u64,
}

/// One file of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PackageFile {
    pub path: String,
    pub size: u64,
}

/// The worst-case saved state and the LMS's limit, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct StateBudget {
    pub worst: usize,
    pub limit: usize,
}

/// What image processing did while publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImageCounts {
    pub images: usize,
    pub resized: usize,
    pub from_cache: usize,
    pub bytes_saved: u64,
}

/// Something the author should know about a package that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishWarning {
    /// A stable code, e.g. `state-budget`.
    pub code: &'static str,
    pub message: String,
}

/// What `export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ExportResult {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub zip: bool,
}

impl App {
    /// Writes the open course, its assets, review comments and translations,
    /// as a text-format folder at `path`, or with `zip` as a zip at `path` that
    /// holds that folder (named like the zip, without `.zip`).
    pub(crate) fn export(&mut self, path: &Path, zip: bool) -> Result<ExportResult, AppError> {
        let path = self.resolve(path);
        self.may_write(&path, zip.then_some("zip"))?;
        let file = self.file()?;
        let course = file.course();
        let comments = file.comments()?;
        let translations = file.translations()?;
        if zip {
            let folder = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| places::safe_file_name(&course.info.title));
            let mut files =
                trellis_text::export_files_with_translations(course, &comments, &translations);
            for asset in &course.assets {
                files.insert(
                    format!("assets/{}", asset.name),
                    file.asset_bytes(&asset.name)?,
                );
            }
            let files: std::collections::BTreeMap<String, Vec<u8>> = files
                .into_iter()
                .map(|(name, bytes)| (format!("{folder}/{name}"), bytes))
                .collect();
            write_atomically(&path, |out| {
                trellis_publish::zipout::write_zip(&files, out, &mut |_| {})
                    .map(drop)
                    .map_err(|e| {
                        AppError::io(
                            format!("Could not write {}", path.display()),
                            &std::io::Error::other(e),
                        )
                    })
            })?;
        } else {
            let assets = |a: &trellis_model::AssetInfo| {
                file.asset_bytes(&a.name)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            };
            trellis_text::export_dir_with_translations(
                course,
                &comments,
                &translations,
                &assets,
                &path,
            )?;
        }
        self.last_export_dir = path.parent().map(Path::to_owned);
        Ok(ExportResult { path, zip })
    }
    pub(crate) fn publish(
        &mut self,
        target: &str,
        path: &Path,
        folder: bool,
        allow_state_overflow: bool,
    ) -> Result<PublishResult, AppError> {
        let target = match target.parse::<Target>() {
            Ok(Target::Preview) | Err(_) => {
                return Err(AppError::bad_input(format!(
                    "Trellis cannot publish for `{target}`. Choose scorm12, scorm2004, cmi5, xapi, web or review."
                )));
            }
            Ok(t) => t,
        };
        let path = self.resolve(path);
        self.may_write(&path, (!folder).then_some("zip"))?;
        let file = self.file()?;
        let mut options = PublishOptions::new(target);
        options.image_cache = self.config.image_cache.clone();
        options.allow_state_overflow = allow_state_overflow;
        if trellis_publish::output::same_file(&path, file.path()) {
            return Err(AppError::bad_input(format!(
                "{} is the course itself; publishing there would replace the course with the \
                 package. Choose another name for the package, such as course.zip.",
                path.display()
            )));
        }
        let assets = |name: &str| {
            file.asset_bytes(name)
                .map_err(|e| std::io::Error::other(e.to_string()))
        };
        let report = if folder {
            trellis_publish::publish_dir(file.course(), &assets, &options, &path, &mut |_| {})?
        } else {
            write_zip(file.course(), &assets, &options, &path)?
        };
        self.last_package_dir = path.parent().map(Path::to_owned);
        Ok(PublishResult {
            target: report.target.as_str(),
            file_count: report.file_count,
            files: report
                .files
                .iter()
                .map(|f| PackageFile {
                    path: f.path.clone(),
                    size: f.size,
                })
                .collect(),
            uncompressed_size: report.uncompressed_size,
            zip_size: report.zip_size,
            state: report
                .state
                .map(|(worst, limit)| StateBudget { worst, limit }),
            images: ImageCounts {
                images: report.images.images,
                resized: report.images.resized,
                from_cache: report.images.from_cache,
                bytes_saved: report.images.bytes_saved,
            },
            warnings: report
                .warnings
                .iter()
                .map(|w| PublishWarning {
                    code: w.code,
                    message: w.message.clone(),
                })
                .collect(),
            elapsed_ms: report.elapsed.as_millis() as u64,
            path,
        })
    }

    /// Shows `path` in the file manager (see [`Command::Reveal`]).
    pub(crate) fn reveal(&self, path: &Path) -> Result<Value, AppError> {
        let path = self.resolve(path);
        self.may_read(&path)?;
        if !path.exists() {
            return Err(AppError::not_found(format!(
                "There is nothing at {} to show.",
                path.display()
            )));
        }
        if !self.config.reveal {
            return Err(AppError::bad_input(
                "Showing files in the file manager works only in the desktop app.",
            ));
        }
        reveal(&path).map_err(|e| AppError::io("Could not open the file manager", &e))?;
        Ok(Value::Null)
    }
}

/// Writes the zip beside its destination, then renames it into place: a
/// failed publish leaves no half-written package and the old one intact.
pub(crate) fn write_zip(
    course: &Course,
    assets: &dyn trellis_publish::AssetSource,
    options: &PublishOptions,
    path: &Path,
) -> Result<trellis_publish::Report, AppError> {
    if path.is_dir() {
        return Err(AppError::bad_input(format!(
            "{} is a folder; choose a file name for the package, such as course.zip.",
            path.display()
        )));
    }
    write_atomically(path, |out| {
        Ok(trellis_publish::publish(
            course,
            assets,
            options,
            out,
            &mut |_| {},
        )?)
    })
}

/// Writes the file `path` with `write` into a fresh hidden file beside it
/// (created exclusively: a planted symlink is never followed), then renames
/// that into place ([`trellis_publish::output::write_file`]): a failure
/// leaves no half-written file, and the file that was there intact.
pub(crate) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<T, AppError>,
) -> Result<T, AppError> {
    if path.is_dir() {
        return Err(AppError::bad_input(format!(
            "{} is a folder; choose a file name.",
            path.display()
        )));
    }
    enum Failed {
        Writing(AppError),
        Io(std::io::Error),
    }
    impl From<std::io::Error> for Failed {
        fn from(e: std::io::Error) -> Self {
            Self::Io(e)
        }
    }
    trellis_publish::output::write_file(path, |out| write(out).map_err(Failed::Writing)).map_err(
        |failed| match failed {
            Failed::Writing(e) => e,
            Failed::Io(e) => AppError::io(format!("Could not write {}", path.display()), &e),
        },
    )
}

/// Shows `path` in the system's file manager.
pub(crate) fn reveal(path: &Path) -> std::io::Result<()> {
    use std::process::{Command as Process, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        let mut c = Process::new("open");
        c.arg("-R").arg(path);
        c
    } else if cfg!(windows) {
        let mut c = Process::new("explorer");
        c.arg(format!("/select,{}", path.display()));
        c
    } else {
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let mut c = Process::new("xdg-open");
        c.arg(dir);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}
