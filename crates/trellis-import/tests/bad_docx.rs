//! Hostile and broken Word documents: each is refused with a message that
//! says why, or imported with what it could not use in the report; never a
//! panic, and never more memory than the caps allow.

use std::io::Write;
use std::path::{Path, PathBuf};

use trellis_import::{ImportError, Imported, import_file};
use zip::write::SimpleFileOptions;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"#;

fn body(paragraphs: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{paragraphs}</w:body></w:document>"#
    )
}

fn para(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn picture(rel: &str, descr: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="{descr}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="{rel}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// A .docx made of `entries` (name, bytes), written to `dir/name`.
fn docx(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in entries {
        zip.start_file(*entry, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn refused(result: Result<Imported, ImportError>) -> String {
    match result {
        Err(e) => e.to_string(),
        Ok(i) => panic!("imported, with the report:\n{}", i.report),
    }
}

#[test]
fn a_renamed_zip_of_something_else_has_no_document_body() {
    let tmp = tempfile::tempdir().unwrap();
    let path = docx(
        tmp.path(),
        "holiday-photos.docx",
        &[("photos/readme.txt", b"hello")],
    );
    let why = refused(import_file(&path));
    assert!(why.contains("it has no document body"), "{why}");
}

#[test]
fn a_password_protected_document_is_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("secret.docx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(&path, bytes).unwrap();
    let why = refused(import_file(&path));
    assert!(why.contains("password-protected (encrypted)"), "{why}");
}

#[test]
fn a_file_that_is_no_zip_at_all_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("notes.docx");
    std::fs::write(&path, "just some text").unwrap();
    let why = refused(import_file(&path));
    assert!(
        why.contains("is a zip package, and this file is not one"),
        "{why}"
    );
    std::fs::write(&path, b"PK\x03\x04 broken").unwrap();
    let why = refused(import_file(&path));
    assert!(why.contains("cannot be read"), "{why}");
}

#[test]
fn a_zip_bomb_is_refused_at_the_cap() {
    let tmp = tempfile::tempdir().unwrap();
    // 48 MB of one byte: about 50 kB compressed, a thousand to one.
    let mut xml = body("").into_bytes();
    xml.splice(
        xml.len() - 20..xml.len() - 20,
        std::iter::repeat_n(b' ', 48 << 20),
    );
    let path = docx(
        tmp.path(),
        "bomb.docx",
        &[
            ("_rels/.rels", DOCUMENT_RELS.as_bytes()),
            ("word/document.xml", &xml),
        ],
    );
    drop(xml);
    assert!(std::fs::metadata(&path).unwrap().len() < 100 << 10);
    let why = refused(import_file(&path));
    assert!(why.contains("unpacks to more than 32 MB"), "{why}");
}

#[test]
fn an_xml_bomb_is_refused_before_any_entity_expands() {
    let tmp = tempfile::tempdir().unwrap();
    let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"ha\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "a".to_owned()
        } else {
            format!("a{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY a{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>");
    xml.push_str(&body(&para("Normal", "&a9;"))[38..]);
    let path = docx(
        tmp.path(),
        "lol.docx",
        &[
            ("_rels/.rels", DOCUMENT_RELS.as_bytes()),
            ("word/document.xml", xml.as_bytes()),
        ],
    );
    let why = refused(import_file(&path));
    assert!(why.contains("declares a document type"), "{why}");
}

#[test]
fn a_huge_file_is_refused_by_its_size_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge.docx");
    // 200 MB, sparse: nothing is written to disk.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    let why = refused(import_file(&path));
    assert!(why.contains("more than 100 MB are not imported"), "{why}");
}

#[test]
fn a_package_of_too_many_entries_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..6000).map(|i| format!("x/{i}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let path = docx(tmp.path(), "many.docx", &entries);
    let why = refused(import_file(&path));
    assert!(why.contains("lists 6000 entries"), "{why}");
}

#[test]
fn deep_nesting_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "<w:sdt>".repeat(5000), "</w:sdt>".repeat(5000));
    let path = docx(
        tmp.path(),
        "deep.docx",
        &[("word/document.xml", body(&deep).as_bytes())],
    );
    let why = refused(import_file(&path));
    assert!(why.contains("nests elements more than 200 deep"), "{why}");
}

#[test]
fn ten_thousand_headings_become_ten_thousand_lessons() {
    let tmp = tempfile::tempdir().unwrap();
    let mut paragraphs = para("Heading1", "Everything");
    for i in 0..10_000 {
        paragraphs.push_str(&para("Heading2", &format!("Part {i}")));
        paragraphs.push_str(&para("Normal", "Some text."));
    }
    let path = docx(
        tmp.path(),
        "long.docx",
        &[("word/document.xml", body(&paragraphs).as_bytes())],
    );
    let imported = import_file(&path).unwrap();
    assert_eq!(imported.course.modules[0].lessons.len(), 10_000);
    assert_eq!(
        imported.course.lessons().flat_map(|l| &l.blocks).count(),
        10_000
    );
}

#[test]
fn missing_document_xml_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let path = docx(
        tmp.path(),
        "hollow.docx",
        &[
            ("_rels/.rels", DOCUMENT_RELS.as_bytes()),
            ("word/styles.xml", b"<w:styles/>"),
        ],
    );
    let why = refused(import_file(&path));
    assert!(why.contains("word/document.xml is missing"), "{why}");
}

