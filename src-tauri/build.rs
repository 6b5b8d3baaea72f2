//! Runs tauri-build. The window shows the built editor (`ui/dist`, from
//! `npm run build` in `ui/`); when it has not been built, the placeholder
//! page of `trellis studio` is embedded instead, so the workspace always
//! builds.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
    let root = Path::new(&manifest).join("..");
    println!("cargo:rerun-if-changed={}", root.join("ui").display());
    println!("cargo:rerun-if-changed={}", root.join("ui/dist").display());
    if !root.join("ui/dist/index.html").is_file() {
        println!(
            "cargo:rustc-env=TAURI_CONFIG={{\"build\":{{\"frontendDist\":\"../crates/trellis-cli/placeholder-ui\"}}}}"
        );
    }
    tauri_build::build()
}
