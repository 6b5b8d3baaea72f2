//! The player: a small, dependency-free JavaScript and CSS runtime,
//! assembled per course and target from the ES modules in `player/` into
//! one script, `trellis.js` (no bundler: see [`assemble`]).
//!
//! Only the modules the course's blocks and the target need are shipped:
//! one tracking adapter (plus the local-storage fallback), question code only
//! with questions, assessment code only with an assessment lesson, and so on.
//! Every JS module starts with a `/* trellis:module NAME */` line, then its
//! `import { … } from "./other.js";` lines; what it shares is
//! `export function` or `export const`. A module may import only from
//! modules shipped before it wherever it is shipped (a test assembles every
//! combination).

use trellis_model::{BlockContent, Course};

use crate::Target;
use crate::template::Templates;

/// Every JS module: name and source.
pub const JS_MODULES: &[(&str, &str)] = &[
    ("state", include_str!("../player/state.js")),
    ("pick-language", include_str!("../player/pick-language.js")),
    ("core", include_str!("../player/core.js")),
    ("tabs", include_str!("../player/tabs.js")),
    ("cards", include_str!("../player/cards.js")),
    ("graphic", include_str!("../player/graphic.js")),
    ("questions", include_str!("../player/questions.js")),
    ("assessment", include_str!("../player/assessment.js")),
    ("scenario", include_str!("../player/scenario.js")),
    ("languages", include_str!("../player/languages.js")),
    ("track-local", include_str!("../player/track-local.js")),
    ("track-scorm12", include_str!("../player/track-scorm12.js")),
    (
        "track-scorm2004",
        include_str!("../player/track-scorm2004.js"),
    ),
    ("xapi-common", include_str!("../player/xapi-common.js")),
    ("track-cmi5", include_str!("../player/track-cmi5.js")),
    ("track-xapi", include_str!("../player/track-xapi.js")),
    ("boot", include_str!("../player/boot.js")),
    ("preview", include_str!("../player/preview.js")),
    ("review", include_str!("../player/review.js")),
];

/// What a course holds that decides which modules ship.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub tabs: bool,
    pub cards: bool,
    pub graphic: bool,
    pub questions: bool,
    pub assessment: bool,
    pub scenario: bool,
    /// The package holds the course in several languages.
    pub languages: bool,
}

impl Needs {
    /// What `course` needs (one language).
    pub fn of(course: &Course) -> Self {
        let has = |f: fn(&BlockContent) -> bool| course.blocks().any(|(_, b)| f(&b.content));
        Needs {
            tabs: has(|c| matches!(c, BlockContent::Tabs { .. })),
            cards: has(|c| matches!(c, BlockContent::Flashcards { .. })),
            graphic: has(|c| matches!(c, BlockContent::LabelledGraphic { .. })),
            questions: has(|c| matches!(c, BlockContent::Question(_))),
            assessment: course.lessons().any(|l| l.assessment_settings().is_some()),
            scenario: has(|c| matches!(c, BlockContent::Scenario(_))),
            languages: false,
        }
    }

    /// Every combination, for the tests that assemble them all.
    pub fn all() -> impl Iterator<Item = Needs> {
        (0u8..128).map(|b| Needs {
            tabs: b & 1 != 0,
            cards: b & 2 != 0,
            graphic: b & 4 != 0,
            questions: b & 8 != 0,
            assessment: b & 16 != 0,
            scenario: b & 32 != 0,
            languages: b & 64 != 0,
        })
    }
}

/// The modules `course` needs for `target`, in load order.
pub fn modules_for(course: &Course, target: Target) -> (Vec<&'static str>, Vec<&'static str>) {
    modules_of(Needs::of(course), target)
}

/// The modules for what a course needs and `target`, in load order: JS,
/// then CSS.
pub fn modules_of(needs: Needs, target: Target) -> (Vec<&'static str>, Vec<&'static str>) {
    // The learner's language preference (cmi5), or the choice between the
    // languages of the package.
    let languages = needs.languages || target == Target::Cmi5;
    let mut js = vec!["state"];
    if languages {
        js.push("pick-language");
    }
    js.push("core");
    for (on, name) in [
        (needs.tabs, "tabs"),
        (needs.cards, "cards"),
        (needs.graphic, "graphic"),
        (needs.questions, "questions"),
        (needs.assessment, "assessment"),
        (needs.scenario, "scenario"),
        (languages, "languages"),
    ] {
        if on {
            js.push(name);
        }
    }
    js.push("track-local");
    match target {
        Target::Scorm12 => js.push("track-scorm12"),
        Target::Scorm2004 => js.push("track-scorm2004"),
        Target::Cmi5 => js.extend(["xapi-common", "track-cmi5"]),
        Target::Xapi => js.extend(["xapi-common", "track-xapi"]),
        Target::Web | Target::Preview | Target::Review => {}
    }
    js.push("boot");
    if target == Target::Preview {
        // The editor's in-place update of changed lessons.
        js.push("preview");
    }
    if target == Target::Review {
        // The reviewer's comments: only ever in review builds.
        js.push("review");
    }
    let mut css = vec!["base.css", "blocks.css"];
    if needs.questions || needs.assessment {
        css.push("questions.css");
    }
    if needs.scenario {
        css.push("scenario.css");
    }
    if target == Target::Review {
        css.push("review.css");
    }
    (js, css)
}

