//! Review comments in the text format: `comments/<id>.toml` round trips
//! (awkward text included), located problems, and export replacing stale
//! comment files.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use trellis_model::sample::demo_course;
use trellis_model::{
    BlockId, Comment, CommentId, CommentStatus, CommentTarget, Course, ItemId, Reply,
};
use trellis_text::{export_dir, export_files, import_dir, import_files};

fn comment(course: &Course, n: u32) -> Comment {
    let (lesson, block) = course.blocks().nth(n as usize % 3).unwrap();
    Comment {
        id: CommentId::new(format!("c-{n:04}")).unwrap(),
        target: CommentTarget {
            lesson: lesson.id.clone(),
            block: Some(block.id.clone()),
            item: None,
            part: None,
        },
        reviewer: "Dana".into(),
        text: format!("Comment {n}"),
        quote: String::new(),
        block_version: block.fingerprint(),
        created: format!("2026-11-28T15:{:02}:00Z", n % 60),
        status: CommentStatus::Open,
        replies: Vec::new(),
    }
}

/// The demo course with its assets, as files, plus `comments`.
fn folder(course: &Course, comments: &[Comment]) -> BTreeMap<String, Vec<u8>> {
    let mut course = course.clone();
    let assets = common::attach_assets(
        &mut course,
        &BTreeMap::from([("images/diagram.png".to_owned(), common::png(3, 2))]),
    );
    let mut files = export_files(&course, comments);
    files.extend(assets);
    files
}

