//! Runs tauri-build. The window shows the built editor (`ui/dist`, from
//! `cargo xtask ui`). When it has not been built, the page of `trellis
//! studio` that says so is embedded instead, so the workspace always
//! builds, and `TRELLIS_UI_BUILT=no` makes the app refuse to start (main.rs)
//! with the command to run.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
    let root = Path::new(&manifest).join("..");
    println!("cargo:rerun-if-changed={}", root.join("ui").display());
    println!("cargo:rerun-if-changed={}", root.join("ui/dist").display());
    let built = root.join("ui/dist/index.html").is_file();
    if !built {
        println!(
            "cargo:rustc-env=TAURI_CONFIG={{\"build\":{{\"frontendDist\":\"../crates/trellis-cli/ui-not-built\"}}}}"
        );
    }
    println!(
        "cargo:rustc-env=TRELLIS_UI_BUILT={}",
        if built { "yes" } else { "no" }
    );
    tauri_build::build()
}
