//! A folder of Markdown pages (docs as code) becomes one course: pages in
//! name order (README first), their images relative to each page as assets.

use trellis_import::import_file;

mod common;
use common::{assert_folder, fixtures};

#[test]
fn a_folder_of_pages_becomes_the_expected_course() {
    let imported = import_file(&fixtures().join("docs-folder")).unwrap();
    assert_eq!(imported.course.info.title, "Docs folder");
    let lessons: Vec<&str> = imported
        .course
        .lessons()
        .map(|l| l.title.as_str())
        .collect();
    assert_eq!(
        lessons,
        [
            "Team handbook",
            "How this handbook works",
            "Two-step sign-in",
            "The VPN"
        ]
    );
    assert_eq!(imported.assets.len(), 1);
    let report = imported.report.to_string();
    assert!(
        report.contains(
            "line 9: tools/vpn.md: the image “images/missing.png” is not in the document's folder"
        ),
        "{report}"
    );
    assert_folder(&imported, "docs-folder.expected");
}
