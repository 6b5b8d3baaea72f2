//! Units, XLIFF round trips and refusals, on the demo course (every block
//! and question kind) and generated Markdown.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::Value;
use trellis_model::sample::demo_course;
use trellis_model::{BlockContent, Course, Translation};
use trellis_translate::import::{Outcome, import};
use trellis_translate::markup::{join, segment};
use trellis_translate::testing::with_targets;
use trellis_translate::xliff::{Version, export};
use trellis_translate::{UnitState, pseudo, status, translated_course, unit_state, units, walk};

/// The text of a line of XML, without its tags.
fn text_of(line: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn fr() -> Translation {
    Translation::new("fr")
}

/// Every string of the course that is not an id, a reference, a name of a
/// kind or a setting is text a learner reads, and the walk must visit it.
#[test]
fn every_text_field_of_the_model_is_a_unit() {
    const NOT_TEXT: &[&str] = &[
        "id",
        "kind",
        "type",
        "slot",
        "asset",
        "url",
        "captions",
        "poster",
        "layout",
        "style",
        "template",
        "language",
        "version",
        "completion",
        "reporting",
        "primary_color",
        "background_color",
        "text_color",
        "body_font",
        "heading_font",
        "logo",
        "bloom",
        "start",
        "next",
        "objectives",
        "placeholders",
        "authors",
        "media_type",
        "sha256",
        "name",
    ];
    fn mark(
        v: &mut Value,
        key: &str,
        n: &mut usize,
        marks: &mut Vec<(String, String)>,
        path: &str,
    ) {
        match v {
            Value::String(s) if !NOT_TEXT.contains(&key) => {
                *n += 1;
                *s = format!("Marker{n}");
                marks.push((s.clone(), path.to_owned()));
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    mark(item, key, n, marks, &format!("{path}[{i}]"));
                }
            }
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    mark(item, k, n, marks, &format!("{path}.{k}"));
                }
            }
            _ => {}
        }
    }
    let mut json = serde_json::to_value(demo_course()).unwrap();
    let (mut n, mut marks) = (0, Vec::new());
    mark(&mut json, "", &mut n, &mut marks, "course");
    let course: Course = serde_json::from_value(json).unwrap();
    let walked: BTreeSet<String> = units(&course).into_iter().map(|u| u.source).collect();
    let missed: Vec<&String> = marks
        .iter()
        .filter(|(m, _)| !walked.contains(m))
        .map(|(_, path)| path)
        .collect();
    assert!(n > 60, "the demo course has text in every kind ({n})");
    assert!(missed.is_empty(), "text fields no unit covers: {missed:?}");
}

/// A block's units are the text fields the editor and placeholder marks
/// know, with the same paths.
#[test]
fn block_units_use_the_models_field_paths() {
    let course = demo_course();
    for (_, block) in course.blocks() {
        let model: Vec<String> = block
            .text_fields()
            .into_iter()
            .map(|f| format!("{}.{}", block.id, f.path))
            .collect();
        let mut one = course.clone();
        one.modules = vec![];
        let mut lesson = course.modules[0].lessons[0].clone();
        lesson.blocks = vec![block.clone()];
        let mut m = course.modules[0].clone();
        m.lessons = vec![lesson];
        one.modules.push(m);
        let mut ours = Vec::new();
        walk(&mut one, |f, _| {
            if f.id.starts_with(&format!("{}.", block.id)) {
                ours.push(f.id)
            }
        });
        assert_eq!(ours, model, "block {} ({})", block.id, block.content.kind());
    }
}

#[test]
fn hashes_without_contexts_are_the_same_units() {
    let course = demo_course();
    let full = units(&course);
    let bare = trellis_translate::unit_hashes(&course);
    assert_eq!(full.len(), bare.len());
    for (a, b) in full.iter().zip(&bare) {
        assert_eq!((&a.field.id, &a.hash), (&b.field.id, &b.hash));
        assert!(b.source.is_empty() && !a.source.is_empty());
        assert!(b.field.context.is_empty() && !a.field.context.is_empty());
    }
}

