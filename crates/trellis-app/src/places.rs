//! Where the app puts what it writes when the author has not said: the
//! folder new courses go to, names made from the course title that every
//! file system accepts, and a name not taken yet. The desktop app offers
//! these in its save dialogs; browser mode uses them without asking.

use std::path::{Path, PathBuf};

use serde::Serialize;

use std::io::Read as _;

use base64::Engine as _;

use crate::folders::{self, Os};
use crate::{App, AppError, ErrorCode, GivenFile, PlaceKind, recent};

/// Where to save something the author has not placed (`default_path`):
/// the whole path, its folder and its file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Place {
    #[ts(type = "string")]
    pub path: PathBuf,
    #[ts(type = "string")]
    pub folder: PathBuf,
    pub name: String,
}

/// The environment variable that overrides the folder new courses go to.
pub const COURSES_DIR_ENV: &str = "TRELLIS_COURSES_DIR";

/// The name given when a title leaves nothing usable.
const UNTITLED: &str = "Untitled course";

/// The longest name made from a title, in bytes (file systems allow 255;
/// room is left for " 12", " - SCORM 2004" and the extension).
const MAX_NAME_BYTES: usize = 120;

/// Names Windows keeps for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `title` as a file name (without extension) that Linux, macOS and Windows
/// all accept: the characters they refuse become `-`, runs of spaces one
/// space, no leading or trailing dots, spaces or dashes (a leading dot hides
/// the file), at most [`MAX_NAME_BYTES`] bytes, never a device name of
/// Windows, and "Untitled course" when nothing is left. Letters of any
/// script are kept.
pub fn safe_file_name(title: &str) -> String {
    let mut name = String::with_capacity(title.len());
    for c in title.chars() {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (name.is_empty() || name.ends_with(' ')) {
            continue;
        }
        name.push(c);
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
            .to_owned()
    };
    let mut name = trim(&name);
    if name.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name = trim(&name[..end]);
    }
    if name.is_empty() {
        return UNTITLED.into();
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name = format!("{name} course");
    }
    name
}

/// `dir/stem.ext` (`dir/stem` when `ext` is empty), or with " 2", " 3"… after
/// the stem when that is taken: a name nothing is written over.
pub fn unused_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let with = |n: u32| {
        let stem = if n < 2 {
            stem.to_owned()
        } else {
            format!("{stem} {n}")
        };
        if ext.is_empty() {
            dir.join(stem)
        } else {
            dir.join(format!("{stem}.{ext}"))
        }
    };
    (1..)
        .map(with)
        .find(|p| !p.exists() && p.symlink_metadata().is_err())
        .unwrap_or_else(|| with(1))
}

/// The folder new courses go to when the author does not choose one:
/// `$TRELLIS_COURSES_DIR`, else `Trellis` in the user's documents folder
/// (on Linux `XDG_DOCUMENTS_DIR` as `user-dirs.dirs` names it; else, and
/// on Windows and macOS, `Documents` in the home folder).
pub fn courses_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(COURSES_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    courses_dir_for(Os::current(), &folders::process_env)
}

/// [`courses_dir`] without `$TRELLIS_COURSES_DIR`, on `os`.
fn courses_dir_for(os: Os, env: folders::Env<'_>) -> PathBuf {
    let Some(home) = folders::home_dir(os, env) else {
        return std::env::temp_dir().join("Trellis");
    };
    let listed = match os {
        Os::Linux => {
            let config = env("XDG_CONFIG_HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| home.join(".config"));
            std::fs::read_to_string(config.join("user-dirs.dirs"))
                .ok()
                .and_then(|text| documents_in_user_dirs(&text, &home))
        }
        Os::Windows | Os::MacOs => None,
    };
    listed
        .unwrap_or_else(|| home.join("Documents"))
        .join("Trellis")
}

/// The documents folder `user-dirs.dirs` (the XDG user directories file)
/// names: `XDG_DOCUMENTS_DIR="$HOME/Documents"`, or an absolute path.
fn documents_in_user_dirs(text: &str, home: &Path) -> Option<PathBuf> {
    let value = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("XDG_DOCUMENTS_DIR="))?
        .trim()
        .trim_matches('"');
    let path = match value.strip_prefix("$HOME") {
        Some(rest) => home.join(rest.trim_start_matches('/')),
        None if value.starts_with('/') => PathBuf::from(value),
        None => return None,
    };
    // The home folder itself means "no documents folder" to XDG.
    (path != home).then_some(path)
}

