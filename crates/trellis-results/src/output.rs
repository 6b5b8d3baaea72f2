//! The report as JSON, CSV or one HTML page with charts (plain SVG, each
//! chart with a table of the same figures).

use std::fmt::Write as _;

use crate::analysis::{Figures, Report};

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("the report serialises")
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(String::new, |v| format!("{v:.digits$}"))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One row per question, choice, objective and lesson, for each version
/// (`all` for every version together).
pub fn csv(report: &Report) -> String {
    let mut out = String::from(
        "section,version,lesson,id,title,learners,attempts,facility_first,facility_eventual,discrimination,median_seconds,share,meaningful,flags\n",
    );
    let mut groups = vec![("all", &report.all)];
    groups.extend(report.by_version.iter().map(|(v, f)| (v.as_str(), f)));
    for (version, f) in groups {
        let mut row = |cells: [String; 14]| {
            let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
            out += &line.join(",");
            out.push('\n');
        };
        for q in &f.questions {
            let flags: Vec<&str> = q.flags.iter().map(|f| f.code).collect();
            row([
                "question".into(),
                version.into(),
                q.lesson.clone(),
                q.block.clone(),
                q.title.clone(),
                q.learners.to_string(),
                q.attempts.to_string(),
                num(q.facility_first, 3),
                num(q.facility_eventual, 3),
                num(q.discrimination, 3),
                num(q.median_seconds, 1),
                String::new(),
                q.meaningful.to_string(),
                flags.join(" "),
            ]);
            for c in &q.choices {
                row([
                    "choice".into(),
                    version.into(),
                    q.lesson.clone(),
                    format!("{}/{}", q.block, c.id),
                    c.text.clone(),
                    c.picks.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    num(Some(c.share), 3),
                    q.meaningful.to_string(),
                    if c.correct {
                        "correct".into()
                    } else {
                        String::new()
                    },
                ]);
            }
        }
        for o in &f.objectives {
            row([
                "objective".into(),
                version.into(),
                String::new(),
                o.objective.clone(),
                o.statement.clone(),
                o.learners.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                num(o.mastery_rate, 3),
                o.meaningful.to_string(),
                String::new(),
            ]);
        }
        for l in f.lessons.iter().filter(|l| l.measured) {
            row([
                "lesson".into(),
                version.into(),
                l.lesson.clone(),
                l.lesson.clone(),
                l.title.clone(),
                l.reached.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                num(l.reach, 3),
                f.meaningful.to_string(),
                num(l.drop_off, 3),
            ]);
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.0} %", v * 100.0))
}

/// A horizontal bar chart of shares (0–1), drawn as SVG with a title and
/// a description; the table that follows it carries the same figures.
fn bars(id: &str, title: &str, rows: &[(String, Option<f64>, bool)]) -> String {
    let h = 28 * rows.len().max(1) + 10;
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 640 {h}\" width=\"640\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">Bar chart; the table below gives the same figures.</desc>",
        esc(title)
    );
    for (i, (label, v, meaningful)) in rows.iter().enumerate() {
        let y = 5 + i * 28;
        let w = (v.unwrap_or(0.0).clamp(0.0, 1.0) * 360.0).round();
        let label: String = label.chars().take(34).collect();
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" class=\"label\">{}</text><rect x=\"250\" y=\"{y}\" width=\"360\" height=\"20\" class=\"track\"/><rect x=\"250\" y=\"{y}\" width=\"{w}\" height=\"20\" class=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"value\">{}{}</text>",
            y + 15,
            esc(&label),
            if *meaningful { "bar" } else { "bar early" },
            255.0 + w.min(300.0),
            y + 15,
            pct(*v),
            if *meaningful { "" } else { " (early)" }
        );
    }
    s + "</svg>"
}

