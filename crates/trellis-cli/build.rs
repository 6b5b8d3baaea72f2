//! Chooses the UI that `trellis studio` embeds: `ui/dist` when it has been
//! built (`cargo xtask ui`), else the page in `ui-not-built/`, so that the
//! crate always compiles. `TRELLIS_UI_BUILT` tells the binary which one it
//! got: `trellis studio` refuses to start without the real editor rather
//! than serve that page. The chosen folder's contents are stamped into the
//! build so that rebuilding the UI rebuilds the binary.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let ui = manifest.join("../../ui");
    let dist = ui.join("dist");
    println!("cargo:rerun-if-changed={}", ui.display());
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-env-changed=TRELLIS_UI_DIST");
    let (chosen, built) = match std::env::var_os("TRELLIS_UI_DIST") {
        Some(dir) => (PathBuf::from(dir), true),
        None if dist.join("index.html").is_file() => (dist, true),
        None => (manifest.join("ui-not-built"), false),
    };
    let chosen = chosen.canonicalize().unwrap_or(chosen);
    println!("cargo:rerun-if-changed={}", chosen.display());
    let mut stamp = 0u64;
    walk(&chosen, &mut stamp);
    println!("cargo:rustc-env=TRELLIS_UI_DIR={}", chosen.display());
    println!("cargo:rustc-env=TRELLIS_UI_STAMP={stamp:x}");
    println!(
        "cargo:rustc-env=TRELLIS_UI_BUILT={}",
        if built { "yes" } else { "no" }
    );
}

/// Folds every file's path, size and modification time into `stamp`.
fn walk(dir: &Path, stamp: &mut u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            walk(&path, stamp);
            continue;
        }
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        for b in path.to_string_lossy().bytes() {
            *stamp = stamp.rotate_left(5) ^ u64::from(b);
        }
        *stamp = stamp.rotate_left(7) ^ meta.len() ^ mtime.rotate_left(17);
        *stamp = stamp.wrapping_mul(0x100_0000_01b3);
    }
}