/// `trellis.js` for the course and target.
pub fn script(course: &Course, target: Target) -> String {
    script_of(modules_for(course, target).0)
}

/// `trellis.js` for a package holding the course in several languages:
/// with the language choice (`languages.js`).
pub fn script_in_languages(course: &Course, target: Target) -> String {
    let needs = Needs {
        languages: true,
        ..Needs::of(course)
    };
    script_of(modules_of(needs, target).0)
}

fn script_of(js: Vec<&'static str>) -> String {
    assemble(&js).unwrap_or_else(|e| panic!("the player's modules do not fit together: {e}"))
}

/// One ES module of `player/`, as the assembler reads it.
#[derive(Debug, Default)]
struct Module {
    /// `(module, exported name, local name)` for each imported name.
    imports: Vec<(String, String, String)>,
    /// The names it exports (`export function NAME` or `export const NAME`).
    exports: Vec<String>,
    /// The source with the `import` statements removed and `export`
    /// dropped from its declarations.
    body: String,
}

/// Reads module `name`: `import { a, b as c } from "./other.js";` (one
/// or more lines), `export function NAME` and `export const NAME = …` at
/// the start of a line (one name per `export const`: the assembler exports
/// the first). Any other `import` or `export` form is an error:
/// `export var`/`let` could be reassigned, which the scope-per-module
/// assembly (each importer holds the value it was given) would not follow.
fn parse(name: &str, src: &str) -> Result<Module, String> {
    let mut m = Module::default();
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("import ") {
            let mut stmt = rest.to_owned();
            while !stmt.trim_end().ends_with(';') {
                let more = lines
                    .next()
                    .ok_or_else(|| format!("{name}: an import statement does not end"))?;
                stmt.push(' ');
                stmt.push_str(more);
            }
            let (list, from) = stmt
                .trim()
                .strip_prefix('{')
                .and_then(|s| s.split_once('}'))
                .ok_or_else(|| format!("{name}: only `import {{ … }} from \"./x.js\";`"))?;
            let from = from
                .trim()
                .strip_prefix("from")
                .map(str::trim)
                .and_then(|f| f.strip_suffix(';'))
                .and_then(|f| f.strip_prefix("\"./"))
                .and_then(|f| f.strip_suffix(".js\""))
                .ok_or_else(|| format!("{name}: an import is not from \"./NAME.js\""))?;
            for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let (exported, local) = match item.split_once(" as ") {
                    Some((e, l)) => (e.trim(), l.trim()),
                    None => (item, item),
                };
                m.imports
                    .push((from.to_owned(), exported.to_owned(), local.to_owned()));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("export ") {
            let decl = rest
                .strip_prefix("function ")
                .or_else(|| rest.strip_prefix("const "))
                .ok_or_else(|| {
                    format!("{name}: only `export function` and `export const` are allowed: {line}")
                })?;
            let ident: String = decl
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if ident.is_empty() {
                return Err(format!("{name}: an export without a name: {line}"));
            }
            if m.exports.contains(&ident) {
                return Err(format!("{name}: `{ident}` is exported twice"));
            }
            m.exports.push(ident);
            m.body.push_str(rest);
            m.body.push('\n');
            continue;
        }
        if line.trim_start().starts_with("export ") || line.trim_start().starts_with("import ") {
            return Err(format!(
                "{name}: import and export statements start at the line's start: {line}"
            ));
        }
        m.body.push_str(line);
        m.body.push('\n');
    }
    Ok(m)
}

/// The variable holding module `name`'s exports in the assembled script.
fn slot(name: &str) -> String {
    format!("M.{}", name.replace('-', "_"))
}

