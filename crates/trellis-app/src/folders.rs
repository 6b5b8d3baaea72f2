//! Where Trellis keeps its files on each operating system: the settings
//! folder (recent courses), the cache (processed images) and the home
//! folder new courses are saved under.
//!
//! Each function takes the operating system and a way to read the
//! environment, so the rules of every system are tested on any of them.

use std::ffi::OsString;
use std::path::PathBuf;

/// The operating systems Trellis's folders differ on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and the other Unix desktops: the XDG base directories.
    Linux,
    Windows,
    MacOs,
}

impl Os {
    /// The system this program runs on.
    pub fn current() -> Self {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// Reads an environment variable; empty counts as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The process's environment, for [`Env`].
pub fn process_env(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

fn var(env: Env<'_>, name: &str) -> Option<PathBuf> {
    env(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The user's home folder: `%USERPROFILE%` on Windows (where `HOME`, when
/// set at all, is often a Unix-style path from a shell such as Git Bash),
/// else `$HOME`.
pub fn home_dir(os: Os, env: Env<'_>) -> Option<PathBuf> {
    match os {
        Os::Windows => var(env, "USERPROFILE").or_else(|| var(env, "HOME")),
        Os::Linux | Os::MacOs => var(env, "HOME").or_else(|| var(env, "USERPROFILE")),
    }
}

/// Trellis's settings folder: `$XDG_CONFIG_HOME/trellis` or
/// `~/.config/trellis` on Linux, `%APPDATA%\Trellis` on Windows,
/// `~/Library/Application Support/Trellis` on macOS.
pub fn config_dir(os: Os, env: Env<'_>) -> Option<PathBuf> {
    match os {
        Os::Linux => var(env, "XDG_CONFIG_HOME")
            .map(|d| d.join("trellis"))
            .or_else(|| home_dir(os, env).map(|h| h.join(".config").join("trellis"))),
        Os::Windows => var(env, "APPDATA").map(|d| d.join("Trellis")).or_else(|| {
            home_dir(os, env).map(|h| h.join("AppData").join("Roaming").join("Trellis"))
        }),
        Os::MacOs => home_dir(os, env).map(|h| {
            h.join("Library")
                .join("Application Support")
                .join("Trellis")
        }),
    }
}

/// Trellis's cache folder: `$XDG_CACHE_HOME/trellis` or `~/.cache/trellis`
/// on Linux, `%LOCALAPPDATA%\Trellis\cache` on Windows,
/// `~/Library/Caches/Trellis` on macOS.
pub fn cache_dir(os: Os, env: Env<'_>) -> Option<PathBuf> {
    match os {
        Os::Linux => var(env, "XDG_CACHE_HOME")
            .map(|d| d.join("trellis"))
            .or_else(|| home_dir(os, env).map(|h| h.join(".cache").join("trellis"))),
        Os::Windows => var(env, "LOCALAPPDATA")
            .or_else(|| home_dir(os, env).map(|h| h.join("AppData").join("Local")))
            .map(|d| d.join("Trellis").join("cache")),
        Os::MacOs => home_dir(os, env).map(|h| h.join("Library").join("Caches").join("Trellis")),
    }
}

/// Where processed images are kept between runs, so unchanged images are
/// not redone: `images` in [`cache_dir`].
pub fn image_cache_dir() -> Option<PathBuf> {
    cache_dir(Os::current(), &process_env).map(|c| c.join("images"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn p(parts: &[&str]) -> PathBuf {
        parts.iter().collect()
    }

    #[test]
    fn linux_follows_the_xdg_base_directories() {
        let env = env_of(&[("HOME", "/home/ana")]);
        assert_eq!(
            config_dir(Os::Linux, &env),
            Some(p(&["/home/ana", ".config", "trellis"]))
        );
        assert_eq!(
            cache_dir(Os::Linux, &env),
            Some(p(&["/home/ana", ".cache", "trellis"]))
        );
        let env = env_of(&[
            ("HOME", "/home/ana"),
            ("XDG_CONFIG_HOME", "/cfg"),
            ("XDG_CACHE_HOME", "/cache"),
        ]);
        assert_eq!(config_dir(Os::Linux, &env), Some(p(&["/cfg", "trellis"])));
        assert_eq!(cache_dir(Os::Linux, &env), Some(p(&["/cache", "trellis"])));
        let empty = env_of(&[("HOME", ""), ("XDG_CONFIG_HOME", "")]);
        assert_eq!(config_dir(Os::Linux, &empty), None, "empty is unset");
    }

    #[test]
    fn windows_uses_the_users_app_data_folders() {
        let env = env_of(&[
            ("USERPROFILE", r"C:\Users\Ana"),
            ("HOME", "/c/Users/Ana"),
            ("APPDATA", r"C:\Users\Ana\AppData\Roaming"),
            ("LOCALAPPDATA", r"C:\Users\Ana\AppData\Local"),
            ("XDG_CONFIG_HOME", "/should/not/be/used"),
        ]);
        assert_eq!(home_dir(Os::Windows, &env), Some(p(&[r"C:\Users\Ana"])));
        assert_eq!(
            config_dir(Os::Windows, &env),
            Some(p(&[r"C:\Users\Ana\AppData\Roaming", "Trellis"]))
        );
        assert_eq!(
            cache_dir(Os::Windows, &env),
            Some(p(&[r"C:\Users\Ana\AppData\Local", "Trellis", "cache"]))
        );
        // Without the app-data variables, their usual places in the profile.
        let bare = env_of(&[("USERPROFILE", r"C:\Users\Ana")]);
        assert_eq!(
            config_dir(Os::Windows, &bare),
            Some(p(&[r"C:\Users\Ana", "AppData", "Roaming", "Trellis"]))
        );
        assert_eq!(
            cache_dir(Os::Windows, &bare),
            Some(p(&[
                r"C:\Users\Ana",
                "AppData",
                "Local",
                "Trellis",
                "cache"
            ]))
        );
    }

    #[test]
    fn macos_uses_the_library_folders() {
        let env = env_of(&[("HOME", "/Users/ana"), ("XDG_CONFIG_HOME", "/x")]);
        assert_eq!(
            config_dir(Os::MacOs, &env),
            Some(p(&[
                "/Users/ana",
                "Library",
                "Application Support",
                "Trellis"
            ]))
        );
        assert_eq!(
            cache_dir(Os::MacOs, &env),
            Some(p(&["/Users/ana", "Library", "Caches", "Trellis"]))
        );
    }
}
