//! Writing a course as text files, deterministically.

use std::collections::BTreeMap;

use trellis_model::{
    Answer, Block, BlockContent, Choice, Course, Lesson, Media, Panel, Question, Scenario, Theme,
};

use crate::COURSE_FILE;
use crate::import::markdown_body;
use crate::toml_out::{Doc, basic, float, string_list};

/// Every text file of the course: `course.toml` and `lessons/<id>.md`.
pub(crate) fn files(course: &Course) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    out.insert(COURSE_FILE.to_owned(), course_toml(course).into_bytes());
    for lesson in course.lessons() {
        out.insert(
            format!("lessons/{}.md", lesson.id),
            lesson_file(lesson).into_bytes(),
        );
    }
    out
}

fn course_toml(course: &Course) -> String {
    let info = &course.info;
    let mut d = Doc::default();
    d.line_str("id", course.id.as_str());
    d.line_str("title", &info.title);
    d.line_str("language", &info.language);
    if !info.description.is_empty() {
        d.line_str("description", &info.description);
    }
    if !info.authors.is_empty() {
        d.raw("authors", string_list(&info.authors));
    }
    if !info.placeholders.is_empty() {
        let marked: Vec<&str> = trellis_model::placeholder::COURSE_INFO_FIELDS
            .iter()
            .map(|(path, _)| *path)
            .filter(|p| info.placeholders.contains(*p))
            .collect();
        d.raw("placeholders", string_list(&marked));
    }
    d.line_str("version", &info.version);
    if !info.version_date.is_empty() {
        d.line_str("version_date", &info.version_date);
    }
    if !info.job_aid_url.is_empty() {
        d.line_str("job_aid_url", &info.job_aid_url);
    }
    if info.completion != Default::default() {
        d.line_str("completion", info.completion.as_str());
    }
    if info.reporting != Default::default() {
        d.line_str("reporting", info.reporting.as_str());
    }
    if !info.scoring.is_default() {
        d.header("[scoring]");
        if let Some(mark) = info.scoring.pass_mark {
            d.raw("pass_mark", mark.to_string());
        }
        d.raw("checks_weight", info.scoring.checks_weight.to_string());
    }
    let t = &info.theme;
    let default = Theme::default();
    let theme_keys = [
        ("primary_color", &t.primary_color, &default.primary_color),
        (
            "background_color",
            &t.background_color,
            &default.background_color,
        ),
        ("text_color", &t.text_color, &default.text_color),
        ("body_font", &t.body_font, &default.body_font),
        ("heading_font", &t.heading_font, &default.heading_font),
    ];
    if theme_keys.iter().any(|(_, v, def)| v != def) || t.logo.is_some() {
        d.header("[theme]");
        for (k, v, def) in theme_keys {
            if v != def {
                d.line_str(k, v);
            }
        }
        if let Some(logo) = &t.logo {
            d.line_str("logo", logo);
        }
    }
    for o in &course.objectives {
        d.header("[[objectives]]");
        d.line_str("id", o.id.as_str());
        d.line_str("statement", &o.statement);
        if let Some(b) = o.bloom {
            d.line_str("bloom", bloom_str(b));
        }
        if o.placeholder {
            d.raw("placeholder", "true");
        }
    }
    for m in &course.modules {
        d.header("[[modules]]");
        d.line_str("id", m.id.as_str());
        d.line_str("title", &m.title);
        if !m.lessons.is_empty() {
            let ids: Vec<&str> = m.lessons.iter().map(|l| l.id.as_str()).collect();
            d.raw("lessons", string_list(&ids));
        }
    }
    d.out
}

fn bloom_str(b: trellis_model::BloomLevel) -> &'static str {
    use trellis_model::BloomLevel::*;
    match b {
        Remember => "remember",
        Understand => "understand",
        Apply => "apply",
        Analyze => "analyze",
        Evaluate => "evaluate",
        Create => "create",
    }
}

fn template_str(t: trellis_model::TemplateKind) -> &'static str {
    use trellis_model::TemplateKind::*;
    match t {
        Concept => "concept",
        Procedure => "procedure",
        Scenario => "scenario",
        Assessment => "assessment",
        Free => "free",
    }
}

fn callout_str(s: trellis_model::CalloutStyle) -> &'static str {
    use trellis_model::CalloutStyle::*;
    match s {
        Info => "info",
        Tip => "tip",
        Warning => "warning",
    }
}

