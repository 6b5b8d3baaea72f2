//! The letters trellis-model says each bundled family can draw
//! (`fonts::BUNDLED_FAMILIES`, which decides when a course is shown in the
//! rest of the theme's font list) are the characters its WOFF2 files hold,
//! as fontconfig's `fc-query` reads them (Debian package fontconfig).

use std::path::Path;
use std::process::Command;

use trellis_model::fonts::BUNDLED_FAMILIES;
use trellis_render::fonts::FONTS;

/// `fc-query`'s charset of a font file, as inclusive ranges.
fn charset(file: &Path) -> Vec<(u32, u32)> {
    let out = Command::new("fc-query")
        .args(["-f", "%{charset}"])
        .arg(file)
        .output()
        .expect("fc-query runs (install the fontconfig package)");
    assert!(
        out.status.success(),
        "fc-query {}: {:?}",
        file.display(),
        out
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|r| {
            let (a, b) = r.split_once('-').unwrap_or((r, r));
            (
                u32::from_str_radix(a, 16).unwrap(),
                u32::from_str_radix(b, 16).unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_family_covers_what_its_files_hold() {
    let dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("fonts");
    assert_eq!(FONTS.len(), BUNDLED_FAMILIES.len());
    for font in &FONTS {
        let family = BUNDLED_FAMILIES
            .iter()
            .find(|f| f.family == font.family)
            .unwrap_or_else(|| panic!("{} is listed in trellis-model", font.family));
        for (weight, style, _) in font.faces {
            let file = dir.join(format!("{}-latin-{weight}-{style}.woff2", font.slug));
            assert_eq!(
                charset(&file),
                family.covers,
                "{}: the ranges in trellis-model/src/fonts.rs",
                file.display()
            );
        }
    }
}
