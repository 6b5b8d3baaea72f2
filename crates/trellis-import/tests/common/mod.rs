//! Helpers shared by the import tests: fixtures, expected folders and the
//! real producers (LibreOffice, pandoc).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use trellis_import::Imported;

mod outline;
#[allow(unused_imports)]
pub use outline::{expect, outline, titles};

pub fn fixtures() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("tests/fixtures")
}

/// The files an imported course is, as a text-format folder, with the
/// report as `report.txt`.
pub fn folder(imported: &Imported) -> BTreeMap<String, Vec<u8>> {
    let mut files = trellis_text::export_files(&imported.course, &imported.comments);
    for (info, bytes) in &imported.assets {
        files.insert(format!("assets/{}", info.name), bytes.clone());
    }
    files.insert(
        "report.txt".into(),
        imported.report.to_string().into_bytes(),
    );
    files
}

pub fn read_folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Asserts that `imported` is the folder `expected` (under the fixtures).
pub fn assert_folder(imported: &Imported, expected: &str) {
    let dir = fixtures().join(expected);
    let got = folder(imported);
    if std::env::var_os("TRELLIS_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, bytes) in &got {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    let want = read_folder(&dir);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "files of {expected}");
    for (path, bytes) in &want {
        assert!(
            &got[path] == bytes,
            "{expected}/{path} differs:\n--- expected\n{}\n--- imported\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&got[path])
        );
    }
}

/// A real producer's command, or a failure saying which package brings it.
pub fn tool(name: &str, package: &str) -> Command {
    let found = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{name} is missing: install the Debian package {package} (cargo xtask setup does)"
    );
    Command::new(name)
}

/// Converts `source` to .docx with LibreOffice into `out`, returning the file.
pub fn libreoffice(source: &Path, out: &Path) -> PathBuf {
    libreoffice_to(source, out, "docx")
}

/// Converts `source` to .docx with pandoc into `out`, returning the file.
pub fn pandoc(source: &Path, out: &Path) -> PathBuf {
    pandoc_to(source, out, "docx")
}

/// Converts `source` with pandoc to `out/<stem>.<ext>`.
pub fn pandoc_to(source: &Path, out: &Path, ext: &str) -> PathBuf {
    let target = out.join(source.with_extension(ext).file_name().unwrap());
    let status = tool("pandoc", "pandoc")
        .arg(source)
        .arg(format!(
            "--resource-path={}",
            source.parent().unwrap().display()
        ))
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    target
}

/// Converts `source` with LibreOffice to `out/<stem>.<ext>`.
pub fn libreoffice_to(source: &Path, out: &Path, ext: &str) -> PathBuf {
    let status = tool("soffice", "libreoffice-writer and libreoffice-impress")
        .env("HOME", out)
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out)
        .arg(source)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    out.join(source.with_extension(ext).file_name().unwrap())
}
