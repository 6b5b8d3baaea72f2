//! The job aid of a translated course, end to end with the real CLI: the
//! forklift example translated into French (an XLIFF file filled in as a
//! translator's tool would and imported), then
//!
//! - `publish --target job-aid`: the English and the French PDFs, each read
//!   back with `pdftotext`, in their own language's words ("Page 1 of 2",
//!   "Page 1 sur 2") and with their own course text;
//! - the learner packages: every target carries the PDFs and the phone
//!   page (listed in the SCORM manifests) and the last lesson links to them
//!   in the page's language, with the QR code; a package in a translation's
//!   language carries that language's aid; `--lang all` carries each
//!   language's aid and links each page to its own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

mod common;
use common::{ok, root};
use trellis_translate::testing::with_targets;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The forklift example as a course file with a French translation whose
/// texts say "chariot élévateur" where the source says "forklift".
fn translated_course(dir: &TempDir) -> PathBuf {
    let file = dir.path().join("forklift.trellis");
    let example = root().join("examples/safe-forklift-operation");
    ok(&["import", p(&example), "-o", p(&file)]);
    let xlf = dir.path().join("forklift.fr.xlf");
    ok(&[
        "translate",
        "export",
        p(&file),
        "--lang",
        "fr",
        "-o",
        p(&xlf),
    ]);
    let fr = with_targets(&std::fs::read_to_string(&xlf).unwrap(), |s| {
        s.replace(
            "Safe forklift operation",
            "Conduite sûre du chariot élévateur",
        )
        .replace("forklift", "chariot élévateur")
    });
    std::fs::write(&xlf, fr).unwrap();
    ok(&["translate", "import", p(&file), p(&xlf)]);
    file
}