/// The parts the course file hashes as it writes them cover every unit
/// exactly once, with the same ids and hashes as the walk of the course.
#[test]
fn parts_give_every_unit_once() {
    use trellis_translate::Part;
    let course = demo_course();
    let mut parts = trellis_translate::part_hashes(Part::Head(&course));
    for m in &course.modules {
        parts.extend(trellis_translate::part_hashes(Part::Module(m)));
        for l in &m.lessons {
            parts.extend(trellis_translate::part_hashes(Part::Lesson(l)));
            for b in &l.blocks {
                parts.extend(trellis_translate::part_hashes(Part::Block(b)));
            }
        }
    }
    let walked: Vec<(String, String)> = trellis_translate::unit_hashes(&course)
        .into_iter()
        .map(|u| (u.field.id, u.hash))
        .collect();
    assert_eq!(parts, walked);
}

/// Course files keep the source hashes the walk gave when they were
/// written, tagged with [`trellis_translate::WALK_VERSION`]. This pins the
/// walk of the demo course to that version: when the walk changes which
/// fields are units or how their ids are spelled, raise the version (so
/// stored hashes from the old walk are no longer used) and update the
/// digest here. When only the demo course changed, update the digest alone.
#[test]
fn the_walk_is_pinned_to_its_version() {
    let ids: Vec<String> = units(&demo_course())
        .into_iter()
        .map(|u| u.field.id)
        .collect();
    let digest = trellis_translate::source_hash(&ids.join("\n"));
    assert_eq!(
        (trellis_translate::WALK_VERSION, digest.as_str()),
        (1, "5b69016d96f170f4"),
        "the walk of the demo course changed: see this test's comment"
    );
}

#[test]
fn unit_ids_are_unique_and_stable() {
    let course = demo_course();
    let a: Vec<String> = units(&course).into_iter().map(|u| u.field.id).collect();
    let set: BTreeSet<&String> = a.iter().collect();
    assert_eq!(set.len(), a.len());
    let b: Vec<String> = units(&course.clone())
        .into_iter()
        .map(|u| u.field.id)
        .collect();
    assert_eq!(a, b);
}

fn round_trip(version: Version) {
    let course = demo_course();
    let (xml, summary) = export(&course, &fr(), version, false).unwrap();
    assert_eq!(summary.units, units(&course).len());
    assert!(
        xml.lines()
            .filter(|l| l.starts_with("<source"))
            .all(|l| !text_of(l).contains("**") && !text_of(l).contains("](")),
        "no raw Markdown in the text: bold is a code"
    );
    let filled = with_targets(&xml, |s| s.to_owned());
    let imported = import(&course, None, &filled).unwrap();
    assert_eq!(imported.count(Outcome::New), summary.units);
    for u in units(&course) {
        assert_eq!(
            imported.translation.units[&u.field.id].text, u.source,
            "{}",
            u.field.id
        );
        assert_eq!(unit_state(&u, &imported.translation), UnitState::Translated);
    }
    let (same, missing) = translated_course(&course, &imported.translation);
    assert!(missing.is_empty());
    let mut expected = course.clone();
    expected.info.language = "fr".into();
    assert_eq!(same, expected);
    // Importing the same file again changes nothing.
    let again = import(&course, Some(&imported.translation), &filled).unwrap();
    assert_eq!(again.count(Outcome::Unchanged), summary.units);
    assert!(!again.changes());
    assert_eq!(again.translation, imported.translation);
}

#[test]
fn xliff_2_round_trip_gives_back_every_source() {
    round_trip(Version::V2_0);
}

#[test]
fn xliff_1_2_round_trip_gives_back_every_source() {
    round_trip(Version::V1_2);
}

