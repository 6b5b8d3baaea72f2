//! Bad folders are refused with clear, located problems.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use trellis_text::{ImportError, import_dir, import_files};

const COURSE: &str = r#"id = "c"
title = "Course"
language = "en"
version = "1"

[[objectives]]
id = "obj-a"
statement = "Do a thing."

[[modules]]
id = "m1"
title = "Module"
lessons = ["intro"]
"#;

const LESSON: &str = r#"+++
id = "intro"
title = "Intro"
template = "free"
+++

::: text {id = "t1"}
Hello **world**.
:::

::: image {id = "img"}
asset = "images/a.png"
alt = "A picture"
:::

::: question {id = "q1"}
type = "single-choice"
prompt = "Which?"
objectives = ["obj-a"]

[[choices]]
id = "a"
text = "This"
correct = true
:::
"#;

fn folder(course: &str, lesson: &str) -> BTreeMap<String, Vec<u8>> {
    BTreeMap::from([
        ("course.toml".to_owned(), course.as_bytes().to_vec()),
        ("lessons/intro.md".to_owned(), lesson.as_bytes().to_vec()),
        ("assets/images/a.png".to_owned(), common::png(2, 2)),
    ])
}

/// Imports and returns the problems as `file:line:col: message` lines.
fn problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    match import_files(files) {
        Ok(_) => panic!("import should fail"),
        Err(e) => {
            let list: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
            assert!(!list.is_empty(), "{e}");
            list
        }
    }
}

fn assert_has(list: &[String], needle: &str) {
    assert!(
        list.iter().any(|p| p.contains(needle)),
        "no problem contains {needle:?}:\n{}",
        list.join("\n")
    );
}

fn lesson_with(old: &str, new: &str) -> BTreeMap<String, Vec<u8>> {
    assert!(LESSON.contains(old));
    folder(COURSE, &LESSON.replacen(old, new, 1))
}

#[test]
fn the_base_folder_imports() {
    let imported = import_files(&folder(COURSE, LESSON)).unwrap();
    assert_eq!(imported.course.assets.len(), 1);
    assert_eq!(imported.course.assets[0].width, Some(2));
}

#[test]
fn malformed_toml_in_course_toml() {
    let list = problems(&folder(
        &COURSE.replace("title = \"Course\"", "title = Course"),
        LESSON,
    ));
    assert_has(&list, "course.toml:2:9: course.toml:");
}

#[test]
fn malformed_toml_in_front_matter() {
    let list = problems(&lesson_with("title = \"Intro\"", "title = \"Intro"));
    assert_has(&list, "lessons/intro.md:3:");
    assert_has(&list, "front matter");
}

#[test]
fn malformed_toml_in_a_block_body_points_inside_the_md_file() {
    let list = problems(&lesson_with("alt = \"A picture\"", "alt = [\"A picture\""));
    assert_has(&list, "lessons/intro.md:13:");
    assert_has(&list, "body of the `image` block");
}

#[test]
fn unknown_key_in_a_block_body() {
    let list = problems(&lesson_with(
        "alt = \"A picture\"",
        "alt = \"A picture\"\ncolour = 1",
    ));
    assert_has(
        &list,
        "lessons/intro.md:14:1: body of the `image` block: unknown field `colour`",
    );
}

#[test]
fn unclosed_fence() {
    let list = problems(&folder(
        COURSE,
        LESSON.trim_end().strip_suffix(":::").unwrap(),
    ));
    assert_has(
        &list,
        "lessons/intro.md:16:1: block `question` is never closed",
    );
}

#[test]
fn text_outside_a_fence() {
    let list = problems(&lesson_with("::: image", "Stray paragraph.\n\n::: image"));
    assert_has(&list, "lessons/intro.md:11:1: text outside a block");
}

#[test]
fn unknown_block_kind_and_all_problems_are_listed() {
    let lesson = LESSON.replacen("::: image", "::: imagee", 1).replacen(
        "type = \"single-choice\"",
        "type = \"single-choise\"",
        1,
    );
    let list = problems(&folder(COURSE, &lesson));
    assert_has(
        &list,
        "lessons/intro.md:11:5: unknown block kind `imagee`; expected one of text, heading, image",
    );
    assert_has(
        &list,
        "lessons/intro.md:17:8: unknown question type `single-choise`; expected one of single-choice",
    );
}

#[test]
fn unknown_question_type() {
    let list = problems(&lesson_with("single-choice", "essay"));
    assert_has(&list, "unknown question type `essay`");
}

#[test]
fn duplicate_ids() {
    let list = problems(&lesson_with("{id = \"img\"}", "{id = \"t1\"}"));
    assert_has(
        &list,
        "lessons/intro.md:11:17: duplicate id `t1`: already used by the block at lessons/intro.md:7:16",
    );
    let list = problems(&lesson_with("{id = \"img\"}", "{id = \"obj-a\"}"));
    assert_has(
        &list,
        "duplicate id `obj-a`: already used by the objective at course.toml:7:6",
    );
}

