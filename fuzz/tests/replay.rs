//! Replays every seed under `corpus/<target>/` and every saved finding
//! under `regressions/<target>/` through the fuzz target's body, without
//! AFL: a crash once found stays fixed. `cargo xtask fuzz --replay` runs it.

#[test]
fn every_corpus_and_regression_input_passes() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let mut count = 0;
    let mut failed = Vec::new();
    for (name, target) in trellis_fuzz::TARGETS {
        for dir in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                {
                    continue;
                }
                let data = std::fs::read(&path).unwrap();
                eprintln!("{name}: {}", path.display());
                if std::panic::catch_unwind(|| target(&data)).is_err() {
                    failed.push(path.display().to_string());
                }
                count += 1;
            }
        }
    }
    assert!(count > 0, "no corpus found");
    assert!(
        failed.is_empty(),
        "these inputs fail:\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_markdown_oracle_catches_script() {
    for bad in [
        "<script>alert(1)</script>",
        "<p onclick=\"x\">x</p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<img src=\"data:text/html,x\">",
        "<iframe src=\"x\"></iframe>",
        "<p style=\"color: red\">x</p>",
    ] {
        assert!(
            trellis_fuzz::check_safe_html(bad, false).is_err(),
            "{bad:?} passed"
        );
    }
    for good in [
        "<p>Some <em>text</em> about javascript: and &lt;script&gt;.</p>",
        "<p><a href=\"https://example.org/a:b\" target=\"_blank\" rel=\"noopener noreferrer\">x</a></p>",
        "<p><a href=\"#x\">x</a> <a href=\"lessons/a.html\">y</a> <img src=\"images/a.png\" alt=\"&quot;\"></p>",
    ] {
        assert_eq!(
            trellis_fuzz::check_safe_html(good, false),
            Ok(()),
            "{good:?}"
        );
    }
}

/// Writes the `open_course` seeds: course files made from the minimal fuzz
/// course and the text-only blueprints. Run by hand after a schema change:
/// `cargo test --test replay -- --ignored write_open_course_seeds`.
#[test]
#[ignore]
fn write_open_course_seeds() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = root.join("corpus/open_course");
    std::fs::create_dir_all(&out).unwrap();
    for (name, bytes) in trellis_fuzz::seed_course_files(&root.join("../templates/blueprints")) {
        std::fs::write(out.join(name), bytes).unwrap();
    }
}

/// The text-import seeds are whole courses that import, so the fuzzer
/// starts from the round trip, not only from the error paths.
#[test]
fn text_import_seeds_are_courses() {
    let dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("corpus/text_import");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let files = trellis_fuzz::folder_from_bytes(&std::fs::read(&path).unwrap());
        if let Err(e) = trellis_text::import_files(&files) {
            panic!("{}: {e}", path.display());
        }
    }
}
