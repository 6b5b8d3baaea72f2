//! Where the app puts what it writes when the author has not said: the
//! folder new courses go to, names made from the course title that every
//! file system accepts, and a name not taken yet. The desktop app offers
//! these in its save dialogs; browser mode uses them without asking.

use std::path::{Path, PathBuf};

use crate::folders::{self, Os};

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
