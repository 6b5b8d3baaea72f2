//! [`AppConfig`]: where the app keeps its files and what it may do.

use std::path::PathBuf;

use crate::recent;

/// Where the app keeps its files and what it may do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppConfig {
    /// Holds `recent.json`; `None` keeps no recent list.
    pub config_dir: Option<PathBuf>,
    /// Processed images, reused across publishes.
    pub image_cache: Option<PathBuf>,
    /// Whether `reveal` opens the system's file manager.
    pub reveal: bool,
    /// Where new courses go when the author names no file and no course
    /// was opened before (`None`: [`places::courses_dir`]).
    pub courses_dir: Option<PathBuf>,
}

impl AppConfig {
    /// The user's folders ([`recent::default_config_dir`], the cache folder)
    /// with `reveal` on.
    pub fn from_env() -> Self {
        Self {
            config_dir: recent::default_config_dir(),
            image_cache: crate::folders::image_cache_dir(),
            reveal: true,
            courses_dir: None,
        }
    }
}