#[test]
fn inline_markdown_becomes_codes() {
    let mut course = demo_course();
    course.modules[0].lessons[0].blocks[0].content = BlockContent::Text {
        markdown: "Never **click** a [link](https://x.test) in `mail`.\n\n- one\n- *two*".into(),
    };
    let id = format!("{}.markdown", course.modules[0].lessons[0].blocks[0].id);
    let (x2, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    let unit2 = &x2[x2.find(&format!("<unit id=\"{id}\">")).unwrap()..];
    let unit2 = &unit2[..unit2.find("</unit>").unwrap()];
    assert!(unit2.contains("Never <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d1e\" type=\"fmt\" subType=\"xlf:b\">click</pc>"), "{unit2}");
    assert!(unit2.contains("type=\"link\">link</pc>"), "{unit2}");
    assert!(unit2.contains("<ph id="), "{unit2}");
    assert!(unit2.contains("<data id=\"d1\">**</data>"), "{unit2}");
    let source = unit2.lines().find(|l| l.starts_with("<source")).unwrap();
    assert!(
        !text_of(source).contains('`'),
        "inline code is a placeholder: {source}"
    );
    let (x1, _) = export(&course, &fr(), Version::V1_2, false).unwrap();
    let unit1 = &x1[x1.find(&format!("<trans-unit id=\"{id}\"")).unwrap()..];
    let unit1 = &unit1[..unit1.find("</trans-unit>").unwrap()];
    assert!(
        unit1.contains(
            "<g id=\"1\" ctype=\"bold\" trellis:open=\"**\" trellis:close=\"**\">click</g>"
        ),
        "{unit1}"
    );
    assert!(unit1.contains("<x id="), "{unit1}");
}

#[test]
fn notes_give_context_and_limits() {
    let course = demo_course();
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    assert!(
        x.contains("<note category=\"location\">Module 1 “Basics” › Lesson 1"),
        "{}",
        &x[..2000]
    );
    assert!(x.contains("<note category=\"limit\">At most 200 characters"));
    assert!(x.contains("<note category=\"purpose\">Alternative text"));
    let (x, _) = export(&course, &fr(), Version::V1_2, false).unwrap();
    assert!(x.contains("maxwidth=\"200\" size-unit=\"char\""));
}

#[test]
fn changed_only_exports_new_and_stale_units() {
    let mut course = demo_course();
    let t = pseudo(&course, "fr");
    let (_, s) = export(&course, &t, Version::V2_0, true).unwrap();
    assert_eq!((s.units, s.skipped), (0, units(&course).len()));
    course.modules[0].title = "Basics, revised".into();
    course.objectives[0].statement = "A new statement.".into();
    let (x, s) = export(&course, &t, Version::V2_0, true).unwrap();
    assert_eq!(s.units, 2);
    assert!(x.contains("<unit id=\"m-basics.title\">"));
    assert!(x.contains("Previous translation: [Básîçs ~~~]"), "{x}");
}

#[test]
fn source_edits_mark_exactly_those_units_stale() {
    for seed in 0..20u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let course = demo_course();
        let t = pseudo(&course, "qps");
        let mut edited = course.clone();
        let mut changed = BTreeSet::new();
        walk(&mut edited, |f, text| {
            if !text.trim().is_empty() && rng.u8(..) < 40 {
                text.push_str(" (edited)");
                changed.insert(f.id);
            }
        });
        let now = units(&edited);
        let stale: BTreeSet<String> = now
            .iter()
            .filter(|u| unit_state(u, &t) == UnitState::Stale)
            .map(|u| u.field.id.clone())
            .collect();
        assert_eq!(stale, changed, "seed {seed}");
        let s = status(&now, &t);
        assert_eq!((s.stale, s.missing, s.orphaned), (changed.len(), 0, 0));
    }
}