fn lesson_file(lesson: &Lesson) -> String {
    let mut d = Doc::default();
    d.line_str("id", lesson.id.as_str());
    d.line_str("title", &lesson.title);
    d.line_str("template", template_str(lesson.template));
    if lesson.job_aid {
        d.raw("job_aid", "true");
    }
    if let Some(a) = &lesson.assessment {
        d.header("[assessment]");
        if let Some(draw) = a.draw {
            d.raw("draw", draw.to_string());
        }
        if !a.shuffle {
            d.raw("shuffle", "false");
        }
        d.raw("pass_mark", a.pass_mark.to_string());
        if a.attempts != 0 {
            d.raw("attempts", a.attempts.to_string());
        }
    }
    let mut out = String::new();
    out.push_str("+++\n");
    out.push_str(&d.out);
    out.push_str("+++\n");
    for b in &lesson.blocks {
        out.push('\n');
        block(&mut out, b);
    }
    out
}

fn block(out: &mut String, b: &Block) {
    let mut attrs = vec![format!("id = {}", basic(b.id.as_str()))];
    if let Some(slot) = &b.slot {
        attrs.push(format!("slot = {}", basic(slot)));
    }
    let mut body = Doc::default();
    match &b.content {
        BlockContent::Text { markdown } => body.out = raw_markdown(markdown),
        BlockContent::Callout {
            style,
            title,
            markdown,
        } => {
            attrs.push(format!("style = {}", basic(callout_str(*style))));
            if !title.is_empty() {
                attrs.push(format!("title = {}", basic(title)));
            }
            body.out = raw_markdown(markdown);
        }
        BlockContent::Quote {
            markdown,
            attribution,
        } => {
            if !attribution.is_empty() {
                attrs.push(format!("attribution = {}", basic(attribution)));
            }
            body.out = raw_markdown(markdown);
        }
        BlockContent::Divider => {}
        BlockContent::Heading { text, level } => {
            body.text("text", text);
            body.raw("level", level.to_string());
        }
        BlockContent::Image {
            asset,
            alt,
            caption,
            decorative,
            layout,
            markdown,
        } => {
            body.text("asset", asset);
            body.text("alt", alt);
            body.text_opt("caption", caption);
            if *decorative {
                body.raw("decorative", "true");
            }
            if !layout.is_default() {
                body.line_str("layout", layout.as_str());
            }
            body.text_opt("markdown", markdown);
        }
        BlockContent::Video(m) | BlockContent::Audio(m) => media(&mut body, m),
        BlockContent::Accordion { panels } | BlockContent::Tabs { panels } => {
            panel_list(&mut body, "panels", panels)
        }
        BlockContent::Process { steps } => panel_list(&mut body, "steps", steps),
        BlockContent::Columns { columns } => {
            for c in columns {
                body.header("[[columns]]");
                body.line_str("id", c.id.as_str());
                if !c.title.is_empty() {
                    body.text("title", &c.title);
                }
                body.text("markdown", &c.markdown);
            }
        }
        BlockContent::Flashcards { cards } => {
            for c in cards {
                body.header("[[cards]]");
                body.line_str("id", c.id.as_str());
                body.text("front", &c.front);
                body.text("back", &c.back);
            }
        }
        BlockContent::LabelledGraphic {
            asset,
            alt,
            markers,
        } => {
            body.text("asset", asset);
            body.text("alt", alt);
            for m in markers {
                body.header("[[markers]]");
                body.line_str("id", m.id.as_str());
                body.raw("x", float(m.x));
                body.raw("y", float(m.y));
                body.text("label", &m.label);
                body.text("markdown", &m.markdown);
            }
        }
        BlockContent::Question(q) => question(&mut body, q),
        BlockContent::Scenario(s) => scenario(&mut body, s),
    }
    if !b.placeholders.is_empty() {
        attrs.push(format!("placeholder = {}", placeholder_attr(b)));
    }
    if let Some(mark) = b.job_aid {
        attrs.push(format!("job_aid = {mark}"));
    }
    let fence = ":".repeat(fence_len(&body.out));
    out.push_str(&fence);
    out.push(' ');
    out.push_str(b.content.kind());
    out.push_str(" {");
    out.push_str(&attrs.join(", "));
    out.push_str("}\n");
    out.push_str(&body.out);
    out.push_str(&fence);
    out.push('\n');
}

/// A block's placeholder marks: `true` when every field with text is
/// marked, else the marked fields' paths in the order the editor shows them.
fn placeholder_attr(b: &Block) -> String {
    if b.placeholders == b.filled_text_paths() {
        return "true".into();
    }
    let fields = b.text_fields();
    let mut paths: Vec<&str> = fields
        .iter()
        .filter(|f| b.placeholders.contains(&f.path))
        .map(|f| f.path.as_str())
        .collect();
    // Marks on fields the block does not have cannot come from an edit, but
    // export them anyway rather than drop them silently.
    paths.extend(
        b.placeholders
            .iter()
            .map(String::as_str)
            .filter(|p| !fields.iter().any(|f| f.path == *p)),
    );
    string_list(&paths)
}