#[test]
fn duplicate_item_ids_within_a_block() {
    let list = problems(&lesson_with(
        "correct = true\n",
        "correct = true\n\n[[choices]]\nid = \"a\"\ntext = \"That\"\n",
    ));
    assert_has(&list, "duplicate choice id `a` in this block");
}

#[test]
fn bad_id_syntax() {
    let list = problems(&lesson_with("{id = \"t1\"}", "{id = \"t 1\"}"));
    assert_has(
        &list,
        "lessons/intro.md:7:16: bad block id: id `t 1` must start",
    );
}

#[test]
fn lesson_id_must_match_file_name() {
    let list = problems(&lesson_with("id = \"intro\"", "id = \"intro2\""));
    assert_has(
        &list,
        "lessons/intro.md:2:6: lesson id `intro2` does not match the file name",
    );
}

#[test]
fn listed_lesson_missing_and_unlisted_lesson_file() {
    let mut files = folder(
        &COURSE.replace("[\"intro\"]", "[\"intro\", \"gone\"]"),
        LESSON,
    );
    files.insert(
        "lessons/extra.md".into(),
        b"+++\nid = \"extra\"\ntitle = \"X\"\ntemplate = \"free\"\n+++\n".to_vec(),
    );
    let list = problems(&files);
    assert_has(
        &list,
        "course.toml:13:21: lesson `gone` is listed in module `m1` but lessons/gone.md does not exist",
    );
    assert_has(
        &list,
        "lessons/extra.md:2:6: lesson `extra` is not listed in any module",
    );
}

#[test]
fn missing_objective_reference() {
    let list = problems(&lesson_with("[\"obj-a\"]", "[\"obj-b\"]"));
    assert_has(&list, "lessons/intro.md:19:15: no objective `obj-b`");
}

#[test]
fn missing_asset_reference() {
    let list = problems(&lesson_with("images/a.png", "images/b.png"));
    assert_has(
        &list,
        "lessons/intro.md:12:9: no asset `images/b.png`; expected a file assets/images/b.png",
    );
}

#[test]
fn asset_reference_escaping_the_folder() {
    let list = problems(&lesson_with("images/a.png", "../x.png"));
    assert_has(
        &list,
        "lessons/intro.md:12:9: asset name `../x.png` is not allowed",
    );
    let list = problems(&lesson_with("images/a.png", "/etc/x.png"));
    assert_has(
        &list,
        "lessons/intro.md:12:9: asset name `/etc/x.png` is not allowed: it is an absolute path",
    );
}

#[test]
fn file_paths_escaping_the_folder_are_refused() {
    let mut files = folder(COURSE, LESSON);
    files.insert("assets/../../x.png".into(), common::png(1, 1));
    let list = problems(&files);
    assert_has(&list, "assets/../../x.png: path leaves the course folder");
}

#[test]
fn asset_that_is_not_an_image() {
    let mut files = folder(COURSE, LESSON);
    files.insert(
        "assets/images/a.png".into(),
        b"<html>not a picture</html>".to_vec(),
    );
    assert_has(
        &problems(&files),
        "assets/images/a.png: refused: asset `images/a.png` is not a valid image",
    );
}

#[test]
fn truncated_png() {
    let mut files = folder(COURSE, LESSON);
    let png = common::png(40, 40);
    files.insert("assets/images/a.png".into(), png[..png.len() / 2].to_vec());
    assert_has(&problems(&files), "assets/images/a.png: refused:");
}

/// A PNG whose header declares 100000×100000 pixels: refused before decoding.
#[test]
fn decompression_bomb() {
    let mut png = common::png(1, 1);
    // IHDR data starts at byte 16: width, height (big-endian), then CRC at 29.
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let mut files = folder(COURSE, LESSON);
    files.insert("assets/images/a.png".into(), png);
    assert_has(&problems(&files), "too large to decode safely");
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn non_utf8_lesson_file() {
    let mut bytes = LESSON.as_bytes().to_vec();
    let at = LESSON.find("Hello").unwrap();
    bytes[at] = 0xff;
    let mut files = folder(COURSE, LESSON);
    files.insert("lessons/intro.md".into(), bytes);
    let list = problems(&files);
    assert_has(
        &list,
        &format!("lessons/intro.md:8:1: not valid UTF-8 (bad byte 0xff at byte offset {at})"),
    );
}

fn write_folder(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

#[test]
fn fifty_megabyte_markdown_file_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), &folder(COURSE, LESSON));
    let big = dir.path().join("lessons/intro.md");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let err = import_dir(dir.path()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("lessons/intro.md: file is 52428800 bytes (50.0 MiB); course.toml, lesson and comment files may be at most 8 MiB"),
        "{text}"
    );
    // Not reported as missing as well.
    assert_eq!(err.problems().len(), 1, "{text}");
    // The in-memory route refuses it too.
    let mut files = folder(COURSE, LESSON);
    files.insert("lessons/intro.md".into(), vec![b'a'; 50 * 1024 * 1024]);
    assert_has(&problems(&files), "file is 52428800 bytes");
}

