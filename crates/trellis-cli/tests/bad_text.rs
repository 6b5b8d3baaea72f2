//! `trellis new --title` refuses a title XML cannot carry, as the editor
//! does (issue 19, fault 6), and creates no file.

mod common;
use common::fails;

#[test]
fn new_refuses_a_title_with_a_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bell.trellis");
    let err = fails(
        &[
            "new",
            "--template",
            "compliance-training",
            "--title",
            "Ring\u{7} the bell",
            file.to_str().unwrap(),
        ],
        3,
    );
    assert!(
        err.contains("the title contains an invisible control character (U+0007)"),
        "{err}"
    );
    assert!(!file.exists());
}
