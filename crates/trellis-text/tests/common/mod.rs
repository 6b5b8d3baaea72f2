//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Cursor;

use trellis_model::{AssetInfo, Course};

/// A small valid PNG of `w`×`h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// Sets `course.assets` from `bytes` (via trellis-assets) and returns the
/// asset files of the folder.
pub fn attach_assets(
    course: &mut Course,
    bytes: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Vec<u8>> {
    let mut infos: Vec<AssetInfo> = bytes
        .iter()
        .map(|(name, b)| trellis_assets::inspect(name, b).expect("test asset is valid"))
        .collect();
    infos.sort();
    course.assets = infos;
    bytes
        .iter()
        .map(|(n, b)| (format!("assets/{n}"), b.clone()))
        .collect()
}

/// `export_files(course)` plus the asset files.
pub fn folder(course: &Course, assets: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut files = trellis_text::export_files(course, &[]);
    files.extend(assets.clone());
    files
}

/// Imports `export(course)` and checks model equality and byte-identical
/// re-export.
pub fn assert_round_trip(course: &Course, assets: &BTreeMap<String, Vec<u8>>) {
    let files = folder(course, assets);
    let imported = match trellis_text::import_files(&files) {
        Ok(i) => i,
        Err(e) => {
            let dump: Vec<String> = files
                .iter()
                .filter(|(k, _)| !k.starts_with("assets/"))
                .map(|(k, v)| format!("=== {k}\n{}", String::from_utf8_lossy(v)))
                .collect();
            panic!("{e}\n{}", dump.join("\n"));
        }
    };
    assert_eq!(&imported.course, course, "model changed by export + import");
    let again = trellis_text::export_files(&imported.course, &[]);
    assert_eq!(
        again,
        trellis_text::export_files(course, &[]),
        "second export differs"
    );
    let names: Vec<_> = imported.assets.iter().map(|(i, _)| i.clone()).collect();
    assert_eq!(names, imported.course.assets);
}
