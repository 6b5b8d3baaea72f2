//! Every example's job aid read back with real tools: poppler's `pdfinfo`,
//! `pdftotext`, `pdffonts` and `pdftoppm`, `qpdf --check` and `qpdf --json`
//! (structure tree, alt text), and `zbarimg` for the QR codes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use trellis_jobaid::model::{Part, Text};
use trellis_jobaid::{Labels, Paper};

struct Example {
    name: String,
    course: trellis_model::Course,
    assets: BTreeMap<String, Vec<u8>>,
}

fn examples() -> Vec<Example> {
    let dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 2, "the examples are there");
    dirs.into_iter()
        .map(|d| {
            let imported = trellis_text::import_dir(&d).unwrap();
            Example {
                name: d.file_name().unwrap().to_string_lossy().into_owned(),
                course: imported.course,
                assets: imported
                    .assets
                    .into_iter()
                    .map(|(i, b)| (i.name, b))
                    .collect(),
            }
        })
        .collect()
}

/// Runs a tool: whether it succeeded, and its standard output (with its
/// errors after it when it failed).
fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} runs (install it with `cargo xtask setup`): {e}"));
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        text.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    (out.status.success(), text)
}

/// Letters and digits only, lower case: what survives any spacing,
/// punctuation or line breaking the PDF text comes back with.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn words(t: &Text) -> String {
    t.iter().map(|r| r.text.as_str()).collect()
}

/// The texts a reader must meet, in order: section titles, step titles,
/// checklist items, paragraphs, table cells.
fn expected_in_order(aid: &trellis_jobaid::JobAid) -> Vec<String> {
    let mut out = vec![aid.title.clone()];
    for s in &aid.sections {
        out.push(s.title.clone());
        for p in &s.parts {
            match p {
                Part::Heading { text } => out.push(text.clone()),
                Part::Paragraph { text } => out.push(words(text)),
                Part::Steps { steps } => {
                    for st in steps {
                        out.push(words(&st.title));
                        out.extend(st.detail.iter().map(words));
                    }
                }
                Part::Checklist { items } => out.extend(items.iter().map(words)),
                Part::Note { title, paragraphs } => {
                    out.push(title.clone());
                    out.extend(paragraphs.iter().map(words));
                }
                Part::Table { head, rows } => {
                    out.extend(head.iter().map(words));
                    for r in rows {
                        out.extend(r.iter().map(words));
                    }
                }
                Part::Decisions { title, points } => {
                    out.push(title.clone());
                    for p in points {
                        out.extend(p.situation.iter().map(words));
                        for o in &p.options {
                            out.push(o.choice.clone());
                            out.extend(o.outcome.iter().map(words));
                        }
                    }
                }
                Part::Picture { caption, .. } => out.push(caption.clone()),
            }
        }
    }
    out.retain(|s| !squash(s).is_empty());
    out
}

fn write_pdf(dir: &Path, ex: &Example, paper: Paper) -> (PathBuf, usize) {
    let aid = trellis_jobaid::build(&ex.course);
    let assets = |name: &str| ex.assets.get(name).cloned();
    let pdf = trellis_jobaid::pdf::write(&aid, paper, &Labels::default(), &assets)
        .unwrap_or_else(|e| panic!("{}: {e}", ex.name));
    assert!(
        pdf.missing_characters.is_empty(),
        "{}: the font lacks {:?}",
        ex.name,
        pdf.missing_characters
    );
    let path = dir.join(format!("{}-{}.pdf", ex.name, paper.name()));
    std::fs::write(&path, &pdf.bytes).unwrap();
    (path, pdf.pages)
}