#[test]
fn pseudo_translation_is_longer_accented_and_keeps_markdown() {
    let course = demo_course();
    let t = pseudo(&course, "qps");
    for u in units(&course) {
        let p = &t.units[&u.field.id].text;
        assert!(p.chars().count() > u.source.chars().count(), "{p}");
        if u.field.syntax == trellis_translate::Syntax::Markdown {
            let a: Vec<String> = segment(&u.source).into_iter().filter_map(code).collect();
            let b: Vec<String> = segment(p).into_iter().filter_map(code).collect();
            assert_eq!(a, b, "{p}");
        }
    }
    fn code(p: trellis_translate::markup::Piece) -> Option<String> {
        use trellis_translate::markup::Piece;
        match p {
            Piece::Text(_) => None,
            Piece::Ph { data, .. } | Piece::Open { data, .. } | Piece::Close { data, .. } => {
                Some(data)
            }
        }
    }
    assert!(t.units.values().any(|u| u.text.contains('é')));
}

/// A prefilled target (a copy of the source, marked new) a tool left alone
/// is not a translation; one it changed is.
#[test]
fn prefilled_targets_count_only_once_translated() {
    use trellis_translate::xliff::{ExportOptions, export_with};
    let course = demo_course();
    for version in [Version::V1_2, Version::V2_0] {
        let options = ExportOptions {
            version,
            changed_only: false,
            prefill: true,
        };
        let (x, _) = export_with(&course, &fr(), &options).unwrap();
        let untouched = import(&course, None, &x).unwrap();
        assert_eq!(untouched.count(Outcome::Untranslated), units(&course).len());
        let one = x.replacen(
            ">Demo course</target>",
            ">Cours de démonstration</target>",
            1,
        );
        assert_ne!(one, x);
        let done = import(&course, None, &one).unwrap();
        assert_eq!(done.count(Outcome::New), 1, "{version:?}");
        assert_eq!(
            done.translation.units["demo.title"].text,
            "Cours de démonstration"
        );
    }
}

// ------------------------------------------------------------ refusals

fn exported() -> (Course, String) {
    let course = demo_course();
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    (course, x)
}

fn refused(course: &Course, xml: &str) -> String {
    import(course, None, xml).unwrap_err().to_string()
}

#[test]
fn a_truncated_file_is_refused_with_its_line() {
    let (course, x) = exported();
    let filled = with_targets(&x, |s| s.to_owned());
    let cut = &filled[..filled.len() / 2];
    let msg = refused(&course, cut);
    assert!(msg.contains("cut short") || msg.contains("broken"), "{msg}");
    assert!(msg.starts_with("line "), "{msg}");
}

#[test]
fn a_file_for_another_course_is_refused() {
    let (mut course, x) = exported();
    course.id = trellis_model::CourseId::new("other").unwrap();
    let msg = refused(&course, &with_targets(&x, |s| s.to_owned()));
    assert!(msg.contains("another course (demo)"), "{msg}");
}

#[test]
fn duplicate_units_are_refused() {
    let (course, x) = exported();
    let filled = with_targets(&x, |s| s.to_owned());
    let start = filled.find("<unit ").unwrap();
    let end = filled[start..].find("</unit>").unwrap() + start + "</unit>\n".len();
    let dup = format!("{}{}", &filled[..end], &filled[start..]);
    let msg = refused(&course, &dup);
    assert!(msg.contains("appears twice (first on line"), "{msg}");
}

#[test]
fn a_removed_inline_code_is_refused() {
    let mut course = demo_course();
    course.modules[0].lessons[0].blocks[0].content = BlockContent::Text {
        markdown: "Never **click** links.".into(),
    };
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    let filled = with_targets(&x, |s| {
        if s.contains("<pc") {
            "Ne cliquez jamais.".into()
        } else {
            s.to_owned()
        }
    });
    let msg = refused(&course, &filled);
    assert!(msg.contains("lacks inline code 1 (**…**)"), "{msg}");
}

