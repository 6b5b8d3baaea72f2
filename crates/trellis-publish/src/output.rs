//! Putting a package where the author asked, safely.
//!
//! A package (a zip, or a folder with `publish_dir`) is built under a fresh
//! hidden name beside its destination and renamed into place only once
//! complete, so a full disk, an error or Ctrl-C never leaves half a package
//! where the author looks, and the destination's old content stays until the
//! new one is whole.
//!
//! - The hidden name is new for every run (random, `.NAME.RANDOM.partial`)
//!   and created exclusively (`create_new`, `create_dir`): whatever sits at
//!   any name beforehand, a symlink planted there included, is never opened
//!   or followed, and leftovers of an earlier run that was killed never
//!   block a retry.
//! - Every hidden file or folder is removed when its run fails, and by
//!   [`remove_unfinished`] from a signal handler (the CLI calls it on
//!   Ctrl-C), so interrupted runs leave nothing behind either.
//! - [`same_file`] lets a caller refuse an output that is its input (a
//!   package written over the course file would replace the course).

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The hidden files and folders of runs in progress, for
/// [`remove_unfinished`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the hidden files and folders of every run in progress. For a
/// signal handler (Ctrl-C) that then ends the process; the runs themselves
/// then fail.
pub fn remove_unfinished() {
    let paths = unfinished().clone();
    for path in paths {
        discard(&path);
    }
}

/// The list of runs in progress, also after a panic elsewhere held it.
fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(path: &Path) {
    unfinished().push(path.to_owned());
}

fn unregister(path: &Path) {
    unfinished().retain(|p| p != path);
}

/// The one clean-up of an unfinished file or folder, for a failed run
/// (dropped [`Unfinished`]) and for [`remove_unfinished`]: removed first,
/// then forgotten, so a signal in between still finds it.
fn discard(path: &Path) {
    match path.symlink_metadata() {
        Ok(meta) if meta.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
    unregister(path);
}

/// A hidden file or folder beside a destination, created exclusively under
/// a fresh name; removed when dropped unless [`Unfinished::finish`] moved it
/// into place.
#[derive(Debug)]
pub struct Unfinished {
    path: PathBuf,
    done: bool,
}

impl Unfinished {
    /// A new, empty hidden file beside `dest`, opened for writing.
    pub fn file_beside(dest: &Path) -> io::Result<(Self, File)> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        Self::fresh(dest, |path| options.open(path))
    }

    /// A new, empty hidden folder beside `dest`.
    pub fn folder_beside(dest: &Path) -> io::Result<Self> {
        Self::fresh(dest, |path| std::fs::create_dir(path)).map(|(this, ())| this)
    }

    fn fresh<T>(dest: &Path, create: impl Fn(&Path) -> io::Result<T>) -> io::Result<(Self, T)> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = parent_of(dest);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "package".into());
        // Keep the hidden name short: a long destination name must not make
        // it too long for the file system.
        let name: String = name.chars().take(80).collect();
        let mut attempt = 0;
        loop {
            let random = RandomState::new().hash_one((
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                std::time::SystemTime::now(),
            ));
            let path = dir.join(format!(".{name}.{random:016x}.partial"));
            // Registered first, so a signal arriving right after creation
            // finds it.
            register(&path);
            match create(&path) {
                Ok(made) => return Ok((Self { path, done: false }, made)),
                Err(e) => {
                    unregister(&path);
                    if e.kind() != io::ErrorKind::AlreadyExists || attempt == 20 {
                        return Err(e);
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames it to `dest`, replacing a file there (or, for a folder, an
    /// empty folder there), and makes the rename durable.
    pub fn finish(mut self, dest: &Path) -> io::Result<()> {
        if self.path.is_dir() {
            match std::fs::symlink_metadata(dest) {
                // An empty destination folder (checked by the caller) is
                // replaced; `remove_dir` fails if something appeared in it.
                Ok(meta) if meta.is_dir() => std::fs::remove_dir(dest)?,
                Ok(_) => {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("{} is a file, not a folder", dest.display()),
                    ));
                }
                Err(_) => {}
            }
        }
        std::fs::rename(&self.path, dest)?;
        self.done = true;
        unregister(&self.path);
        #[cfg(unix)]
        {
            let _ = File::open(parent_of(dest)).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if !self.done {
            discard(&self.path);
        }
    }
}

/// The folder `path` is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes the file `dest` with `write`, into a fresh hidden file beside it
/// that is synced and renamed into place once `write` succeeded: a failure
/// or an interruption leaves no half-written file, and the file that was
/// there intact.
pub fn write_file<T, E: From<io::Error>>(
    dest: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    let (unfinished, file) = Unfinished::file_beside(dest)?;
    let mut out = BufWriter::new(file);
    let done = write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    unfinished.finish(dest)?;
    Ok(done)
}

/// Whether `a` and `b` are one file (or folder): the same path once links
/// and `..` are resolved, or, on Unix, the same device and inode (a hard
/// link). `false` when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b))
            && (x.dev(), x.ino()) == (y.dev(), y.ino())
        {
            return true;
        }
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// [`remove_unfinished`] removes every run's files: the tests that
    /// make some (here and the image cache's) take turns.
    static TURN: Mutex<()> = Mutex::new(());

    pub(crate) fn turn() -> std::sync::MutexGuard<'static, ()> {
        TURN.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn hidden(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    /// A symlink planted at the name an earlier version used (and at any
    /// other name) is never followed: its target stays untouched.
    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_not_followed() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let dest = dir.path().join("course.zip");
        std::os::unix::fs::symlink(&victim, dir.path().join(".course.zip.partial")).unwrap();
        write_file(&dest, |out| -> io::Result<()> {
            use std::io::Write;
            out.write_all(b"package")
        })
        .unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&dest).unwrap(), b"package");
        assert_eq!(
            hidden(dir.path()),
            [".course.zip.partial"],
            "only the plant"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_the_old_file_intact() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("course.zip");
        std::fs::write(&dest, b"old").unwrap();
        let err = write_file(&dest, |_| -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::StorageFull))
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read(&dest).unwrap(), b"old");
        assert!(hidden(dir.path()).is_empty());
    }

    #[test]
    fn unfinished_runs_are_removed_on_request() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let (file, _) = Unfinished::file_beside(&dir.path().join("a.zip")).unwrap();
        let folder = Unfinished::folder_beside(&dir.path().join("site")).unwrap();
        std::fs::write(folder.path().join("index.html"), b"x").unwrap();
        assert_eq!(hidden(dir.path()).len(), 2);
        remove_unfinished();
        assert!(hidden(dir.path()).is_empty());
        drop((file, folder));
    }

    #[test]
    fn the_same_file_by_any_path() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("course.trellis");
        std::fs::write(&a, b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(same_file(&a, &dir.path().join("sub/../course.trellis")));
        let link = dir.path().join("hard.trellis");
        std::fs::hard_link(&a, &link).unwrap();
        assert!(same_file(&a, &link));
        assert!(!same_file(&a, &dir.path().join("other.zip")));
        std::fs::write(dir.path().join("other.zip"), b"x").unwrap();
        assert!(!same_file(&a, &dir.path().join("other.zip")));
    }
}
