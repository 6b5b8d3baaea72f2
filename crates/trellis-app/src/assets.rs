//! The course's assets: the list with where each is used, and importing one.

use std::path::PathBuf;

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;
use trellis_model::{BlockContent, BlockId, LessonId};

use crate::preview::PreviewChange;
use crate::{App, AppError};

/// An entry of `assets`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AssetEntry {
    name: String,
    media_type: String,
    size: u64,
    width: Option<u32>,
    height: Option<u32>,
    used_by: Vec<AssetUse>,
    missing_alt: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AssetUse {
    lesson: LessonId,
    block: BlockId,
}

impl App {
    pub(crate) fn assets(&self) -> Result<Vec<AssetEntry>, AppError> {
        let course = self.file()?.course();
        Ok(course
            .assets
            .iter()
            .map(|a| {
                let mut used_by = Vec::new();
                let mut missing_alt = false;
                for (lesson, block) in course.blocks() {
                    if !block.asset_refs().contains(&a.name.as_str()) {
                        continue;
                    }
                    used_by.push(AssetUse {
                        lesson: lesson.id.clone(),
                        block: block.id.clone(),
                    });
                    missing_alt |= match &block.content {
                        BlockContent::Image {
                            asset,
                            alt,
                            decorative,
                            ..
                        } => asset == &a.name && !decorative && alt.trim().is_empty(),
                        BlockContent::LabelledGraphic { asset, alt, .. } => {
                            asset == &a.name && alt.trim().is_empty()
                        }
                        _ => false,
                    };
                }
                AssetEntry {
                    name: a.name.clone(),
                    media_type: a.media_type.clone(),
                    size: a.size,
                    width: a.width,
                    height: a.height,
                    used_by,
                    missing_alt,
                }
            })
            .collect())
    }

    /// Imports an asset from base64 bytes or a file (see [`Command::ImportAsset`]).
    pub(crate) fn import_asset(
        &mut self,
        name: Option<String>,
        data_base64: Option<String>,
        path: Option<PathBuf>,
    ) -> Result<Value, AppError> {
        let (name, bytes) = match (data_base64, path) {
            (Some(data), None) => {
                let name = name.ok_or_else(|| {
                    AppError::bad_input("Give the asset a name, such as `photo.jpg`.")
                })?;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .map_err(|e| {
                        AppError::bad_input(format!("The file data is not base64: {e}."))
                    })?;
                (name, bytes)
            }
            (None, Some(path)) => {
                let path = self.resolve(&path);
                self.may_read(&path)?;
                let name = match name {
                    Some(n) => n,
                    None => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .ok_or_else(|| {
                            AppError::bad_input(format!("{} is not a file.", path.display()))
                        })?,
                };
                let bytes = trellis_assets::read_file(&path).map_err(|e| match e {
                    trellis_assets::ReadError::Io { source, .. } => {
                        AppError::io(format!("Could not read {}", path.display()), &source)
                    }
                    refused => AppError::bad_input(format!("{refused}.")),
                })?;
                (name, bytes)
            }
            _ => {
                return Err(AppError::bad_input(
                    "Give either the file's path, or its name and its data in base64.",
                ));
            }
        };
        let before = self.revision;
        let file = self.file_mut()?;
        file.import_asset_labelled(&name, &bytes, Some(&format!("Import {name}")))?;
        self.changed_rows(PreviewChange::Page);
        self.delta_since(before)
    }
}