#[cfg(unix)]
#[test]
fn symlink_inside_assets_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), common::png(1, 1)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path(), &folder(COURSE, LESSON));
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        dir.path().join("assets/images/b.png"),
    )
    .unwrap();
    let err = import_dir(dir.path()).unwrap_err();
    assert!(matches!(err, ImportError::Invalid(_)));
    assert!(
        err.to_string()
            .contains("assets/images/b.png: is a symbolic link"),
        "{err}"
    );
}

#[test]
fn import_dir_reads_a_folder_and_ignores_dot_files_and_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = folder(COURSE, LESSON);
    files.insert(".git/config".into(), b"junk".to_vec());
    files.insert("README.md".into(), b"# readme".to_vec());
    files.insert("assets/.DS_Store".into(), b"junk".to_vec());
    write_folder(dir.path(), &files);
    let imported = import_dir(dir.path()).unwrap();
    assert_eq!(imported, import_files(&folder(COURSE, LESSON)).unwrap());
}

#[test]
fn reporting_is_read_and_an_unknown_value_is_named() {
    let with = |value: &str| {
        COURSE.replacen(
            "version = ",
            &format!("reporting = \"{value}\"\nversion = "),
            1,
        )
    };
    let imported = import_files(&folder(&with("completed-incomplete"), LESSON)).unwrap();
    assert_eq!(
        imported.course.info.reporting,
        trellis_model::Reporting::CompletedIncomplete
    );
    let list = problems(&folder(&with("pass-fail"), LESSON));
    assert_has(&list, "course.toml:");
    assert_has(&list, "pass-fail");
    assert_has(&list, "passed-incomplete");
}

/// Characters XML cannot carry (here the bell, U+0007, and U+FFFF) would
/// break the published manifests: refused, naming the file and the field
/// (issue 19, fault 6). TOML lets them in as escapes, Markdown raw.
#[test]
fn control_characters_xml_cannot_carry_are_refused() {
    let list = problems(&folder(
        &COURSE.replace("title = \"Course\"", "title = \"Ring \\u0007 Course\""),
        LESSON,
    ));
    assert_has(
        &list,
        "course.toml: the title contains an invisible control character (U+0007)",
    );
    let list = problems(&folder(
        &COURSE.replace("title = \"Module\"", "title = \"Mod\\u0001ule\""),
        LESSON,
    ));
    assert_has(&list, "course.toml: the module title contains");
    let list = problems(&lesson_with(
        "title = \"Intro\"",
        "title = \"In\\u0007tro\"",
    ));
    assert_has(&list, "lessons/intro.md: the title contains");
    let list = problems(&lesson_with("Hello **world**.", "Hello \u{7} **world**."));
    assert_has(&list, "lessons/intro.md: the text contains");
    let list = problems(&lesson_with("alt = \"A picture\"", "alt = \"A \\uFFFF\""));
    assert_has(&list, "lessons/intro.md: the alt text contains");
    assert_has(&list, "(U+FFFF)");
    // Tabs and line breaks are text like any other.
    import_files(&lesson_with(
        "Hello **world**.",
        "Hello\t**world**.\r\nAgain.",
    ))
    .unwrap();
}

#[test]
fn image_layouts_read_and_write_and_an_unknown_one_is_refused() {
    use trellis_model::{BlockContent, ImageLayout};
    let files = lesson_with(
        "alt = \"A picture\"\n",
        "alt = \"A picture\"\nlayout = \"image-right\"\nmarkdown = \"\"\"\nBeside **it**.\n\"\"\"\n",
    );
    let imported = import_files(&files).unwrap();
    let block = &imported.course.modules[0].lessons[0].blocks[1];
    match &block.content {
        BlockContent::Image {
            layout, markdown, ..
        } => {
            assert_eq!(*layout, ImageLayout::ImageRight);
            assert_eq!(markdown, "Beside **it**.\n");
        }
        other => panic!("not an image: {other:?}"),
    }
    let out = trellis_text::export_files(&imported.course, &[]);
    let lesson = String::from_utf8(out["lessons/intro.md"].clone()).unwrap();
    assert!(
        lesson.contains("layout = \"image-right\"\nmarkdown = \"\"\"\nBeside **it**.\n\"\"\""),
        "{lesson}"
    );
    // The default layout is not written, so older files stay as they are.
    let plain = import_files(&folder(COURSE, LESSON)).unwrap();
    let out = trellis_text::export_files(&plain.course, &[]);
    let lesson = String::from_utf8(out["lessons/intro.md"].clone()).unwrap();
    assert!(
        !lesson.contains("layout") && !lesson.contains("markdown ="),
        "{lesson}"
    );

    let list = problems(&lesson_with(
        "alt = \"A picture\"",
        "alt = \"A picture\"\nlayout = \"beside\"",
    ));
    assert_has(
        &list,
        "lessons/intro.md:14:10: body of the `image` block: unknown variant `beside`, expected one of `centered`, `full-width`, `image-left`, `image-right`",
    );
}