/// How a publish target is named in a file name.
pub fn target_words(target: &str) -> &str {
    match target {
        "scorm12" => "SCORM 1.2",
        "scorm2004" => "SCORM 2004",
        "cmi5" => "cmi5",
        "xapi" => "xAPI",
        "web" => "web",
        "review" => "review",
        "job-aid" => "job aid",
        other => other,
    }
}

/// `path` with every symbolic link on it followed, also when its last parts
/// do not exist yet: the longest part that exists is resolved by the system
/// and the rest joined on (a name not made yet is no link). `None` when
/// `path` is relative or names `..`.
pub fn real_path(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if !path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
        return None;
    }
    let mut rest = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// What browser mode is about to do with a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Read a file or folder (import an asset, a course folder, a review file).
    Read,
    /// Write a file (a course file, a package, an export), or open a
    /// course file for editing.
    Write,
}

/// Browser mode's rule for what it writes (`trellis studio`, see
/// docs/ARCHITECTURE.md, Security): `path` must lie inside one of `folders`
/// once links are followed, and no name under that folder may be hidden
/// (start with a dot), so that shell start-up files, `.ssh` or `.config`
/// are out of reach even when a folder is the home folder. The error says
/// why in the author's words.
pub fn check_writable(path: &Path, folders: &[PathBuf]) -> Result<(), String> {
    check_place(path, folders, Access::Write)
}

/// Browser mode's rule for what it reads by path: the same folders and the
/// same rule as [`check_writable`], so that whoever holds the studio's key
/// cannot import the author's other files (an SSH key, a browser's
/// passwords) as an asset and read them back through the preview.
pub fn check_readable(path: &Path, folders: &[PathBuf]) -> Result<(), String> {
    check_place(path, folders, Access::Read)
}

fn check_place(path: &Path, folders: &[PathBuf], access: Access) -> Result<(), String> {
    let shown = path.display();
    let (verb, use_) = match access {
        Access::Read => ("reads", "read"),
        Access::Write => ("writes", "write"),
    };
    let Some(real) = real_path(path) else {
        return Err(format!(
            "{shown} is not a full path without `..`; give the whole path of a place inside {}.",
            list(folders)
        ));
    };
    for folder in folders {
        let Some(root) = real_path(folder) else {
            continue;
        };
        if let Ok(below) = real.strip_prefix(&root) {
            if below
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            {
                return Err(format!(
                    "Trellis studio does not {use_} hidden files or folders (names starting with a dot), so not {shown}."
                ));
            }
            return Ok(());
        }
    }
    let how = match access {
        Access::Read => "To use files there",
        Access::Write => "To write there",
    };
    Err(format!(
        "Trellis studio {verb} files only inside {}, and {shown} is outside. {how}, start `trellis studio` with `--write-dir FOLDER`.",
        list(folders)
    ))
}

/// Folders for a message: "the folder A" or "the folders A, B".
fn list(folders: &[PathBuf]) -> String {
    let names: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
    match names.len() {
        0 => "no folder".into(),
        1 => format!("the folder {}", names[0]),
        _ => format!("the folders {}", names.join(", ")),
    }
}

// The app's side of places: limits, relative paths and default places.

