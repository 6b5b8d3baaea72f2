//! The recent-courses list, kept in a small JSON file in the user's
//! configuration folder.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How many courses the list keeps.
pub const RECENT_LIMIT: usize = 12;

/// The environment variable that overrides the configuration folder.
pub const CONFIG_DIR_ENV: &str = "TRELLIS_CONFIG_DIR";

/// One recently opened course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Recent {
    pub path: PathBuf,
    pub title: String,
    /// When it was last opened, in milliseconds since 1970 (UTC).
    pub opened_at: u64,
}

/// The user's Trellis configuration folder: `$TRELLIS_CONFIG_DIR`, else
/// the system's settings folder for Trellis ([`crate::folders::config_dir`]).
pub fn default_config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    crate::folders::config_dir(crate::folders::Os::current(), &crate::folders::process_env)
}

fn file(dir: &Path) -> PathBuf {
    dir.join("recent.json")
}

/// The list in `dir`, newest first, without courses that no longer exist.
/// A missing or unreadable list is an empty one.
pub fn load(dir: &Path) -> Vec<Recent> {
    let Ok(text) = std::fs::read_to_string(file(dir)) else {
        return Vec::new();
    };
    let mut list: Vec<Recent> = serde_json::from_str(&text).unwrap_or_default();
    list.retain(|r| r.path.is_file());
    list
}

/// Puts `path` at the top of the list in `dir`. Failing to write the list
/// never fails the command that opened the course.
pub fn touch(dir: &Path, path: &Path, title: &str) {
    let mut list = load(dir);
    list.retain(|r| r.path != path);
    list.insert(
        0,
        Recent {
            path: path.to_owned(),
            title: title.to_owned(),
            opened_at: now_millis(),
        },
    );
    list.truncate(RECENT_LIMIT);
    let _ = save(dir, &list);
}

fn save(dir: &Path, list: &[Recent]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(".recent.json.partial");
    std::fs::write(&temp, serde_json::to_vec_pretty(list)?)?;
    std::fs::rename(&temp, file(dir))
}

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