#[test]
fn moved_inline_codes_are_kept_but_reordered_breaks_are_refused() {
    let mut course = demo_course();
    let block = course.modules[0].lessons[0].blocks[0].id.clone();
    course.modules[0].lessons[0].blocks[0].content = BlockContent::Text {
        markdown: "A **bold** and *it*.\n\nSecond.".into(),
    };
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    // Words and their formatting move together: fine.
    let moved = with_targets(&x, |s| {
        if s.contains("xlf:b") {
            s.replace(
                "A <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d1e\" type=\"fmt\" subType=\"xlf:b\">bold</pc> and <pc id=\"2\" dataRefStart=\"d2\" dataRefEnd=\"d2e\" type=\"fmt\" subType=\"xlf:i\">it</pc>.",
                "Un <pc id=\"2\">it</pc> et <pc id=\"1\">gras</pc>.",
            )
        } else {
            s.to_owned()
        }
    });
    let ok = import(&course, None, &moved).unwrap();
    assert_eq!(
        ok.translation.units[&format!("{block}.markdown")].text,
        "Un *it* et **gras**.\n\nSecond."
    );
    // A paragraph break moved before the text is refused.
    let broken = with_targets(&x, |s| {
        if let Some(i) = s.find("<ph id=\"3\"") {
            let end = s[i..].find("/>").unwrap() + i + 2;
            format!("{}{}{}", &s[i..end], &s[..i], &s[end..])
        } else {
            s.to_owned()
        }
    });
    assert_ne!(broken, with_targets(&x, |s| s.to_owned()));
    let msg = refused(&course, &broken);
    assert!(
        msg.contains("refused") || msg.contains("formatting") || msg.contains("order"),
        "{msg}"
    );
}

#[test]
fn a_target_that_would_add_markdown_is_escaped() {
    let mut course = demo_course();
    let block = course.modules[0].lessons[0].blocks[0].id.clone();
    course.modules[0].lessons[0].blocks[0].content = BlockContent::Text {
        markdown: "Use **care**.".into(),
    };
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    let filled = with_targets(&x, |s| {
        if s.contains("xlf:b") {
            s.replace("Use ", "Prenez *un* peu de [soin] ")
        } else {
            s.to_owned()
        }
    });
    let ok = import(&course, None, &filled).unwrap();
    let text = &ok.translation.units[&format!("{block}.markdown")].text;
    assert_eq!(text, r"Prenez \*un\* peu de \[soin\] **care**.");
    let report = ok
        .units
        .iter()
        .find(|u| u.id.starts_with(block.as_str()))
        .unwrap();
    assert!(report.repaired.as_deref().unwrap().contains("escaped"));
}

/// `**重要:**次` is not bold in CommonMark (a closing `**` after
/// punctuation must not touch a letter): the pair is written as HTML tags.
#[test]
fn emphasis_that_would_not_close_is_written_as_html() {
    let mut course = demo_course();
    let block = course.modules[0].lessons[0].blocks[0].id.clone();
    course.modules[0].lessons[0].blocks[0].content = BlockContent::Text {
        markdown: "**Important:** read this.".into(),
    };
    let (x, _) = export(&course, &fr(), Version::V2_0, false).unwrap();
    let filled = with_targets(&x, |s| {
        if s.contains("xlf:b") {
            s.replace(">Important:<", ">重要:<")
                .replace(" read this.", "次を読んでください。")
        } else {
            s.to_owned()
        }
    });
    let ok = import(&course, None, &filled).unwrap();
    let text = &ok.translation.units[&format!("{block}.markdown")].text;
    assert_eq!(text, "<strong>重要:</strong>次を読んでください。");
    let report = ok
        .units
        .iter()
        .find(|u| u.id.starts_with(block.as_str()))
        .unwrap();
    assert!(report.repaired.as_deref().unwrap().contains("HTML tags"));
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let (course, x) = exported();
    let mut big = x.clone();
    big.push_str(&format!("<!--{}-->", "x".repeat(100 * 1024 * 1024)));
    let msg = refused(&course, &big);
    assert!(msg.contains("refused above 67 MB"), "{msg}");
}