/// `trellis.js` from the modules `js`, in that order: each module becomes
/// a function scope; its imports are read, at its start, from the exports
/// of the modules before it. Importing from a module that is not shipped
/// before it, or a name that module does not export, is an error.
fn assemble(js: &[&str]) -> Result<String, String> {
    let mut out =
        String::from("/*! Trellis player */\n(function () {\n\"use strict\";\nvar M = {};\n");
    let mut shipped: Vec<(&str, Vec<String>)> = Vec::new();
    for &name in js {
        let src = JS_MODULES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .ok_or_else(|| format!("no module `{name}`"))?;
        let m = parse(name, src)?;
        let mut bind = Vec::new();
        for (from, exported, local) in &m.imports {
            if !JS_MODULES.iter().any(|(n, _)| n == from) {
                return Err(format!("{name} imports from `{from}`, which is no module"));
            }
            let (_, exports) = shipped.iter().find(|(n, _)| n == from).ok_or_else(|| {
                format!("{name} imports from `{from}`, which is not shipped before it for this course and target ({js:?})")
            })?;
            if !exports.contains(exported) {
                return Err(format!(
                    "{name} imports `{exported}`, which `{from}` does not export"
                ));
            }
            bind.push(format!("{local} = {}.{exported}", slot(from)));
        }
        if m.exports.is_empty() {
            out.push_str("(function () {\n");
        } else {
            out.push_str(&format!("{} = (function () {{\n", slot(name)));
        }
        if !bind.is_empty() {
            out.push_str(&format!("var {};\n", bind.join(",\n  ")));
        }
        out.push_str(&m.body);
        if !m.exports.is_empty() {
            let fields: Vec<String> = m.exports.iter().map(|e| format!("{e}: {e}")).collect();
            out.push_str(&format!("return {{ {} }};\n", fields.join(", ")));
        }
        out.push_str("})();\n");
        shipped.push((name, m.exports));
    }
    out.push_str("})();\n");
    Ok(out)
}

/// The player's styles for the course and target (inlined in `index.html`),
/// from the templates in force (so a theme folder can replace any of the
/// style sheets).
pub fn style(course: &Course, templates: &Templates, target: Target) -> String {
    let (_, css) = modules_for(course, target);
    let mut out = String::new();
    for name in css {
        out.push_str(templates.file(name));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of blocks, languages and target assembles: no
    /// module imports from one that is not shipped before it, or a name
    /// that one does not export.
    #[test]
    fn every_combination_assembles() {
        for target in Target::ALL {
            for needs in Needs::all() {
                let (js, _) = modules_of(needs, target);
                if let Err(e) = assemble(&js) {
                    panic!("{target:?} {needs:?}: {e}");
                }
            }
        }
    }

    /// Every module parses, and every name it exports is imported by some
    /// other module (an export nothing reads is dead code).
    #[test]
    fn every_export_is_imported() {
        let parsed: Vec<(&str, Module)> = JS_MODULES
            .iter()
            .map(|(n, s)| (*n, parse(n, s).unwrap()))
            .collect();
        for (name, m) in &parsed {
            for e in &m.exports {
                let used = parsed
                    .iter()
                    .any(|(_, o)| o.imports.iter().any(|(f, x, _)| f == name && x == e));
                assert!(used, "{name} exports `{e}`, which no module imports");
            }
        }
    }

    #[test]
    fn bad_imports_and_exports_are_errors() {
        let err = |src: &str| parse("m", src).unwrap_err();
        assert!(err("export var x = 1;\n").contains("only `export function`"));
        assert!(err("export let x = 1;\n").contains("only `export function`"));
        assert!(err("export default 1;\n").contains("only `export function`"));
        assert!(err("import x from \"./core.js\";\n").contains("only `import {"));
        assert!(err("import { x } from \"core\";\n").contains("./NAME.js"));
        assert!(err("export function (a) {}\n").contains("without a name"));
        let m = parse(
            "m",
            "import {\n  a,\n  b as c,\n} from \"./core.js\";\nexport function f() {}\n",
        )
        .unwrap();
        assert_eq!(
            m.imports,
            [
                ("core".into(), "a".into(), "a".into()),
                ("core".into(), "b".into(), "c".into())
            ]
        );
        assert_eq!(m.exports, ["f"]);
        // A module not shipped, a module that does not exist, a name not
        // exported: errors when the script is assembled.
        assert!(
            assemble(&["core"])
                .unwrap_err()
                .contains("not shipped before it")
        );
        assert!(
            assemble(&["boot", "state", "core"])
                .unwrap_err()
                .contains("not shipped before it")
        );
        assert!(assemble(&["nope"]).unwrap_err().contains("no module"));
    }
}
