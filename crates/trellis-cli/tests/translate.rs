//! `trellis translate` end to end on the example course: export, a
//! translator's file imported into a course file and a folder, the course
//! untouched by a round trip of unchanged text, refusals that change
//! nothing, status, pseudo-localisation and a package per language.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tempfile::TempDir;

mod common;
use common::{copy_tree, fails, ok, root};
use trellis_translate::testing::with_targets;

fn example() -> PathBuf {
    root().join("examples/phishing-awareness")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn course_file(dir: &TempDir) -> PathBuf {
    let file = dir.path().join("p.trellis");
    ok(&["import", p(&example()), "-o", p(&file)]);
    file
}

/// Every row of the course (not its translations), as text.
fn course_rows(file: &Path) -> String {
    let conn = Connection::open(file).unwrap();
    let mut out = String::new();
    for table in [
        "course", "modules", "lessons", "blocks", "assets", "edit_log", "comments",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

#[test]
fn unchanged_text_round_trips_and_leaves_the_course_as_it_was() {
    let dir = TempDir::new().unwrap();
    let file = course_file(&dir);
    let before = course_rows(&file);
    // Both versions exported before either is imported: once translated,
    // an export carries the translation as its target.
    for (version, name) in [("2.0", "p.fr.xlf"), ("1.2", "p.fr12.xlf")] {
        let xlf = dir.path().join(name);
        let out = ok(&[
            "translate",
            "export",
            p(&file),
            "--lang",
            "fr",
            "--xliff",
            version,
            "-o",
            p(&xlf),
        ]);
        assert!(
            out.contains("Wrote 256 units for translation into fr"),
            "{out}"
        );
    }
    for name in ["p.fr.xlf", "p.fr12.xlf"] {
        let xlf = dir.path().join(name);
        let filled = dir.path().join(format!("filled-{name}"));
        std::fs::write(
            &filled,
            with_targets(&std::fs::read_to_string(&xlf).unwrap(), |s| s.to_owned()),
        )
        .unwrap();
        let out = ok(&["translate", "import", p(&file), p(&filled)]);
        assert!(out.contains("Imported 256 units of fr"), "{out}");
        assert!(
            out.contains("256 new") || out.contains("256 unchanged"),
            "{out}"
        );
        assert_eq!(
            course_rows(&file),
            before,
            "the course itself is byte-identical"
        );
    }
    let status = ok(&["translate", "status", p(&file), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["languages"][0]["translated"], 256);
    // The same file as Trellis wrote it before it kept source hashes: status
    // hashes the course instead, and says the same.
    let older = dir.path().join("older.trellis");
    std::fs::copy(&file, &older).unwrap();
    trellis_store::older::set_back_to(&older, 8).unwrap();
    assert_eq!(
        ok(&["translate", "status", p(&older), "--format", "json"]),
        status
    );
    // Every stored translation is its source, exactly.
    let exported = dir.path().join("text");
    ok(&["export", p(&file), "-o", p(&exported)]);
    let imported = trellis_text::import_dir(&exported).unwrap();
    let t = &imported.translations[0];
    for u in trellis_translate::units(&imported.course) {
        assert_eq!(t.units[&u.field.id].text, u.source);
    }
}

#[test]
fn a_translation_is_stored_reported_and_published() {
    let dir = TempDir::new().unwrap();
    let file = course_file(&dir);
    let xlf = dir.path().join("p.fr.xlf");
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
            "Phishing awareness for office staff",
            "Sensibilisation à l'hameçonnage",
        )
        .replace("phishing", "hameçonnage")
    });
    std::fs::write(&xlf, &fr).unwrap();
    let out = ok(&["translate", "import", p(&file), p(&xlf)]);
    assert!(
        out.contains("new          phishing-awareness.title (line 7)"),
        "{out}"
    );
    let again = ok(&["translate", "import", p(&file), p(&xlf)]);
    assert!(again.contains("0 new, 0 updated, 256 unchanged"), "{again}");

    let zip = dir.path().join("fr.zip");
    ok(&[
        "publish",
        p(&file),
        "--target",
        "web",
        "--lang",
        "fr",
        "--folder",
        "-o",
        p(&zip),
    ]);
    let html = std::fs::read_to_string(zip.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\""), "{}", &html[..300]);
    assert!(
        html.contains("Sensibilisation à l&#39;hameçonnage")
            || html.contains("Sensibilisation à l'hameçonnage")
    );
    let err = fails(
        &[
            "publish",
            p(&file),
            "--target",
            "web",
            "--lang",
            "de",
            "-o",
            p(&dir.path().join("de.zip")),
        ],
        3,
    );
    assert!(
        err.contains("the course has no de translation (it has: fr)"),
        "{err}"
    );

    // An edit to the source makes its unit stale; --changed exports it alone.
    let folder = dir.path().join("folder");
    ok(&["export", p(&file), "-o", p(&folder)]);
    let course_toml = folder.join("course.toml");
    let text = std::fs::read_to_string(&course_toml).unwrap();
    std::fs::write(
        &course_toml,
        text.replace("Phishing awareness for office staff", "Phishing awareness"),
    )
    .unwrap();
    let status = ok(&["translate", "status", p(&folder)]);
    assert!(
        status.contains("fr        99% translated: 255 translated, 1 stale, 0 missing"),
        "{status}"
    );
    let check = common::trellis(&["check", p(&folder)]);
    let check = common::text(&check.stdout);
    assert!(
        check.contains("[translation-stale]")
            && check.contains("1 “fr” translation was made from a text that has changed since"),
        "{check}"
    );
    // The same finding in the check's JSON, with its place and the author's words.
    let json = common::trellis(&["check", p(&folder), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&common::text(&json.stdout)).unwrap();
    let stale = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "translation-stale")
        .expect("a translation-stale finding");
    assert_eq!(stale["severity"], "warning");
    assert_eq!(stale["location"]["path"], "Course › Translation “fr”");
    assert!(
        stale["message"]
            .as_str()
            .unwrap()
            .contains("Languages view")
    );
    let changed = dir.path().join("changed.xlf");
    let out = ok(&[
        "translate",
        "export",
        p(&folder),
        "--lang",
        "fr",
        "--changed",
        "-o",
        p(&changed),
    ]);
    assert!(out.contains("Wrote 1 units"), "{out}");
    // Importing into the folder writes translations/fr.toml.
    std::fs::write(
        &changed,
        with_targets(&std::fs::read_to_string(&changed).unwrap(), |_| {
            "Hameçonnage".into()
        }),
    )
    .unwrap();
    let out = ok(&["translate", "import", p(&folder), p(&changed)]);
    assert!(
        out.contains("updated      phishing-awareness.title"),
        "{out}"
    );
    let toml = std::fs::read_to_string(folder.join("translations/fr.toml")).unwrap();
    assert!(toml.contains("text = \"Hameçonnage\""));
    assert!(ok(&["translate", "status", p(&folder)]).contains("256 translated, 0 stale"));
}