#[test]
fn an_entity_bomb_is_refused() {
    let (course, _) = exported();
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f" original="trellis-course:demo"><unit id="x"><segment><source>&c;</source></segment></unit></file></xliff>"#;
    let msg = refused(&course, bomb);
    assert!(
        msg.contains("line 2") && msg.contains("document type"),
        "{msg}"
    );
    let undeclared = r#"<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f" original="trellis-course:demo"><unit id="m-basics.title"><segment><source>Basics</source><target>&c;</target></segment></unit></file></xliff>"#;
    assert!(refused(&course, undeclared).contains("unknown entity `&c;`"));
}

#[test]
fn other_languages_and_versions_are_refused() {
    let (course, x) = exported();
    assert!(
        refused(&course, &x.replace("trgLang=\"fr\"", "trgLang=\"en\""))
            .contains("course's own language")
    );
    assert!(
        refused(&course, &x.replace("srcLang=\"en\"", "srcLang=\"de\""))
            .contains("translates from `de`")
    );
    assert!(
        refused(&course, &x.replace("version=\"2.0\"", "version=\"3.1\""))
            .contains("XLIFF version 3.1")
    );
    assert!(refused(&course, "<html/>").contains("not an XLIFF file"));
}

#[test]
fn orphaned_and_untranslated_units_are_reported() {
    let (mut course, x) = exported();
    let filled = with_targets(&x, |s| s.to_owned());
    course.objectives.remove(1);
    let ok = import(&course, None, &filled).unwrap();
    assert_eq!(ok.count(Outcome::Orphaned), 1);
    let ok = import(&course, None, &x).unwrap();
    assert_eq!(ok.count(Outcome::Untranslated), units(&course).len());
    assert!(ok.translation.units.is_empty());
}

#[test]
fn a_stale_file_never_replaces_a_current_translation() {
    let (course, x) = exported();
    let old = with_targets(&x, |s| format!("{s} (fr)"));
    let mut edited = course.clone();
    edited.modules[0].title = "Basics 2".into();
    let first = import(&edited, None, &old).unwrap();
    let r = first
        .units
        .iter()
        .find(|u| u.id == "m-basics.title")
        .unwrap();
    assert_eq!(r.outcome, Outcome::Stale);
    let (x2, _) = export(&edited, &first.translation, Version::V2_0, true).unwrap();
    let current = import(
        &edited,
        Some(&first.translation),
        &with_targets(&x2, |_| "Bases 2".into()),
    )
    .unwrap();
    assert_eq!(current.translation.units["m-basics.title"].text, "Bases 2");
    let again = import(&edited, Some(&current.translation), &old).unwrap();
    assert_eq!(again.translation.units["m-basics.title"].text, "Bases 2");
}

// ------------------------------------------------------------ properties

fn markdown() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        "[a-zA-Z ,.]{1,12}",
        Just("**".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("[".to_string()),
        Just("](http://x.test)".to_string()),
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n1. ".to_string()),
        Just("# ".to_string()),
        Just("  \n".to_string()),
        Just("\\".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("~~".to_string()),
        Just("![".to_string()),
        Just("\n```\n".to_string()),
        Just("> ".to_string()),
        Just("|".to_string()),
    ];
    prop::collection::vec(atom, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn segments_join_back(md in markdown()) {
        prop_assert_eq!(join(&segment(&md)), md);
    }

    /// Export, targets equal to the sources, import: every unit comes back
    /// exactly, in both versions.
    #[test]
    fn any_markdown_round_trips(md in markdown(), v12 in any::<bool>()) {
        prop_assume!(!md.trim().is_empty());
        let mut course = demo_course();
        let id = format!("{}.markdown", course.modules[0].lessons[0].blocks[0].id);
        course.modules[0].lessons[0].blocks[0].content = BlockContent::Text { markdown: md.clone() };
        let version = if v12 { Version::V1_2 } else { Version::V2_0 };
        let (x, _) = export(&course, &fr(), version, false).unwrap();
        let filled = with_targets(&x, |s| s.to_owned());
        let imported = import(&course, None, &filled).unwrap();
        prop_assert_eq!(&imported.translation.units[&id].text, &md);
        prop_assert!(imported.units.iter().all(|u| u.repaired.is_none()));
    }
}
