//! What the app's integration tests share: an [`App`] working on course
//! files in a temporary folder, and calls that fail the test with the
//! command's own words. Each test file adds its own helpers in an `impl
//! Fixture` of its own.
#![allow(dead_code)] // each test binary uses its own part of this

use std::path::PathBuf;

use serde_json::{Value, json};
use trellis_app::{App, AppConfig, AppError};

/// The repository's root.
pub fn root() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..")
}

/// The phishing-awareness example, as a text-format folder.
pub fn example() -> PathBuf {
    root().join("examples/phishing-awareness")
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub app: App,
}

impl Fixture {
    /// An app whose recent list and new courses stay in the temporary folder.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let app = App::new(AppConfig {
            config_dir: Some(dir.path().join("config")),
            image_cache: None,
            reveal: false,
            courses_dir: Some(dir.path().join("courses")),
        });
        Self { dir, app }
    }

    /// A fixture with the example imported into `course.trellis` and open.
    pub fn with_example() -> Self {
        let mut f = Self::new();
        let path = f.path("course.trellis");
        f.ok(json!({"cmd": "import_folder", "folder": example(), "path": path}));
        f
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    #[track_caller]
    pub fn ok(&mut self, command: Value) -> Value {
        match self.app.call_json(command.clone()) {
            Ok(v) => v,
            Err(e) => panic!("{command} failed: {e:?}"),
        }
    }

    /// A command that must fail, with a message in plain words.
    #[track_caller]
    pub fn err(&mut self, command: Value) -> AppError {
        match self.app.call_json(command.clone()) {
            Ok(v) => panic!("{command} should fail, gave {v}"),
            Err(e) => {
                assert!(!e.message.is_empty());
                assert!(
                    !e.message.contains("Error {") && !e.message.contains("Os {"),
                    "plain words: {}",
                    e.message
                );
                e
            }
        }
    }
}