impl App {
    /// From now on, writes (new and imported course files, packages,
    /// exports), opening a course file for editing and reading files by
    /// path (assets, course folders, review files) happen only inside
    /// `folders`, and never to or from a hidden name below them
    /// ([`check_writable`], [`check_readable`]); anything
    /// else is refused with [`ErrorCode::Forbidden`]. `trellis studio`
    /// calls this: whoever holds its token can then neither overwrite the
    /// author's other files nor import them to read them back.
    pub fn limit_places(&mut self, folders: Vec<PathBuf>) {
        self.places = Some(folders);
    }
    /// The folder new courses go to when nothing else says where:
    /// [`AppConfig::courses_dir`], else [`courses_dir`].
    pub fn courses_dir(&self) -> PathBuf {
        self.config.courses_dir.clone().unwrap_or_else(courses_dir)
    }
    /// Refuses to read `path` when places are limited
    /// ([`App::limit_places`]) and it is outside those folders.
    pub(crate) fn may_read(&self, path: &Path) -> Result<(), AppError> {
        let Some(folders) = &self.places else {
            return Ok(());
        };
        check_readable(path, folders)
            .map_err(|message| AppError::new(ErrorCode::Forbidden, message))
    }
    /// Refuses `path` when places are limited ([`App::limit_places`]) and
    /// it is outside those folders, or (with `ext`, e.g. `zip`) it does not
    /// end in `.ext`.
    pub(crate) fn may_write(&self, path: &Path, ext: Option<&str>) -> Result<(), AppError> {
        let Some(folders) = &self.places else {
            return Ok(());
        };
        check_writable(path, folders)
            .map_err(|message| AppError::new(ErrorCode::Forbidden, message))?;
        if let Some(ext) = ext
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "Trellis studio writes only .{ext} files here, and {} is not one.",
                    path.display()
                ),
            ));
        }
        Ok(())
    }
    /// The bytes of a file the UI hands over ([`GivenFile`]), refused with
    /// `too_large` past `limit` bytes: a path is resolved
    /// ([`App::resolve`]), checked ([`App::may_read`]) and read by
    /// [`read_limited`]; base64 is measured before it is decoded. `what`
    /// names the file in the message when neither or both are given.
    pub(crate) fn read_given(
        &self,
        given: &GivenFile,
        limit: usize,
        too_large: fn() -> AppError,
        what: &str,
    ) -> Result<Vec<u8>, AppError> {
        match (&given.path, &given.data_base64) {
            (Some(path), None) => {
                let path = self.resolve(path);
                self.may_read(&path)?;
                read_limited(&path, limit, too_large)
            }
            (None, Some(data)) => {
                // Base64 is a third larger than the bytes it carries.
                if data.len() / 4 * 3 > limit + 3 {
                    return Err(too_large());
                }
                base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .map_err(|e| AppError::bad_input(format!("The file data is not base64: {e}.")))
            }
            _ => Err(AppError::bad_input(format!(
                "Give either the {what}'s path, or its data in base64."
            ))),
        }
    }
    /// A relative path is taken from the open course's folder, or from the
    /// working folder when none is open.
    pub(crate) fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            return path.to_owned();
        }
        let base = self
            .path()
            .and_then(Path::parent)
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        base.join(path)
    }
    /// Where to save a `kind` when the author has not chosen (see
    /// [`Command::DefaultPath`]): a name made from `title` (else the open
    /// course's title) that is not taken, in the folder last used for that
    /// kind — for courses, the folder of the course opened last, else
    /// [`courses_dir`]; for packages and exports, the folder of the
    /// last publish or export of this session, else the open course's.
    pub fn default_path(
        &self,
        kind: PlaceKind,
        title: Option<&str>,
        target: Option<&str>,
    ) -> Result<PathBuf, AppError> {
        let title = match title.filter(|t| !t.trim().is_empty()) {
            Some(t) => t.to_owned(),
            None if kind == PlaceKind::Course => String::new(),
            None => self.file()?.course().info.title.clone(),
        };
        let stem = safe_file_name(&title);
        let course_dir = || {
            self.path()
                .and_then(Path::parent)
                .map(Path::to_owned)
                .unwrap_or_default()
        };
        Ok(match kind {
            PlaceKind::Course => unused_path(&self.course_folder()?, &stem, "trellis"),
            PlaceKind::Package => {
                let target = target.unwrap_or("scorm12");
                let dir = self.last_package_dir.clone().unwrap_or_else(course_dir);
                // A package of the same course for the same target is
                // meant to be replaced, so the name is the same each time.
                dir.join(format!("{stem} - {}.zip", target_words(target)))
            }
            PlaceKind::Export => {
                let dir = self.last_export_dir.clone().unwrap_or_else(course_dir);
                // An earlier export of the course is updated in place
                // (trellis-text keeps its .git); anything else is not taken.
                let same = dir.join(&stem);
                if same.join("course.toml").is_file() {
                    same
                } else {
                    unused_path(&dir, &stem, "")
                }
            }
            PlaceKind::ExportZip => {
                let dir = self.last_export_dir.clone().unwrap_or_else(course_dir);
                dir.join(format!("{stem}.zip"))
            }
        })
    }
    /// The folder a new course goes to: that of the course opened last,
    /// else [`courses_dir`] (created if needed).
    pub(crate) fn course_folder(&self) -> Result<PathBuf, AppError> {
        let last = self
            .config
            .config_dir
            .as_deref()
            .map(recent::load)
            .unwrap_or_default()
            .into_iter()
            .find_map(|r| {
                r.path
                    .parent()
                    .filter(|d| d.is_dir() && self.may_write(&d.join("x"), None).is_ok())
                    .map(Path::to_owned)
            });
        if let Some(dir) = last {
            return Ok(dir);
        }
        let dir = self.courses_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| AppError::io(format!("Could not create {}", dir.display()), &e))?;
        Ok(dir)
    }
    /// Where a new course titled `title` goes when the author named no file.
    pub(crate) fn new_course_path(&self, title: &str) -> Result<PathBuf, AppError> {
        self.default_path(PlaceKind::Course, Some(title), None)
    }

    /// The [`Place`] for [`crate::Command::DefaultPath`].
    pub(crate) fn default_place(
        &self,
        kind: PlaceKind,
        title: Option<&str>,
        target: Option<&str>,
    ) -> Result<Place, AppError> {
        let path = self.default_path(kind, title, target)?;
        let folder = path.parent().map(Path::to_owned).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Place { path, folder, name })
    }
}