#[test]
fn broken_relationships_and_an_image_that_is_not_an_image_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/fake.png"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/gone.png"/>
<Relationship Id="rId7"/>
</Relationships>"#;
    let paragraphs = [
        para("Heading2", "Pictures"),
        para("Normal", "Three pictures follow."),
        picture("rId5", "A fake"),
        picture("rId6", "A missing part"),
        picture("rId99", "No relationship"),
    ]
    .concat();
    let path = docx(
        tmp.path(),
        "broken.docx",
        &[
            ("word/document.xml", body(&paragraphs).as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/media/fake.png", b"this is text, not a PNG"),
        ],
    );
    let imported = import_file(&path).unwrap();
    let report = imported.report.to_string();
    assert!(
        report.contains("paragraph 3: the image “fake.png” was left out:"),
        "{report}"
    );
    assert!(
        report.contains("paragraph 4: the image “gone.png” is missing from the document package"),
        "{report}"
    );
    assert!(
        report.contains("paragraph 5: an image whose part is missing from the document (a broken relationship) was left out"),
        "{report}"
    );
    assert!(imported.assets.is_empty());
    assert_eq!(imported.course.lessons().flat_map(|l| &l.blocks).count(), 1);
}

#[test]
fn what_trellis_cannot_show_is_reported_with_its_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    let chart = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="Chart 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let smartart = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="3" name="Diagram 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let tracked = r#"<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>Kept </w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>dropped</w:delText></w:r></w:del><w:r><w:t>text.</w:t></w:r></w:p>"#;
    let paragraphs = [
        para("Heading2", "Odds and ends"),
        chart.to_owned(),
        smartart.to_owned(),
        tracked.to_owned(),
        para("MyHouseStyle", "Styled text."),
        r#"<w:mystery/>"#.to_owned(),
    ]
    .concat();
    let path = docx(
        tmp.path(),
        "odds.docx",
        &[("word/document.xml", body(&paragraphs).as_bytes())],
    );
    let imported = import_file(&path).unwrap();
    let report = imported.report.to_string();
    for line in [
        "paragraph 2: a chart was left out",
        "paragraph 3: a SmartArt diagram was left out",
        "paragraph 4: tracked changes: inserted text was kept and deleted text left out",
        "paragraph 5: the style “MyHouseStyle” means nothing to Trellis",
        "paragraph 5: a part of the document Trellis does not know (“mystery”) was left out",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let text = trellis_text::export_files(&imported.course, &[]);
    let lesson = String::from_utf8(text["lessons/odds-and-ends.md"].clone()).unwrap();
    assert!(
        lesson.contains("Kept text.") && !lesson.contains("dropped"),
        "{lesson}"
    );
}
