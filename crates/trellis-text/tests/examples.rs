//! The example course shipped in the repository imports, and survives an export/import round trip.

use std::path::Path;

use trellis_text::{export_files, import_dir, import_files};

fn round_trip(dir: &Path) {
    let imported = import_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files = export_files(&imported.course, &imported.comments);
    for (info, bytes) in &imported.assets {
        files.insert(format!("assets/{}", info.name), bytes.clone());
    }
    let again = import_files(&files).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    assert_eq!(again.course, imported.course);
    assert_eq!(
        export_files(&again.course, &again.comments),
        export_files(&imported.course, &imported.comments)
    );
}

#[test]
fn phishing_awareness_example_imports_and_round_trips() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..");
    round_trip(&root.join("examples/phishing-awareness"));
}