#[test]
fn every_example_aid_reads_back_with_poppler_and_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    for ex in examples() {
        let aid = trellis_jobaid::build(&ex.course);
        assert!(!aid.sections.is_empty(), "{} has a job aid", ex.name);
        for paper in Paper::ALL {
            let (path, pages) = write_pdf(dir.path(), &ex, paper);
            let p = path.to_str().unwrap();

            let (ok, info) = run("pdfinfo", &[p]);
            assert!(ok, "{info}");
            let field = |name: &str| {
                info.lines()
                    .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
                    .unwrap_or_else(|| panic!("pdfinfo has no {name}: {info}"))
            };
            assert_eq!(field("Pages:"), pages.to_string(), "{}", ex.name);
            assert!((1..=2).contains(&pages), "{}: {pages} pages", ex.name);
            assert_eq!(field("Title:"), ex.course.info.title);
            assert_eq!(field("Tagged:"), "yes");
            let size = field("Page size:");
            match paper {
                Paper::A4 => assert!(size.starts_with("595.276 x 841.89 pts (A4)"), "{size}"),
                Paper::Letter => assert!(size.starts_with("612 x 792 pts (letter)"), "{size}"),
            }

            // All the text, in reading order.
            let (ok, text) = run("pdftotext", &[p, "-"]);
            assert!(ok, "{text}");
            // The page footers are artifacts, but pdftotext prints them
            // where they sit: leave them out of the reading order.
            let footer = format!("{} · Version", ex.course.info.title);
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with(&footer) && !l.starts_with("Page "))
                .collect::<Vec<_>>()
                .join("\n");
            let all = squash(&body);
            let mut at = 0;
            for want in expected_in_order(&aid) {
                let w = squash(&want);
                match all[at..].find(&w) {
                    Some(i) => at += i + w.len(),
                    None => panic!(
                        "{} ({}): `{want}` is missing or out of order in the PDF text",
                        ex.name,
                        paper.name()
                    ),
                }
            }

            // Fonts embedded (and subset).
            let (ok, fonts) = run("pdffonts", &[p]);
            assert!(ok, "{fonts}");
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{fonts}");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                // name type encoding emb sub uni object ID
                let n = cols.len();
                assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
                assert_eq!(cols[n - 4], "yes", "not a subset: {row}");
                assert_eq!(cols[n - 3], "yes", "no Unicode map: {row}");
                assert!(cols[0].contains("AtkinsonHyperlegible"), "{row}");
            }

            let (ok, check) = run("qpdf", &["--check", p]);
            assert!(ok, "{check}");
            assert!(
                check.contains("No syntax or stream encoding errors found"),
                "{check}"
            );

            structure(&path, &ex);
        }
    }
}

/// The structure tree is there, the language and title are set, and every
/// figure has alt text (read back from qpdf's JSON of the file).
fn structure(path: &Path, ex: &Example) {
    let (ok, json) = run(
        "qpdf",
        &["--json", "--json-key=qpdf", path.to_str().unwrap()],
    );
    assert!(ok, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let objects = v["qpdf"][1].as_object().expect("qpdf JSON v2 objects");
    let values: Vec<&serde_json::Value> = objects.values().filter_map(|o| o.get("value")).collect();
    let catalog = values
        .iter()
        .find(|o| o["/Type"] == "/Catalog")
        .expect("a catalog");
    assert!(
        catalog.get("/StructTreeRoot").is_some(),
        "no structure tree"
    );
    assert_eq!(catalog["/MarkInfo"]["/Marked"], true);
    assert_eq!(
        catalog["/Lang"],
        format!("u:{}", ex.course.info.language),
        "language"
    );
    let elements: Vec<&&serde_json::Value> = values
        .iter()
        .filter(|o| o["/Type"] == "/StructElem")
        .collect();
    assert!(elements.len() > 20, "{} structure elements", elements.len());
    let kinds: Vec<&str> = elements.iter().filter_map(|e| e["/S"].as_str()).collect();
    for k in ["/H1", "/H2", "/L", "/LI", "/LBody", "/P", "/Figure"] {
        assert!(kinds.contains(&k), "{}: no {k} in the structure", ex.name);
    }
    let figures: Vec<_> = elements.iter().filter(|e| e["/S"] == "/Figure").collect();
    // The logo and the QR code at least.
    assert!(figures.len() >= 2, "{}: {} figures", ex.name, figures.len());
    for f in figures {
        let alt = f["/Alt"].as_str().unwrap_or("");
        assert!(alt.len() > 3, "{}: a figure without alt text: {f}", ex.name);
    }
}

#[test]
fn qr_codes_decode_to_the_job_aid_address() {
    let dir = tempfile::tempdir().unwrap();
    for ex in examples() {
        let url = ex.course.info.job_aid_url.clone();
        assert!(!url.is_empty(), "{} sets job_aid_url", ex.name);
        let png = dir.path().join(format!("{}.png", ex.name));
        std::fs::write(&png, trellis_jobaid::qr_png(&url).unwrap()).unwrap();
        let (ok, out) = run("zbarimg", &["--raw", "-q", png.to_str().unwrap()]);
        assert!(ok, "{out}");
        assert_eq!(out.trim(), url);

        // The one printed on the PDF's first page, rasterised by poppler.
        let (pdf, _) = write_pdf(dir.path(), &ex, Paper::A4);
        let stem = dir.path().join(format!("{}-page", ex.name));
        let (ok, out) = run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "200",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf.to_str().unwrap(),
                stem.to_str().unwrap(),
            ],
        );
        assert!(ok, "{out}");
        let page = stem.with_extension("png");
        let (ok, out) = run("zbarimg", &["--raw", "-q", page.to_str().unwrap()]);
        assert!(ok, "{out}");
        assert_eq!(out.trim(), url);

        let svg = trellis_jobaid::qr_svg(&url, &Labels::default()).unwrap();
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(&format!("<title>QR code that opens this job aid at {url}")));
    }
}

