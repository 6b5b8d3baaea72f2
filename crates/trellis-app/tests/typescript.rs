//! The TypeScript types of the app API (`ui/src/lib/generated/`) are made
//! from the Rust types with ts-rs. This test makes them again and fails
//! when the checked-in files differ, naming the files: a Rust type changed
//! without the UI's types following. To write them:
//!
//! ```sh
//! TRELLIS_WRITE_TYPES=1 cargo test -p trellis-app --test typescript
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use trellis_app::{
    About, AppError, AssetEntry, CHANGES_COURSE, CheckReport, Command, CommentChange, CommentList,
    EDITS_COURSE, ExportResult, Place, PreviewUpdate, PublishResult, RESULT_TYPES, Recent,
    ReviewImport, Snapshot, TemplateInfo,
};
use ts_rs::{Config, TS};

fn generated_dir() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../ui/src/lib/generated")
}

/// Every file of the generated folder, by name.
fn generate() -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::new()
        .with_out_dir(dir.path())
        .with_large_int("number");
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all(&cfg).unwrap(); )* };
    }
    export!(
        Command,
        trellis_app::DownloadCommand,
        AppError,
        Snapshot<'static>,
        trellis_app::delta::Place,
        trellis_model::Edit,
        trellis_model::Course,
        trellis_app::blueprints::BlueprintInfo,
        TemplateInfo,
        Recent,
        About,
        AssetEntry,
        CheckReport<'static>,
        PublishResult,
        ExportResult,
        Place,
        PreviewUpdate,
        CommentList<'static>,
        CommentChange<'static>,
        ReviewImport,
        trellis_app::ImportReport,
        trellis_app::TranslationStatus,
        trellis_app::TranslationUnits,
        trellis_app::TranslationSet,
        trellis_app::JobAidView,
        trellis_app::JobAidPublished,
        trellis_app::ResultsAnswer,
        trellis_app::ResultsPullStatus,
        trellis_app::ResultsImported,
        trellis_model::Lesson,
    );
    let mut files = BTreeMap::new();
    read_tree(dir.path(), dir.path(), &mut files);
    let types: Vec<String> = files
        .keys()
        .map(|n| n.trim_end_matches(".ts").to_owned())
        .collect();
    let mut index = String::from(HEADER);
    for t in &types {
        let name = t.rsplit('/').next().unwrap_or(t);
        index.push_str(&format!("export type {{ {name} }} from './{t}';\n"));
    }
    index.push_str("export * from './commands';\n");
    files.insert("index.ts".into(), index);
    files.insert("commands.ts".into(), commands(&types));
    files
}

/// The files under `dir`, by path relative to `root` (`/`-separated).
fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, files);
            continue;
        }
        let name = path.strip_prefix(root).unwrap().components();
        let name: Vec<String> = name
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.insert(name.join("/"), std::fs::read_to_string(&path).unwrap());
    }
}

const HEADER: &str = "// Made from the Rust types by crates/trellis-app/tests/typescript.rs;\n\
                      // do not edit (TRELLIS_WRITE_TYPES=1 cargo test -p trellis-app --test typescript).\n\n";

/// `commands.ts`: what each command answers, and which commands change the
/// course, from [`RESULT_TYPES`], [`CHANGES_COURSE`] and [`EDITS_COURSE`].
fn commands(types: &[String]) -> String {
    let mut out = String::from(HEADER);
    let used: Vec<&String> = types
        .iter()
        .filter(|t| {
            RESULT_TYPES.iter().any(|(_, r)| mentions(r, t))
                || ["Changes", "SnapshotShape", "CourseView", "Command"].contains(&t.as_str())
        })
        .collect();
    out.push_str(&format!(
        "import type {{ {} }} from './index';\n\n",
        used.iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(
        "/** The state the UI draws from, whole: from opening a course and `snapshot`. */\n\
         export type Snapshot = Omit<SnapshotShape, 'course' | 'base' | 'changes'> & { course: CourseView };\n\n\
         /** The answer of a command that changes the course: the snapshot's fields\n *  without `course`, and the changes from revision `base` to `revision`. */\n\
         export type Delta = Omit<SnapshotShape, 'course' | 'base' | 'changes'> & { base: number; changes: Changes };\n\n\
         /** A command's name (`cmd`). */\nexport type CommandName = Command['cmd'];\n\n\
         /** What each command answers. */\nexport interface CommandResults {\n",
    );
    for (name, result) in RESULT_TYPES {
        out.push_str(&format!("  {name}: {result};\n"));
    }
    out.push_str("}\n\n");
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "/** The commands that may change the course or which course is open. */\n\
         export const CHANGES_COURSE: ReadonlySet<CommandName> = new Set<CommandName>([{}]);\n\n\
         /** The commands that edit the open course, each one undo step. */\n\
         export const EDITS_COURSE: ReadonlySet<CommandName> = new Set<CommandName>([{}]);\n",
        list(CHANGES_COURSE),
        list(EDITS_COURSE)
    ));
    out
}

/// Whether the TypeScript `text` names the type `name`.
fn mentions(text: &str, name: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| w == name)
}