fn unzip(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| {
            panic!(
                "{name} is not in the package: {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
        .1
}

/// The PDF's text as `pdftotext` reads it, in reading order.
fn pdftotext(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name.replace('/', "-"));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args([p(&path), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext {name} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_job_aid_is_published_in_each_language_of_the_course() {
    let dir = TempDir::new().unwrap();
    let course = translated_course(&dir);
    let zip = dir.path().join("aid.zip");
    let out = ok(&["publish", p(&course), "--target", "job-aid", "-o", p(&zip)]);
    assert!(out.contains("Job aid (en-GB): 2 pages on A4"), "{out}");
    assert!(out.contains("Job aid (fr):"), "{out}");
    let files = unzip(&zip);
    let en = pdftotext(dir.path(), "en.pdf", file(&files, "job-aid-a4.pdf"));
    let fr = pdftotext(dir.path(), "fr.pdf", file(&files, "fr/job-aid-a4.pdf"));

    // The aid's own words, in each language's table.
    for words in [
        "Version 2.1",
        "Page 1 of 2",
        "Decision 1",
        "Go to decision 2.",
    ] {
        assert!(en.contains(words), "English aid lacks {words:?}:\n{en}");
    }
    for words in ["Version 2.1", "Décision 1", "Passez à la décision 2."] {
        assert!(fr.contains(words), "French aid lacks {words:?}:\n{fr}");
    }
    assert!(fr.contains("Page 1 sur "), "{fr}");
    assert!(
        !fr.contains("Page 1 of"),
        "no English footer in French:\n{fr}"
    );
    assert!(!fr.contains("Go to decision"), "{fr}");
    // The course's own text, translated.
    assert!(en.contains("Safe forklift operation"), "{en}");
    assert!(fr.contains("Conduite sûre du chariot élévateur"), "{fr}");
    assert!(!fr.contains("Safe forklift operation"), "{fr}");
    // The phone page too.
    let phone = String::from_utf8(file(&files, "fr/index.html").to_vec()).unwrap();
    assert!(phone.contains("lang=\"fr\""), "{}", &phone[..200]);
    assert!(phone.contains("Décision 1"), "the phone page in French");
    assert!(
        !phone.contains("Decision 1"),
        "no English on the French phone page"
    );
}

#[test]
fn every_learner_package_carries_the_job_aid_and_links_to_it() {
    let dir = TempDir::new().unwrap();
    let course = translated_course(&dir);
    for target in ["scorm12", "scorm2004", "cmi5", "xapi", "web"] {
        let zip = dir.path().join(format!("{target}.zip"));
        ok(&["publish", p(&course), "--target", target, "-o", p(&zip)]);
        let files = unzip(&zip);
        let pdf = file(&files, "job-aid/job-aid-a4.pdf");
        assert!(pdf.starts_with(b"%PDF-"), "{target}");
        assert!(file(&files, "job-aid/job-aid-letter.pdf").starts_with(b"%PDF-"));
        assert!(
            String::from_utf8_lossy(file(&files, "job-aid/qr-code.svg")).contains("<svg"),
            "{target}: the QR code"
        );
        // The phone page, in the course's language, the same as the job
        // aid target's.
        let phone = String::from_utf8(file(&files, "job-aid/index.html").to_vec()).unwrap();
        assert!(phone.contains("<html lang=\"en-GB\">"), "{target}");
        assert!(
            phone.contains("<h1>Safe forklift operation: counterbalanced trucks</h1>"),
            "{target}"
        );
        assert!(phone.contains(">Print</button>"), "{target}");
        let page = String::from_utf8(file(&files, "index.html").to_vec()).unwrap();
        for link in [
            "<a href=\"job-aid/index.html\" target=\"_blank\" rel=\"noopener\">Open the job aid (web page for phones, opens in a new tab)</a>",
            "href=\"job-aid/job-aid-a4.pdf\" download type=\"application/pdf\">Download the job aid (PDF, A4 paper)</a>",
            "href=\"job-aid/job-aid-letter.pdf\" download type=\"application/pdf\">Download the job aid (PDF, US Letter paper)</a>",
            "<img src=\"job-aid/qr-code.svg\" alt=\"QR code that opens this job aid at https://training.example.com/aids/forklift\"",
        ] {
            assert!(page.contains(link), "{target}: no {link}");
        }
        // Once, in the last lesson (the final assessment).
        assert_eq!(page.matches("class=\"t-job-aid\"").count(), 1);
        let last = page.rfind("<section class=\"t-page").unwrap();
        assert!(page[last..].contains("class=\"t-job-aid\""), "{target}");
        if target.starts_with("scorm") {
            let manifest = String::from_utf8(file(&files, "imsmanifest.xml").to_vec()).unwrap();
            for f in [
                "job-aid/index.html",
                "job-aid/job-aid-a4.pdf",
                "job-aid/job-aid-letter.pdf",
                "job-aid/qr-code.svg",
            ] {
                assert!(
                    manifest.contains(&format!("<file href=\"{f}\"/>")),
                    "{target}: the manifest lists {f}"
                );
            }
        }
    }

    // A package in one translation's language carries that language's aid.
    let zip = dir.path().join("fr.zip");
    ok(&[
        "publish",
        p(&course),
        "--target",
        "scorm12",
        "--lang",
        "fr",
        "-o",
        p(&zip),
    ]);
    let files = unzip(&zip);
    let phone = String::from_utf8(file(&files, "job-aid/index.html").to_vec()).unwrap();
    assert!(
        phone.contains("<html lang=\"fr\">")
            && phone.contains("Conduite sûre du chariot élévateur")
    );
    let page = String::from_utf8(file(&files, "index.html").to_vec()).unwrap();
    assert!(page.contains(
        "<a href=\"job-aid/index.html\" target=\"_blank\" rel=\"noopener\">Ouvrir l’aide-mémoire"
    ));
    let fr = pdftotext(
        dir.path(),
        "fr-only.pdf",
        file(&files, "job-aid/job-aid-a4.pdf"),
    );
    assert!(fr.contains("Décision 1"), "{fr}");

    // One package in every language: each page links to its own aid.
    let zip = dir.path().join("all.zip");
    ok(&[
        "publish",
        p(&course),
        "--target",
        "scorm2004",
        "--lang",
        "all",
        "-o",
        p(&zip),
    ]);
    let files = unzip(&zip);
    let fr_page = String::from_utf8(file(&files, "index.fr.html").to_vec()).unwrap();
    assert!(
        fr_page.contains("href=\"job-aid/fr/job-aid-a4.pdf\" download type=\"application/pdf\">Télécharger l’aide-mémoire (PDF, papier A4)</a>"),
        "the French page links to the French aid"
    );
    assert!(
        fr_page.contains("<a href=\"job-aid/fr/index.html\" target=\"_blank\" rel=\"noopener\">Ouvrir l’aide-mémoire (page web pour téléphone, s’ouvre dans un nouvel onglet)</a>"),
        "the French page opens the French phone page"
    );
    let fr_phone = String::from_utf8(file(&files, "job-aid/fr/index.html").to_vec()).unwrap();
    assert!(fr_phone.contains("<html lang=\"fr\">") && fr_phone.contains("Décision 1"));
    assert!(fr_phone.contains(">Imprimer</button>"));
    let manifest = String::from_utf8(file(&files, "imsmanifest.xml").to_vec()).unwrap();
    for f in ["job-aid/index.html", "job-aid/fr/index.html"] {
        assert!(manifest.contains(&format!("<file href=\"{f}\"/>")), "{f}");
    }
    let fr = pdftotext(
        dir.path(),
        "all-fr.pdf",
        file(&files, "job-aid/fr/job-aid-a4.pdf"),
    );
    assert!(fr.contains("Décision 1"), "{fr}");
    let en = pdftotext(
        dir.path(),
        "all-en.pdf",
        file(&files, "job-aid/job-aid-a4.pdf"),
    );
    assert!(en.contains("Decision 1"), "{en}");
}
