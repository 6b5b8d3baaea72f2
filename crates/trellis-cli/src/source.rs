//! Where a course comes from: a `.trellis` file or a text-format folder.
//! (The blueprints compiled into the binary live in `trellis_app::blueprints`.)

use std::path::Path;

use anyhow::{Context, Result};
use trellis_model::{Comment, Course, Translation};
use trellis_store::{CourseFile, TranslationStatus};
use trellis_text::Imported;

use crate::term;

/// A course opened from a file or a folder.
pub enum CourseSource {
    File(Box<CourseFile>),
    Folder(Box<Imported>),
}

impl CourseSource {
    /// Opens `path` to read it: a folder is read as the text format,
    /// anything else as a course file, which is never written to (nor
    /// upgraded, when an older Trellis wrote it; see
    /// [`CourseFile::open_read_only`]).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, |path| {
            CourseFile::open_read_only(path)
                .with_context(|| format!("could not open {}", path.display()))
        })
    }

    /// Opens `path` to change it. A course file from an older Trellis is
    /// upgraded, and this says so on stderr first: the older Trellis will
    /// not open it afterwards.
    pub fn open_for_editing(path: &Path) -> Result<Self> {
        Self::open_with(path, |path| {
            if let Ok(Some(_)) = CourseFile::upgrade_needed(path) {
                crate::term::errln!(
                    "Upgrading {} to this version's course file format; older versions of \
                     Trellis will not open it afterwards.",
                    term::line(&path.display().to_string())
                );
            }
            CourseFile::open(path).with_context(|| format!("could not open {}", path.display()))
        })
    }

    fn open_with(path: &Path, open_file: impl FnOnce(&Path) -> Result<CourseFile>) -> Result<Self> {
        if path.is_dir() {
            let imported = trellis_text::import_dir(path)
                .with_context(|| format!("could not read the course folder {}", path.display()))?;
            Ok(Self::Folder(Box::new(imported)))
        } else {
            Ok(Self::File(Box::new(open_file(path)?)))
        }
    }

    pub fn course(&self) -> &Course {
        match self {
            Self::File(file) => file.course(),
            Self::Folder(imported) => &imported.course,
        }
    }

    /// The bytes of the asset called `name`.
    pub fn asset_bytes(&self, name: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Self::File(file) => file
                .asset_bytes(name)
                .map_err(|e| std::io::Error::other(e.to_string())),
            Self::Folder(imported) => imported
                .assets
                .iter()
                .find(|(info, _)| info.name == name)
                .map(|(_, bytes)| bytes.clone())
                .ok_or_else(|| {
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("the course has no asset `{name}`"),
                    )
                }),
        }
    }

    /// The review comments, oldest first.
    pub fn comments(&self) -> Result<Vec<Comment>> {
        match self {
            Self::File(file) => file.comments().context("could not read the comments"),
            Self::Folder(imported) => Ok(imported.comments.clone()),
        }
    }

    /// Every target language's translation, sorted by language.
    pub fn translations(&self) -> Result<Vec<Translation>> {
        match self {
            Self::File(file) => file
                .translations()
                .context("could not read the translations"),
            Self::Folder(imported) => Ok(imported.translations.clone()),
        }
    }

    /// How far each target language is translated (see
    /// `CourseFile::translation_status`).
    pub fn translation_status(&self) -> Result<TranslationStatus> {
        match self {
            Self::File(file) => file
                .translation_status()
                .context("could not read the translations"),
            Self::Folder(imported) => {
                let units = trellis_translate::unit_hashes(&imported.course);
                Ok(TranslationStatus {
                    source_language: imported.course.info.language.clone(),
                    units: units.len(),
                    languages: imported
                        .translations
                        .iter()
                        .map(|t| trellis_translate::status(&units, t))
                        .collect(),
                })
            }
        }
    }

    /// The translation into `language`, if the course has that language.
    pub fn translation(&self, language: &str) -> Result<Option<Translation>> {
        match self {
            Self::File(file) => file
                .translation(language)
                .context("could not read the translations"),
            Self::Folder(imported) => Ok(imported
                .translations
                .iter()
                .find(|t| t.language == language)
                .cloned()),
        }
    }

    /// Stores `translation` over the course's translation into its
    /// language: in the course file (one transaction), or as the folder's
    /// `translations/<lang>.toml` (written beside and renamed into place).
    pub fn set_translation(&mut self, folder: &Path, translation: &Translation) -> Result<()> {
        match self {
            Self::File(file) => file
                .set_translation(translation)
                .context("could not store the translation"),
            Self::Folder(imported) => {
                let (name, bytes) = trellis_text::translation_file(translation);
                let path = folder.join(&name);
                let dir = path.parent().unwrap_or(folder);
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("could not create {}", dir.display()))?;
                let temp = dir.join(format!(
                    ".{}.{}.tmp",
                    translation.language,
                    std::process::id()
                ));
                std::fs::write(&temp, bytes)
                    .and_then(|()| std::fs::rename(&temp, &path))
                    .with_context(|| format!("could not write {}", path.display()))?;
                match imported
                    .translations
                    .iter_mut()
                    .find(|t| t.language == translation.language)
                {
                    Some(t) => *t = translation.clone(),
                    None => imported.translations.push(translation.clone()),
                }
                Ok(())
            }
        }
    }

    /// Writes the course, assets, review comments and translations
    /// included, as a text-format folder.
    pub fn export(&self, out: &Path) -> Result<()> {
        trellis_text::export_dir_with_translations(
            self.course(),
            &self.comments()?,
            &self.translations()?,
            &|asset| self.asset_bytes(&asset.name),
            out,
        )
        .with_context(|| format!("could not export to {}", out.display()))
    }
}