#[test]
fn refused_files_change_nothing() {
    let dir = TempDir::new().unwrap();
    let file = course_file(&dir);
    let xlf = dir.path().join("p.fr.xlf");
    ok(&[
        "translate",
        "export",
        p(&file),
        "--lang",
        "fr",
        "-o",
        p(&xlf),
    ]);
    let good = with_targets(&std::fs::read_to_string(&xlf).unwrap(), |s| s.to_owned());
    let bytes = std::fs::read(&file).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 3].to_owned(), "cut short"),
        (good[..good.len() - 20].to_owned(), "cut short"),
        (
            good.replace("trellis-course:phishing-awareness", "trellis-course:other"),
            "another course (other)",
        ),
        (
            good.replacen("<target>", "<target><ph id=\"99\"/>", 1),
            "inline code 99",
        ),
        (
            format!("<!DOCTYPE x [<!ENTITY a \"b\">]>{good}"),
            "document type",
        ),
    ];
    for (n, (xml, expect)) in cases.iter().enumerate() {
        let bad = dir.path().join(format!("bad-{n}.xlf"));
        std::fs::write(&bad, xml).unwrap();
        let err = fails(&["translate", "import", p(&file), p(&bad)], 3);
        assert!(err.contains(expect), "{expect}: {err}");
        assert!(err.contains("the course is unchanged"), "{err}");
        assert!(err.contains(&format!("bad-{n}.xlf:")), "file:line: {err}");
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "{expect}");
    }
    // A 100 MB file is refused before it is read.
    let big = dir.path().join("big.xlf");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let err = fails(&["translate", "import", p(&file), p(&big)], 3);
    assert!(err.contains("refused above 67 MB"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    // An export never replaces a translator's file unless asked.
    let err = fails(
        &[
            "translate",
            "export",
            p(&file),
            "--lang",
            "fr",
            "-o",
            p(&xlf),
        ],
        3,
    );
    assert!(err.contains("already exists"), "{err}");
    let err = fails(
        &[
            "translate",
            "export",
            p(&file),
            "--lang",
            "en-GB",
            "-o",
            p(&dir.path().join("x.xlf")),
        ],
        3,
    );
    assert!(err.contains("the course's own language"), "{err}");
}

#[test]
fn pseudo_localisation_fills_a_language_and_publishes() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("course");
    copy_tree(&example(), &folder);
    let out = ok(&["translate", "pseudo", p(&folder)]);
    assert!(
        out.contains("Filled qps with pseudo-translation of 256 units"),
        "{out}"
    );
    let err = fails(&["translate", "pseudo", p(&folder)], 3);
    assert!(err.contains("add --force"), "{err}");
    let site = dir.path().join("site");
    ok(&[
        "publish",
        p(&folder),
        "--target",
        "web",
        "--lang",
        "qps",
        "--folder",
        "-o",
        p(&site),
    ]);
    let html = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        html.contains("[Phîshîñg áwáréñéss för öffîçé stáff ~"),
        "{}",
        &html[..600]
    );
}