/// The body text of a Markdown block: its lines, each ending in `\n`.
fn raw_markdown(markdown: &str) -> String {
    let mut s = markdown_body(markdown);
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// Three colons, or one more than the longest line of colons in the body,
/// so that no body line can close the block.
fn fence_len(body: &str) -> usize {
    body.split('\n')
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && l.bytes().all(|b| b == b':'))
        .map(|l| l.len() + 1)
        .fold(3, usize::max)
}

fn media(d: &mut Doc, m: &Media) {
    if let Some(a) = &m.asset {
        d.text("asset", a);
    }
    if let Some(u) = &m.url {
        d.text("url", u);
    }
    d.text_opt("title", &m.title);
    if let Some(c) = &m.captions {
        d.text("captions", c);
    }
    d.text_opt("transcript", &m.transcript);
    if let Some(p) = &m.poster {
        d.text("poster", p);
    }
}

fn panel_list(d: &mut Doc, key: &str, panels: &[Panel]) {
    for p in panels {
        d.header(&format!("[[{key}]]"));
        d.line_str("id", p.id.as_str());
        d.text("title", &p.title);
        d.text("markdown", &p.markdown);
    }
}

fn id_list<T: AsRef<str>>(ids: &[T]) -> String {
    string_list(ids)
}

fn question(d: &mut Doc, q: &Question) {
    d.line_str("type", q.kind());
    d.text("prompt", &q.prompt);
    if !q.objectives.is_empty() {
        d.raw("objectives", id_list(&q.objectives));
    }
    if q.points != 1 {
        d.raw("points", q.points.to_string());
    }
    if q.attempts != 1 {
        d.raw("attempts", q.attempts.to_string());
    }
    if q.scored {
        d.raw("scored", "true");
    }
    d.text_opt("hint", &q.hint);
    d.text_opt("correct_feedback", &q.correct_feedback);
    d.text_opt("incorrect_feedback", &q.incorrect_feedback);
    match &q.answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
            choice_list(d, choices)
        }
        Answer::TrueFalse {
            correct,
            true_feedback,
            false_feedback,
        } => {
            d.raw("correct", correct.to_string());
            d.text_opt("true_feedback", true_feedback);
            d.text_opt("false_feedback", false_feedback);
        }
        Answer::FillBlank {
            accepted,
            case_sensitive,
        } => {
            if !accepted.is_empty() {
                d.raw("accepted", string_list(accepted));
            }
            if *case_sensitive {
                d.raw("case_sensitive", "true");
            }
        }
        Answer::Matching { pairs } => {
            for p in pairs {
                d.header("[[pairs]]");
                d.line_str("id", p.id.as_str());
                d.text("left", &p.left);
                d.text("right", &p.right);
            }
        }
        Answer::Ordering { items } => {
            for i in items {
                d.header("[[items]]");
                d.line_str("id", i.id.as_str());
                d.text("text", &i.text);
            }
        }
        Answer::Numeric { value, tolerance } => {
            d.raw("value", float(*value));
            if *tolerance != 0.0 {
                d.raw("tolerance", float(*tolerance));
            }
        }
    }
}

fn choice_list(d: &mut Doc, choices: &[Choice]) {
    for c in choices {
        d.header("[[choices]]");
        d.line_str("id", c.id.as_str());
        d.text("text", &c.text);
        if c.correct {
            d.raw("correct", "true");
        }
        d.text_opt("feedback", &c.feedback);
    }
}

fn scenario(d: &mut Doc, s: &Scenario) {
    d.text("title", &s.title);
    if !s.objectives.is_empty() {
        d.raw("objectives", id_list(&s.objectives));
    }
    d.line_str("start", s.start.as_str());
    for n in &s.nodes {
        d.header("[[nodes]]");
        d.line_str("id", n.id.as_str());
        d.text("narrative", &n.narrative);
        if let Some(e) = &n.ending {
            let mut inline = format!("{{ label = {}", basic(&e.label));
            if let Some(score) = e.score {
                inline.push_str(&format!(", score = {score}"));
            }
            inline.push_str(" }");
            d.raw("ending", inline);
        }
        for c in &n.choices {
            d.header("[[nodes.choices]]");
            d.line_str("id", c.id.as_str());
            d.text("text", &c.text);
            d.text("consequence", &c.consequence);
            d.line_str("next", c.next.as_str());
        }
    }
}