/// Reads the file at `path`, refusing with `too_large` one larger than
/// `limit` bytes before reading it, and one that grows past the limit
/// while it is read.
pub(crate) fn read_limited(
    path: &Path,
    limit: usize,
    too_large: fn() -> AppError,
) -> Result<Vec<u8>, AppError> {
    let cannot = |e: &std::io::Error| AppError::io(format!("Could not read {}", path.display()), e);
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let size = file.metadata().map_err(|e| cannot(&e))?.len();
    if size > limit as u64 {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_courses_go_to_the_documents_folder_of_each_system() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_string_lossy().into_owned();
        let config = dir.path().join("config");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("user-dirs.dirs"),
            "XDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n",
        )
        .unwrap();
        let config = config.to_string_lossy().into_owned();
        let env = |name: &str| match name {
            "HOME" => Some(home.clone().into()),
            "XDG_CONFIG_HOME" => Some(config.clone().into()),
            "USERPROFILE" => Some(r"C:\Users\Ana".into()),
            _ => None,
        };
        assert_eq!(
            courses_dir_for(Os::Linux, &env),
            dir.path().join("Dokumente").join("Trellis")
        );
        assert_eq!(
            courses_dir_for(Os::Windows, &env),
            Path::new(r"C:\Users\Ana").join("Documents").join("Trellis"),
            "Windows: the profile's Documents, not the XDG list"
        );
        assert_eq!(
            courses_dir_for(Os::MacOs, &env),
            dir.path().join("Documents").join("Trellis")
        );
    }

    #[test]
    fn titles_become_names_every_file_system_takes() {
        assert_eq!(
            safe_file_name("Data protection basics"),
            "Data protection basics"
        );
        assert_eq!(
            safe_file_name("Fire safety: what/why?"),
            "Fire safety- what-why"
        );
        assert_eq!(safe_file_name("  Lots   of\tspace \n"), "Lots of space");
        assert_eq!(safe_file_name("...hidden"), "hidden");
        assert_eq!(safe_file_name("Ends with a dot."), "Ends with a dot");
        assert_eq!(safe_file_name("<*>"), UNTITLED);
        assert_eq!(safe_file_name(""), UNTITLED);
        assert_eq!(safe_file_name("   "), UNTITLED);
        assert_eq!(safe_file_name("con"), "con course");
        assert_eq!(safe_file_name("LPT1.x"), "LPT1.x course");
        assert_eq!(safe_file_name("Console basics"), "Console basics");
        assert_eq!(safe_file_name("Sécurité incendie"), "Sécurité incendie");
        assert_eq!(safe_file_name("防火安全"), "防火安全");
        assert_eq!(safe_file_name("a\u{0}b"), "a b");
    }

    #[test]
    fn long_titles_are_cut_on_a_character() {
        let long = "é".repeat(200);
        let name = safe_file_name(&long);
        assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        assert!(name.chars().all(|c| c == 'é'));
        let words = format!("{} end", "word ".repeat(40));
        let name = safe_file_name(&words);
        assert!(!name.ends_with(' '), "{name:?}");
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let first = unused_path(dir.path(), "Safety", "trellis");
        assert_eq!(first, dir.path().join("Safety.trellis"));
        std::fs::write(&first, "").unwrap();
        let second = unused_path(dir.path(), "Safety", "trellis");
        assert_eq!(second, dir.path().join("Safety 2.trellis"));
        std::fs::write(&second, "").unwrap();
        assert_eq!(
            unused_path(dir.path(), "Safety", "trellis"),
            dir.path().join("Safety 3.trellis")
        );
        std::fs::create_dir(dir.path().join("Safety")).unwrap();
        assert_eq!(
            unused_path(dir.path(), "Safety", ""),
            dir.path().join("Safety 2")
        );
    }

    #[test]
    fn the_documents_folder_comes_from_user_dirs() {
        let home = Path::new("/home/dana");
        let text =
            "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n";
        assert_eq!(
            documents_in_user_dirs(text, home),
            Some(home.join("Dokumente"))
        );
        let text = "XDG_DOCUMENTS_DIR=\"/data/docs\"\n";
        assert_eq!(
            documents_in_user_dirs(text, home),
            Some(PathBuf::from("/data/docs"))
        );
        assert_eq!(
            documents_in_user_dirs("XDG_DOCUMENTS_DIR=\"$HOME/\"\n", home),
            None
        );
        assert_eq!(documents_in_user_dirs("", home), None);
    }

    #[test]
    fn writes_stay_inside_the_folders_and_out_of_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("work");
        std::fs::create_dir_all(&root).unwrap();
        let folders = [root.clone()];
        assert!(check_writable(&root.join("a.zip"), &folders).is_ok());
        assert!(check_writable(&root.join("new/deeper/a.zip"), &folders).is_ok());
        assert!(check_writable(&dir.path().join("b.zip"), &folders).is_err());
        assert!(check_writable(&root.join("../b.zip"), &folders).is_err());
        assert!(check_writable(Path::new("relative.zip"), &folders).is_err());
        let hidden = check_writable(&root.join(".bashrc"), &folders).unwrap_err();
        assert!(hidden.contains("hidden"), "{hidden}");
        assert!(check_writable(&root.join(".config/x/a.zip"), &folders).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), root.join("out")).unwrap();
            assert!(check_writable(&root.join("out/b.zip"), &folders).is_err());
        }
    }
}