#[test]
fn the_same_course_gives_byte_identical_files() {
    for ex in examples() {
        let aid = trellis_jobaid::build(&ex.course);
        let assets = |name: &str| ex.assets.get(name).cloned();
        let a = trellis_jobaid::files(&aid, &Labels::default(), &assets)
            .unwrap_or_else(|e| panic!("{}: {e}", ex.name));
        let b = trellis_jobaid::files(&aid, &Labels::default(), &assets).unwrap();
        assert_eq!(a.files.len(), b.files.len());
        for ((na, ba), (nb, bb)) in a.files.iter().zip(&b.files) {
            assert_eq!(na, nb);
            assert!(ba == bb, "{}: {na} differs between two runs", ex.name);
        }
        let names: Vec<&str> = a.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "job-aid-a4.pdf",
                "job-aid-letter.pdf",
                "index.html",
                "qr-code.svg",
                "qr-code.png"
            ]
        );
    }
}

/// A Polish aid: letters beyond Latin-1 (ą ę ł ń ś ź ż ó ć) come from the
/// font's Latin Extended file, embedded beside the Latin one, and read back
/// as themselves; letters no bundled file has are still reported.
#[test]
fn polish_letters_print_from_the_latin_extended_font() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples()
        .into_iter()
        .find(|e| e.name == "safe-forklift-operation")
        .unwrap();
    let mut course = ex.course.clone();
    course.info.language = "pl".into();
    course.info.title = "Bezpieczna obsługa wózka widłowego: zażółć gęślą jaźń".into();
    let aid = trellis_jobaid::build(&course);
    let assets = |name: &str| ex.assets.get(name).cloned();
    let pdf =
        trellis_jobaid::pdf::write(&aid, Paper::A4, &Labels::for_language("pl"), &assets).unwrap();
    assert!(
        pdf.missing_characters.is_empty(),
        "{:?}",
        pdf.missing_characters
    );
    let path = dir.path().join("pl.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let p = path.to_str().unwrap();
    let (ok, text) = run("pdftotext", &[p, "-"]);
    assert!(ok, "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Bezpieczna obsługa wózka widłowego: zażółć gęślą jaźń"),
        "{flat}"
    );
    assert!(flat.contains("Przejdź do decyzji 2."), "{flat}");
    assert!(flat.contains("Strona 1 z "), "{flat}");
    assert!(
        flat.contains("Zeskanuj, aby otworzyć tę ściągawkę w telefonie"),
        "{flat}"
    );
    // Both files of each weight embedded as subsets, each with a Unicode map.
    let (ok, fonts) = run("pdffonts", &[p]);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
    let (ok, check) = run("qpdf", &["--check", p]);
    assert!(ok, "{check}");

    // Greek is in no bundled file: reported, printed as `?`.
    course.info.title = "Ανοίξτε".into();
    let aid = trellis_jobaid::build(&course);
    let pdf =
        trellis_jobaid::pdf::write(&aid, Paper::A4, &Labels::for_language("pl"), &assets).unwrap();
    assert!(
        pdf.missing_characters.contains(&'Α'),
        "{:?}",
        pdf.missing_characters
    );
}
