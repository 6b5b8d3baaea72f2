//! Markdown to sanitised HTML.
//!
//! Course text goes through pulldown-cmark and then ammonia with a small
//! allow-list, so that no course content can inject script: no `<script>`,
//! no event-handler attributes, no `javascript:` URLs, no frames, no styles.
//! Links to other sites open in a new window (an LMS frame must not be
//! navigated away, or the session ends) with `rel="noopener noreferrer"`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Where a Markdown fragment goes: block content or phrasing content
/// (labels, buttons, summaries), which allows only inline tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Block,
    Inline,
}

const BLOCK_TAGS: &[&str] = &[
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "br", "code", "del", "em", "kbd", "s", "strong", "sub", "sup",
];

/// The sanitiser for one flow. Built once per render.
pub(crate) struct Sanitizer {
    block: ammonia::Builder<'static>,
    inline: ammonia::Builder<'static>,
}

impl Sanitizer {
    pub(crate) fn new() -> Self {
        Self {
            block: builder(BLOCK_TAGS),
            inline: builder(INLINE_TAGS),
        }
    }

    /// Renders `md` to sanitised HTML. Headings are shifted so that `#`
    /// becomes at least `h3` (the course is `h1`, a lesson `h2`).
    pub(crate) fn render(&self, md: &str, flow: Flow) -> String {
        let raw = to_html(md, flow);
        let clean = match flow {
            Flow::Block => self.block.clean(&raw),
            Flow::Inline => self.inline.clean(&raw),
        }
        .to_string();
        clean.trim().to_owned()
    }
}

fn builder(tags: &'static [&'static str]) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.tags(tags.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::from(["lang", "dir", "title"]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "target"])),
            ("img", HashSet::from(["src", "alt", "width", "height"])),
            ("ol", HashSet::from(["start"])),
            ("abbr", HashSet::from(["title"])),
        ]))
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            if element == "a" && attribute == "target" {
                return (value == "_blank").then_some(Cow::Borrowed(value));
            }
            Some(Cow::Borrowed(value))
        });
    b
}

/// Whether a link leaves the course (has a scheme or is protocol-relative).
pub(crate) fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Unsanitised HTML of `md`, with links and headings adjusted.
fn to_html(md: &str, flow: Flow) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut paragraphs = 0usize;
    let events = Parser::new_ext(md, options).filter_map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shift(level)))),
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let mut a = format!("<a href=\"{}\"", escape(&dest_url));
            if !title.is_empty() {
                a.push_str(&format!(" title=\"{}\"", escape(&title)));
            }
            if is_external(&dest_url) {
                a.push_str(" target=\"_blank\"");
            }
            a.push('>');
            Some(Event::InlineHtml(CowStr::from(a)))
        }
        Event::End(TagEnd::Link) => Some(Event::InlineHtml(CowStr::Borrowed("</a>"))),
        Event::Start(Tag::Paragraph) if flow == Flow::Inline => {
            paragraphs += 1;
            (paragraphs > 1).then_some(Event::InlineHtml(CowStr::Borrowed("<br>")))
        }
        Event::End(TagEnd::Paragraph) if flow == Flow::Inline => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Escapes text for HTML content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plain text of a Markdown fragment (for `<option>`, `aria-label` and
/// the like), without any markup.
pub(crate) fn plain(md: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(md: &str) -> String {
        Sanitizer::new().render(md, Flow::Block)
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(block("Some *text*."), "<p>Some <em>text</em>.</p>");
        assert_eq!(block("# Title"), "<h3>Title</h3>");
        assert_eq!(block("### Sub"), "<h4>Sub</h4>");
    }

    #[test]
    fn external_links_open_safely() {
        let html = block("[site](https://example.org)");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(html.contains("target=\"_blank\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        let local = block("[there](#x)");
        assert!(!local.contains("target"), "{local}");
    }

    #[test]
    fn strips_everything_that_could_run() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div onclick=\"alert(1)\">x</div>",
            "<svg onload=alert(1)></svg>",
            "<style>body{display:none}</style>",
            "<object data=x></object><embed src=x>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<form action=x><input></form>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
        ] {
            for flow in [Flow::Block, Flow::Inline] {
                let html = Sanitizer::new().render(evil, flow).to_ascii_lowercase();
                for bad in [
                    "<script",
                    "javascript:",
                    "onerror",
                    "onclick",
                    "onload",
                    "<iframe",
                    "<svg",
                    "<style",
                    "<object",
                    "<embed",
                    "data:",
                    "<form",
                    "<input",
                    "style=",
                ] {
                    assert!(!html.contains(bad), "{evil:?} gave {html:?}");
                }
            }
        }
    }

    #[test]
    fn inline_flow_has_no_blocks() {
        let html = Sanitizer::new().render("One\n\nTwo\n\n- item", Flow::Inline);
        assert!(!html.contains("<p>"), "{html}");
        assert!(!html.contains("<li>"), "{html}");
        assert!(html.contains("One<br>Two"), "{html}");
    }

    #[test]
    fn plain_text() {
        assert_eq!(plain("Some **bold** `code`\nline"), "Some bold code line");
    }
}
