//! The job aid as one small self-contained HTML page for a phone: no
//! outside files (pictures are inlined, and its Content-Security-Policy
//! allows nothing else), the theme's colours, a Print button (one line of
//! inline script, allowed by its hash) and a print style sheet.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::Labels;
use crate::model::{JobAid, Part, Text};
use crate::pdf::Assets;
use trellis_render::escape_html as escape;

/// A colour for CSS: `#rgb` or `#rrggbb` as given, else `fallback`.
fn css_colour<'a>(c: &'a str, fallback: &'a str) -> &'a str {
    let h = c.trim();
    let ok = h.starts_with('#')
        && matches!(h.len(), 4 | 7)
        && h[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok { h } else { fallback }
}

fn text(t: &Text) -> String {
    let mut out = String::new();
    for r in t {
        if r.strong {
            let _ = write!(out, "<strong>{}</strong>", escape(&r.text));
        } else {
            out.push_str(&escape(&r.text));
        }
    }
    out
}

fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn data_uri(bytes: &[u8]) -> Option<String> {
    let ty = media_type(bytes)?;
    Some(format!(
        "data:{ty};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The phone page's script: shows the Print button and prints the page
/// when it is pressed. Without scripts (a browser or viewer that runs
/// none) the button stays hidden and the browser's own print command
/// still prints the page with its print style sheet.
const SCRIPT: &str = "var b=document.getElementById(\"print\");b.hidden=false;b.addEventListener(\"click\",function(){window.print()});";

/// The page's style sheet in the theme's colours.
fn style(primary: &str, background: &str, ink: &str) -> String {
    format!(
        "\n:root{{--primary:{primary};--bg:{background};--ink:{ink}}}\n\
*{{box-sizing:border-box}}\n\
body{{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;overflow-wrap:anywhere}}\n\
header{{border-top:.5rem solid var(--primary);padding:1rem 1rem .5rem;display:flex;gap:.75rem;align-items:center}}\n\
header img{{max-height:2.5rem;max-width:6rem}}\n\
header>div{{flex:1}}\n\
.print{{font:inherit;font-weight:600;color:var(--primary);background:var(--bg);border:2px solid var(--primary);border-radius:.3rem;padding:.4rem .8rem;min-height:2.75rem;cursor:pointer}}\n\
.print:hover{{background:var(--primary);color:var(--bg)}}\n\
.print:focus-visible{{outline:3px solid var(--ink);outline-offset:2px}}\n\
h1{{font-size:1.35rem;margin:0;color:var(--primary)}}\n\
.meta{{margin:.2rem 0 0;font-size:.9rem}}\n\
main{{padding:0 1rem 2rem;max-width:44rem}}\n\
h2{{font-size:1.15rem;color:var(--primary);border-bottom:2px solid var(--primary);padding-bottom:.2rem;margin:1.5rem 0 .6rem}}\n\
h3{{font-size:1.05rem;margin:1rem 0 .4rem}}\n\
h4{{font-size:1rem;margin:.8rem 0 .3rem;color:var(--primary)}}\n\
p{{margin:.4rem 0}}\n\
ol.steps{{list-style:none;padding:0;counter-reset:step}}\n\
ol.steps>li{{counter-increment:step;position:relative;padding-left:2.2rem;margin:.6rem 0}}\n\
ol.steps>li::before{{content:counter(step);position:absolute;left:0;top:0;width:1.6rem;height:1.6rem;border-radius:50%;background:var(--primary);color:#fff;font-weight:700;text-align:center;line-height:1.6rem}}\n\
ol.steps p{{margin:.15rem 0}}\n\
ul.check{{list-style:none;padding:0}}\n\
ul.check>li{{position:relative;padding-left:1.7rem;margin:.35rem 0}}\n\
ul.check>li::before{{content:\"\";position:absolute;left:0;top:.2rem;width:1rem;height:1rem;border:2px solid var(--primary);border-radius:.15rem}}\n\
.note{{border-left:.3rem solid var(--primary);padding:.1rem 0 .1rem .8rem;margin:.8rem 0}}\n\
table{{border-collapse:collapse;width:100%;table-layout:fixed;margin:.6rem 0}}\n\
th,td{{border:1px solid var(--primary);padding:.3rem .4rem;text-align:left;vertical-align:top}}\n\
figure{{margin:.8rem 0}}\nfigure img{{max-width:100%;height:auto}}\nfigcaption{{font-size:.9rem}}\n\
ul.options{{padding-left:1.2rem}}\nul.options li{{margin:.3rem 0}}\n\
@media print{{body{{font-size:10pt;background:#fff}}header{{padding-top:0}}.print{{display:none}}h2{{break-after:avoid}}li,table,figure{{break-inside:avoid}}}}\n"
    )
}

/// The phone page's Content-Security-Policy: nothing from anywhere (every
/// picture is inlined as data), its own style sheet and (with `script`)
/// its script by their hashes, no plug-ins, no `<base>`, no form.
fn csp(css: &str, script: bool) -> String {
    let script = if script {
        format!(" script-src '{}';", trellis_render::style_hash(SCRIPT))
    } else {
        String::new()
    };
    format!(
        "default-src 'none'; img-src data:; style-src '{}';{script} base-uri 'none'; form-action 'none'",
        trellis_render::style_hash(css),
    )
}

/// The phone page of `aid`: one HTML file that needs nothing else, with a
/// Print button (shown on screen only, when scripts run).
pub fn page(aid: &JobAid, labels: &Labels, assets: Assets) -> String {
    page_with(aid, labels, assets, true)
}

/// The phone page of `aid` as it prints: without the Print button and its
/// script, for showing inside a page whose own policy would refuse the
/// script (the editor's Job aid view).
pub fn printed_page(aid: &JobAid, labels: &Labels, assets: Assets) -> String {
    page_with(aid, labels, assets, false)
}

fn page_with(aid: &JobAid, labels: &Labels, assets: Assets, print: bool) -> String {
    let css = style(
        css_colour(&aid.colours.primary, "#1f4e79"),
        css_colour(&aid.colours.background, "#ffffff"),
        css_colour(&aid.colours.text, "#1c1c1c"),
    );
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<header>\n",
        lang = escape(&aid.language),
        csp = csp(&css, print),
        title = escape(&aid.title),
    );
    if let Some(uri) = aid
        .logo
        .as_deref()
        .and_then(assets)
        .and_then(|b| data_uri(&b))
    {
        let _ = writeln!(h, "<img src=\"{uri}\" alt=\"{}\">", escape(&labels.logo));
    }
    let mut meta = labels.version.replace("{version}", &aid.version);
    if !aid.date.is_empty() {
        meta.push_str(" · ");
        meta.push_str(&aid.date);
    }
    let _ = writeln!(
        h,
        "<div>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n</div>",
        escape(&aid.title),
        escape(&meta)
    );
    if print {
        let _ = writeln!(
            h,
            "<button type=\"button\" class=\"print\" id=\"print\" hidden>{}</button>\n<script>{SCRIPT}</script>",
            escape(&labels.print)
        );
    }
    h.push_str("</header>\n<main>\n");
    if aid.sections.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(&labels.empty));
    }
    for s in &aid.sections {
        let _ = writeln!(h, "<section>\n<h2>{}</h2>", escape(&s.title));
        for p in &s.parts {
            part(&mut h, p, labels, assets);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn part(h: &mut String, p: &Part, labels: &Labels, assets: Assets) {
    match p {
        Part::Heading { text } => {
            let _ = writeln!(h, "<h3>{}</h3>", escape(text));
        }
        Part::Paragraph { text: t } => {
            let _ = writeln!(h, "<p>{}</p>", text(t));
        }
        Part::Steps { steps } => {
            h.push_str("<ol class=\"steps\">\n");
            for s in steps {
                let _ = write!(h, "<li><p><strong>{}</strong></p>", text(&s.title));
                for d in &s.detail {
                    let _ = write!(h, "<p>{}</p>", text(d));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ol>\n");
        }
        Part::Checklist { items } => {
            h.push_str("<ul class=\"check\">\n");
            for i in items {
                let _ = writeln!(h, "<li>{}</li>", text(i));
            }
            h.push_str("</ul>\n");
        }
        Part::Note { title, paragraphs } => {
            h.push_str("<div class=\"note\">\n");
            if !title.is_empty() {
                let _ = writeln!(h, "<p><strong>{}</strong></p>", escape(title));
            }
            for t in paragraphs {
                let _ = writeln!(h, "<p>{}</p>", text(t));
            }
            h.push_str("</div>\n");
        }
        Part::Table { head, rows } => {
            h.push_str("<table>\n");
            if !head.is_empty() {
                h.push_str("<thead><tr>");
                for c in head {
                    let _ = write!(h, "<th scope=\"col\">{}</th>", text(c));
                }
                h.push_str("</tr></thead>\n");
            }
            h.push_str("<tbody>\n");
            for r in rows {
                h.push_str("<tr>");
                for c in r {
                    let _ = write!(h, "<td>{}</td>", text(c));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table>\n");
        }
        Part::Decisions { title, points } => {
            if !title.is_empty() {
                let _ = writeln!(h, "<h3>{}</h3>", escape(title));
            }
            for p in points {
                let _ = writeln!(
                    h,
                    "<h4 id=\"decision-{n}\">{}</h4>",
                    escape(&labels.decision.replace("{n}", &p.number.to_string())),
                    n = p.number
                );
                for s in &p.situation {
                    let _ = writeln!(h, "<p>{}</p>", text(s));
                }
                h.push_str("<ul class=\"options\">\n");
                for o in &p.options {
                    let _ = write!(
                        h,
                        "<li><strong>{}</strong>",
                        escape(&labels.if_you.replace("{choice}", &o.choice))
                    );
                    for t in &o.outcome {
                        let _ = write!(h, " {}", text(t));
                    }
                    match (o.next, &o.ending) {
                        (Some(n), _) => {
                            let _ = write!(
                                h,
                                " <a href=\"#decision-{n}\">{}</a>",
                                escape(&labels.go_to.replace("{n}", &n.to_string()))
                            );
                        }
                        (None, Some(e)) => {
                            let _ = write!(
                                h,
                                " <strong>{}</strong>",
                                escape(&labels.ends.replace("{ending}", e))
                            );
                        }
                        _ => {}
                    }
                    h.push_str("</li>\n");
                }
                h.push_str("</ul>\n");
            }
        }
        Part::Picture {
            asset,
            alt,
            caption,
        } => {
            let Some(uri) = assets(asset).and_then(|b| data_uri(&b)) else {
                return;
            };
            let _ = write!(h, "<figure><img src=\"{uri}\" alt=\"{}\">", escape(alt));
            if !caption.is_empty() {
                let _ = write!(h, "<figcaption>{}</figcaption>", escape(caption));
            }
            h.push_str("</figure>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn between<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
        let start = page.find(open).expect(open) + open.len();
        let end = start + page[start..].find(close).expect(close);
        &page[start..end]
    }

    /// The page's policy allows exactly its own style sheet and script, by
    /// their hashes, and nothing from anywhere else.
    #[test]
    fn the_policy_names_the_pages_own_style_and_script() {
        let course = trellis_model::sample::demo_course();
        let aid = crate::build(&course);
        let page = page(&aid, &Labels::for_language("fr"), &|_| None);
        let policy = between(
            &page,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        );
        let css = between(&page, "<style>", "</style>");
        let script = between(&page, "<script>", "</script>");
        assert_eq!(page.matches("<script").count(), 1);
        assert_eq!(page.matches("<style").count(), 1);
        assert!(policy.starts_with("default-src 'none'; img-src data:;"));
        assert!(policy.contains(&format!("style-src '{}'", trellis_render::style_hash(css))));
        assert!(policy.contains(&format!(
            "script-src '{}'",
            trellis_render::style_hash(script)
        )));
        // The Print button: in the page's language, hidden until the
        // script shows it, and left out of the printout.
        assert!(page.contains(
            "<button type=\"button\" class=\"print\" id=\"print\" hidden>Imprimer</button>"
        ));
        assert!(script.contains("getElementById(\"print\")") && script.contains("window.print()"));
        let print_css = between(css, "@media print{", "\n");
        assert!(print_css.contains(".print{display:none}"), "{print_css}");
    }

    /// The page as it prints has neither the button nor a script, and its
    /// policy allows none.
    #[test]
    fn the_printed_page_has_no_script() {
        let course = trellis_model::sample::demo_course();
        let aid = crate::build(&course);
        let page = printed_page(&aid, &Labels::default(), &|_| None);
        assert!(!page.contains("<script") && !page.contains("<button"));
        let policy = between(
            &page,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        );
        assert!(!policy.contains("script-src"), "{policy}");
        assert!(policy.starts_with("default-src 'none';"));
        let full = super::page(&aid, &Labels::default(), &|_| None);
        assert_eq!(
            between(&page, "<main>", "</main>"),
            between(&full, "<main>", "</main>")
        );
    }

    /// Each file made alone is the same as in the whole set.
    #[test]
    fn one_file_is_the_same_as_in_the_set() {
        let mut course = trellis_model::sample::demo_course();
        course.info.job_aid_url = "https://example.com/aid".into();
        let aid = crate::build(&course);
        let labels = Labels::default();
        let all = crate::files(&aid, &labels, &|_| None).unwrap();
        for (name, bytes) in &all.files {
            let one = crate::file(&aid, &labels, &|_| None, name).unwrap();
            assert_eq!(one.as_ref(), Some(bytes), "{name}");
        }
        assert!(
            crate::file(&aid, &labels, &|_| None, "other.pdf")
                .unwrap()
                .is_none()
        );
        for name in crate::PACKAGE_FILES {
            assert!(all.files.iter().any(|(n, _)| n == name), "{name}");
        }
    }
}
