//! Where a course comes from: a `.trellis` file, a text-format folder, or a
//! blueprint compiled into the binary.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use include_dir::{Dir, include_dir};
use trellis_model::Course;
use trellis_store::CourseFile;
use trellis_text::Imported;

/// The course blueprints of `templates/blueprints`, embedded at build time.
static BLUEPRINTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../templates/blueprints");

/// A course opened from a file or a folder.
pub enum CourseSource {
    File(CourseFile),
    Folder(Imported),
}

impl CourseSource {
    /// Opens `path`: a folder is read as the text format, anything else as a
    /// course file.
    pub fn open(path: &Path) -> Result<Self> {
        if path.is_dir() {
            let imported = trellis_text::import_dir(path)
                .with_context(|| format!("could not read the course folder {}", path.display()))?;
            Ok(Self::Folder(imported))
        } else {
            let file = CourseFile::open(path)
                .with_context(|| format!("could not open {}", path.display()))?;
            Ok(Self::File(file))
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

    /// Writes the course, assets included, as a text-format folder.
    pub fn export(&self, out: &Path) -> Result<()> {
        trellis_text::export_dir(self.course(), &|asset| self.asset_bytes(&asset.name), out)
            .with_context(|| format!("could not export to {}", out.display()))
    }
}

/// Every embedded blueprint, by name, imported.
pub fn blueprints() -> Result<Vec<(String, Imported)>> {
    BLUEPRINTS
        .dirs()
        .map(|dir| {
            let name = dir.path().to_string_lossy().into_owned();
            let imported = blueprint(&name)?;
            Ok((name, imported))
        })
        .collect()
}

/// The embedded blueprint `name`, imported.
pub fn blueprint(name: &str) -> Result<Imported> {
    let dir = BLUEPRINTS.get_dir(name).ok_or_else(|| {
        let names: Vec<_> = BLUEPRINTS
            .dirs()
            .map(|d| d.path().to_string_lossy().into_owned())
            .collect();
        anyhow!(
            "there is no blueprint `{name}`; the blueprints are: {}",
            names.join(", ")
        )
    })?;
    let mut files = BTreeMap::new();
    collect(dir, dir.path(), &mut files);
    trellis_text::import_files(&files)
        .map_err(|e| anyhow!("the built-in blueprint `{name}` is broken: {e}"))
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