fn figures_html(out: &mut String, f: &Figures, min: u32, key: &str) {
    let _ = write!(
        out,
        "<p>{} learners, {} statements; {} completed, {} passed, {} failed.</p>",
        f.learners, f.statements, f.completed, f.passed, f.failed
    );
    if !f.meaningful {
        let _ = write!(
            out,
            "<p class=\"early\">Fewer than {min} learners: these figures are not yet meaningful.</p>"
        );
    }
    out.push_str("<h3>Questions</h3><figure>");
    let rows: Vec<_> = f
        .questions
        .iter()
        .map(|q| (q.title.clone(), q.facility_first, q.meaningful))
        .collect();
    out.push_str(&bars(
        &format!("{key}-fac"),
        "Share right at the first try, per question",
        &rows,
    ));
    out.push_str("<figcaption>Share of learners right at the first try</figcaption></figure>");
    out.push_str("<table><caption>Questions</caption><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Learners</th><th scope=\"col\">Answers</th><th scope=\"col\">Right at first try</th><th scope=\"col\">Right eventually</th><th scope=\"col\">Discrimination</th><th scope=\"col\">Median time</th><th scope=\"col\">Flags</th></tr></thead><tbody>");
    for q in &f.questions {
        let flags: Vec<String> = if q.meaningful {
            q.flags.iter().map(|f| esc(&f.message)).collect()
        } else if q.learners > 0 {
            vec![format!(
                "Not yet meaningful ({} of {min} learners)",
                q.learners
            )]
        } else {
            vec![]
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&q.title),
            q.learners,
            q.attempts,
            pct(q.facility_first),
            pct(q.facility_eventual),
            q.discrimination
                .map_or_else(|| "—".into(), |d| format!("{d:.2}")),
            q.median_seconds
                .map_or_else(|| "—".into(), |s| format!("{s:.0} s")),
            flags.join("<br>")
        );
    }
    out.push_str("</tbody></table>");
    for (i, q) in f
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.choices.is_empty())
    {
        let _ = write!(out, "<h4>Choices: {}</h4><figure>", esc(&q.title));
        let rows: Vec<_> = q
            .choices
            .iter()
            .map(|c| {
                (
                    format!("{}{}", if c.correct { "✓ " } else { "" }, c.text),
                    Some(c.share),
                    q.meaningful,
                )
            })
            .collect();
        out.push_str(&bars(
            &format!("{key}-q{i}"),
            &format!("Choices picked at the first try: {}", q.title),
            &rows,
        ));
        out.push_str("<figcaption>Share of learners picking each choice at the first try</figcaption></figure><table><caption>Choices</caption><thead><tr><th scope=\"col\">Choice</th><th scope=\"col\">Correct</th><th scope=\"col\">Learners</th><th scope=\"col\">Share</th></tr></thead><tbody>");
        for c in &q.choices {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.text),
                if c.correct { "yes" } else { "no" },
                c.picks,
                pct(Some(c.share))
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("<h3>Objectives</h3><figure>");
    let rows: Vec<_> = f
        .objectives
        .iter()
        .map(|o| (o.statement.clone(), o.mastery_rate, o.meaningful))
        .collect();
    out.push_str(&bars(
        &format!("{key}-obj"),
        "Mastery rate per objective",
        &rows,
    ));
    out.push_str("<figcaption>Share of learners who mastered each objective</figcaption></figure><table><caption>Objectives</caption><thead><tr><th scope=\"col\">Objective</th><th scope=\"col\">Questions</th><th scope=\"col\">Learners</th><th scope=\"col\">Mastered</th><th scope=\"col\">Mastery rate</th></tr></thead><tbody>");
    for o in &f.objectives {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.statement),
            o.questions,
            o.learners,
            o.mastered,
            pct(o.mastery_rate)
        );
    }
    out.push_str("</tbody></table><h3>Lessons</h3><figure>");
    let rows: Vec<_> = f
        .lessons
        .iter()
        .filter(|l| l.measured)
        .map(|l| (l.title.clone(), l.reach, f.meaningful))
        .collect();
    out.push_str(&bars(&format!("{key}-reach"), "Reach per lesson", &rows));
    out.push_str("<figcaption>Share of learners known to reach each lesson</figcaption></figure><table><caption>Lessons</caption><thead><tr><th scope=\"col\">Lesson</th><th scope=\"col\">Learners</th><th scope=\"col\">Reach</th><th scope=\"col\">Drop-off from the lesson before</th></tr></thead><tbody>");
    for l in &f.lessons {
        if l.measured {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&l.title),
                l.reached,
                pct(l.reach),
                pct(l.drop_off)
            );
        } else {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td colspan=\"3\">Not measured: nothing in it is reported</td></tr>",
                esc(&l.title)
            );
        }
    }
    out.push_str("</tbody></table>");
}

/// A page to open in a browser.
pub fn html(report: &Report, course_title: &str) -> String {
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Results: {t}</title><style>body{{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}table{{border-collapse:collapse;margin:1rem 0 2rem}}th,td{{border:1px solid #888;padding:.25rem .5rem;text-align:left;vertical-align:top}}caption{{text-align:left;font-weight:600}}.chart .label,.chart .value{{font-size:13px;fill:#1a1a1a}}.chart .track{{fill:#eee}}.chart .bar{{fill:#1f5fa8}}.chart .bar.early{{fill:#9aa7b5}}.early{{color:#6a4a00}}figure{{margin:1rem 0}}</style></head><body><h1>Results: {t}</h1>",
        t = esc(course_title)
    );
    let _ = write!(
        out,
        "<p>Figures with fewer than {} learners are marked as not yet meaningful.</p><h2>Versions</h2><table><caption>Statements per course version</caption><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Statements</th><th scope=\"col\">Learners</th><th scope=\"col\">First</th><th scope=\"col\">Last</th></tr></thead><tbody>",
        report.min_learners
    );
    for v in &report.versions {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if v.version.is_empty() {
                "(none given)".into()
            } else {
                esc(&v.version)
            },
            v.statements,
            v.learners,
            esc(&v.first),
            esc(&v.last)
        );
    }
    out.push_str("</tbody></table><h2>Every version</h2>");
    figures_html(&mut out, &report.all, report.min_learners, "all");
    for (i, (v, f)) in report.by_version.iter().enumerate() {
        let _ = write!(
            out,
            "<h2>Version {}</h2>",
            esc(if v.is_empty() { "(none given)" } else { v })
        );
        figures_html(&mut out, f, report.min_learners, &format!("v{i}"));
    }
    out + "</body></html>\n"
}