fn problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    match import_files(files) {
        Ok(_) => panic!("import should fail"),
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn comments_round_trip_one_file_each() {
    let course = demo_course();
    let mut full = comment(&course, 2);
    full.target.item = Some(ItemId::new("choice-1").unwrap());
    full.target.part = Some("choice-feedback".into());
    full.text = "<script>alert(1)</script>\nSecond line with \"\"\" and '''\r\n".into();
    full.quote = "The quoted\ttext".into();
    full.status = CommentStatus::Resolved;
    full.replies = vec![Reply {
        author: "Author".into(),
        text: "Done.\nThanks".into(),
        created: "2026-11-29T08:00:00.250Z".into(),
    }];
    let mut lesson_only = comment(&course, 1);
    lesson_only.target.block = None;
    lesson_only.block_version.clear();
    let comments = vec![lesson_only, full.clone(), comment(&course, 3)];

    let files = folder(&course, &comments);
    let names: Vec<&str> = files
        .keys()
        .filter(|k| k.starts_with("comments/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        names,
        [
            "comments/c-0001.toml",
            "comments/c-0002.toml",
            "comments/c-0003.toml"
        ]
    );
    let written = String::from_utf8(files["comments/c-0002.toml"].clone()).unwrap();
    assert!(
        written.starts_with("id = \"c-0002\"\nlesson = "),
        "{written}"
    );
    assert!(written.contains("\nstatus = \"resolved\"\n"), "{written}");
    assert!(
        written.contains("\n[[replies]]\nauthor = \"Author\"\n"),
        "{written}"
    );

    let imported = import_files(&files).unwrap();
    assert_eq!(imported.comments, comments);
    assert_eq!(
        export_files(&imported.course, &imported.comments),
        export_files(&imported.course, &comments),
    );
    // Comments never change the course.
    assert_eq!(
        import_files(&folder(&course, &[])).unwrap().course,
        imported.course
    );
}

#[test]
fn a_bad_comment_file_is_reported_at_its_place() {
    let course = demo_course();
    let c = comment(&course, 1);
    let mut files = folder(&course, std::slice::from_ref(&c));
    let path = "comments/c-0001.toml";
    let good = String::from_utf8(files[path].clone()).unwrap();
    let line_of = |text: &str, key: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{key} = ")))
            .unwrap()
            + 1
    };

    let bad_time = good.replace("2026-11-28T15:01:00Z", "last Tuesday");
    files.insert(path.into(), bad_time.clone().into_bytes());
    let found = problems(&files);
    let expected = format!(
        "{path}:{}:11: `last Tuesday` is not a UTC time like 2026-11-28T15:04:05Z",
        line_of(&bad_time, "created")
    );
    assert_eq!(found, [expected]);

    let renamed = good.replace("id = \"c-0001\"", "id = \"c-9999\"");
    files.insert(path.into(), renamed.into_bytes());
    let found = problems(&files);
    assert!(
        found[0].starts_with(&format!(
            "{path}:1:6: the comment id `c-9999` does not match the file name"
        )),
        "{found:?}"
    );

    let unknown_part = good.replace("reviewer = ", "part = \"feedback\"\nreviewer = ");
    files.insert(path.into(), unknown_part.clone().into_bytes());
    let found = problems(&files);
    assert_eq!(
        found,
        [format!(
            "{path}:{}:8: `feedback` is not a part name",
            line_of(&unknown_part, "part")
        )]
    );

    let unknown_key = format!("{good}colour = \"red\"\n");
    files.insert(path.into(), unknown_key.into_bytes());
    let found = problems(&files);
    assert!(found[0].starts_with(&format!("{path}:")), "{found:?}");
    assert!(found[0].contains("unknown field `colour`"), "{found:?}");

    let bad_status = good.replace("status = \"open\"", "status = \"done\"");
    files.insert(path.into(), bad_status.into_bytes());
    assert!(problems(&files)[0].contains("unknown variant `done`"));

    files.insert(path.into(), good.into_bytes());
    files.insert("comments/notes.txt".into(), b"hello".to_vec());
    assert_eq!(
        problems(&files),
        [
            "comments/notes.txt: unexpected file in comments/; expected only comment files named comments/<comment-id>.toml"
        ]
    );
}

#[test]
fn export_dir_writes_and_replaces_comments() {
    let course = demo_course();
    let mut with_assets = course.clone();
    let png = common::png(3, 2);
    common::attach_assets(
        &mut with_assets,
        &BTreeMap::from([("images/diagram.png".to_owned(), png.clone())]),
    );
    let get = |_: &trellis_model::AssetInfo| Ok(png.clone());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("course");

    // No comments: no comments/ folder.
    export_dir(&with_assets, &[], &get, &out).unwrap();
    assert!(!out.join("comments").exists());

    let comments = vec![comment(&course, 1), comment(&course, 2)];
    export_dir(&with_assets, &comments, &get, &out).unwrap();
    let imported = import_dir(&out).unwrap();
    assert_eq!(imported.comments, comments);
    assert_eq!(imported.course, with_assets);

    // A later export with one comment fewer removes the stale file.
    export_dir(&with_assets, &comments[1..], &get, &out).unwrap();
    assert!(!out.join("comments/c-0001.toml").exists());
    assert_eq!(import_dir(&out).unwrap().comments, &comments[1..]);
    export_dir(&with_assets, &[], &get, &out).unwrap();
    assert!(!out.join("comments").exists());
}

fn awkward() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\"",
        "\"\"\"",
        "'''",
        "\\",
        "<script>",
        "é",
        "😀",
        "[[replies]]",
        "x = 1",
        "#",
        "\u{0}",
        "\u{7f}",
        "\u{200b}",
    ]);
    prop_oneof![
        3 => prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any comment text, quote, name and reply survives export and import,
    /// and exporting again gives the same bytes.
    #[test]
    fn any_comment_text_round_trips(
        text in awkward(),
        quote in awkward(),
        name in awkward(),
        reply in awkward(),
        part in prop::sample::select(trellis_model::COMMENT_PARTS.to_vec()),
    ) {
        let course = demo_course();
        let mut c = comment(&course, 5);
        c.text = format!("{text}.");
        c.quote = quote;
        c.reviewer = format!("R{name}");
        c.target.part = Some(part.0.to_owned());
        if part.1 {
            c.target.item = Some(ItemId::new("i1").unwrap());
        }
        c.replies.push(Reply { author: "A".into(), text: format!("{reply}!"), created: "2026-01-01T00:00:00Z".into() });
        prop_assume!(c.validate().is_ok());
        let files = folder(&course, std::slice::from_ref(&c));
        let imported = import_files(&files).unwrap();
        prop_assert_eq!(&imported.comments, &vec![c.clone()]);
        prop_assert_eq!(
            export_files(&imported.course, &imported.comments),
            export_files(&imported.course, &[c])
        );
    }
}

#[test]
fn block_ids_in_comments_need_not_exist() {
    // A comment on a block deleted since is kept, not refused.
    let course = demo_course();
    let mut c = comment(&course, 1);
    c.target.block = Some(BlockId::new("b-gone").unwrap());
    let imported = import_files(&folder(&course, std::slice::from_ref(&c))).unwrap();
    assert_eq!(imported.comments, [c]);
}