#[test]
fn the_ui_types_are_made_from_the_rust_types() {
    let files = generate();
    let dir = generated_dir();
    if std::env::var_os("TRELLIS_WRITE_TYPES").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(found) if &found == text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let mut found = BTreeMap::new();
    if dir.is_dir() {
        read_tree(&dir, &dir, &mut found);
    }
    for name in found.keys() {
        if !files.contains_key(name) {
            stale.push(format!("{name} is not made from any Rust type"));
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/lib/generated does not match the Rust types ({}); run \
         TRELLIS_WRITE_TYPES=1 cargo test -p trellis-app --test typescript",
        stale.join(", ")
    );
}

/// Every command has its answer's type, and the lists of commands that
/// change the course name only commands.
#[test]
fn every_command_has_a_result_type() {
    let decl = Command::decl(&Config::new());
    let names: Vec<&str> = decl
        .split("\"cmd\": \"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert!(names.len() > 20, "{decl}");
    let missing: Vec<&&str> = names
        .iter()
        .filter(|n| !RESULT_TYPES.iter().any(|(r, _)| r == *n))
        .collect();
    assert!(
        missing.is_empty(),
        "commands without a result type: {missing:?}"
    );
    for listed in RESULT_TYPES
        .iter()
        .map(|(n, _)| n)
        .chain(CHANGES_COURSE)
        .chain(EDITS_COURSE)
    {
        assert!(names.contains(listed), "`{listed}` is no command");
    }
    for n in EDITS_COURSE {
        assert!(
            CHANGES_COURSE.contains(n),
            "`{n}` edits but is not a change"
        );
    }
    // `Command::name` is the serde tag, for every command: one of each,
    // read from its JSON (required fields only); a command missing here
    // fails below by name.
    let samples = [
        r#"{"cmd":"blueprints"}"#,
        r#"{"cmd":"templates"}"#,
        r#"{"cmd":"recent"}"#,
        r#"{"cmd":"about"}"#,
        r#"{"cmd":"new_course","blueprint":"blank"}"#,
        r#"{"cmd":"open_course","path":"c.trellis"}"#,
        r#"{"cmd":"import_folder","folder":"f"}"#,
        r#"{"cmd":"import_document","document":"d.docx"}"#,
        r#"{"cmd":"import_document_into","document":"d.docx"}"#,
        r#"{"cmd":"snapshot"}"#,
        r#"{"cmd":"lessons","ids":["l"]}"#,
        r#"{"cmd":"apply","edit":{"op":"rename-module","id":"m","title":"M"}}"#,
        r#"{"cmd":"undo"}"#,
        r#"{"cmd":"redo"}"#,
        r#"{"cmd":"duplicate","kind":"block","id":"b"}"#,
        r#"{"cmd":"new_block","lesson":"l","index":0,"kind":"text"}"#,
        r#"{"cmd":"import_asset"}"#,
        r#"{"cmd":"assets"}"#,
        r#"{"cmd":"check"}"#,
        r#"{"cmd":"job_aid"}"#,
        r#"{"cmd":"publish","target":"web","path":"p.zip"}"#,
        r#"{"cmd":"export","path":"e"}"#,
        r#"{"cmd":"default_path","kind":"package"}"#,
        r#"{"cmd":"reveal","path":"x"}"#,
        r#"{"cmd":"close"}"#,
        r#"{"cmd":"preview_update","from":1}"#,
        r#"{"cmd":"changes","from":1}"#,
        r#"{"cmd":"comments"}"#,
        r#"{"cmd":"results"}"#,
        r#"{"cmd":"results_pull","address":"http://127.0.0.1/"}"#,
        r#"{"cmd":"results_pull_status"}"#,
        r#"{"cmd":"import_results"}"#,
        r#"{"cmd":"import_review"}"#,
        r#"{"cmd":"reply_comment","id":"c1","author":"A","text":"T"}"#,
        r#"{"cmd":"resolve_comment","id":"c1"}"#,
        r#"{"cmd":"reopen_comment","id":"c1"}"#,
        r#"{"cmd":"translations"}"#,
        r#"{"cmd":"translation_units","language":"fr"}"#,
        r#"{"cmd":"set_translation","language":"fr","id":"u","text":"T"}"#,
    ];
    let mut covered = Vec::new();
    for sample in samples {
        let cmd: Command = serde_json::from_str(sample).unwrap_or_else(|e| panic!("{sample}: {e}"));
        let json = serde_json::to_value(&cmd).unwrap();
        assert_eq!(json["cmd"], cmd.name(), "{sample}");
        let back: Command = serde_json::from_value(json).unwrap();
        assert_eq!(back, cmd, "{sample}: the command reads back");
        covered.push(cmd.name());
    }
    let uncovered: Vec<&&str> = names.iter().filter(|n| !covered.contains(n)).collect();
    assert!(
        uncovered.is_empty(),
        "commands without a sample here (add one): {uncovered:?}"
    );
    assert_eq!(covered.len(), names.len(), "one sample per command");
}
