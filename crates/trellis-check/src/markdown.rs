//! What the check needs to know about a piece of Markdown.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

/// A link in Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub text: String,
    pub url: String,
    pub autolink: bool,
}

/// An image in Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub alt: String,
    pub url: String,
}

/// The parts of a piece of Markdown the rules look at.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Words of visible text (not image alt text).
    pub words: usize,
    pub links: Vec<Link>,
    /// Every image, in order.
    pub images: Vec<Image>,
    /// Level of every heading, 1 to 6, in order.
    pub headings: Vec<u8>,
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Parses `markdown` (CommonMark) and summarises it.
pub(crate) fn summarise(markdown: &str) -> Summary {
    let mut out = Summary::default();
    // Open links and images collect their text; an image inside a link
    // gives the link its text, so text goes to every open collector.
    let mut open_links: Vec<Link> = Vec::new();
    let mut open_images: Vec<Image> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => open_links.push(Link {
                text: String::new(),
                url: dest_url.into_string(),
                autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
            }),
            Event::End(TagEnd::Link) => {
                if let Some(link) = open_links.pop() {
                    out.links.push(link);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => open_images.push(Image {
                alt: String::new(),
                url: dest_url.into_string(),
            }),
            Event::End(TagEnd::Image) => {
                if let Some(image) = open_images.pop() {
                    out.images.push(image);
                }
            }
            Event::Start(Tag::Heading { level: l, .. }) => out.headings.push(level(l)),
            Event::Text(t) | Event::Code(t) => {
                // Alt text is not read as part of the page's words.
                if open_images.is_empty() {
                    out.words += count_words(&t);
                }
                for link in &mut open_links {
                    link.text.push_str(&t);
                }
                for image in &mut open_images {
                    image.alt.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                for link in &mut open_links {
                    link.text.push(' ');
                }
                for image in &mut open_images {
                    image.alt.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// Words in plain text.
pub(crate) fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Link texts that say nothing about where a link goes.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "click",
    "here",
    "click this",
    "this",
    "this link",
    "link",
    "this page",
    "page",
    "more",
    "read more",
    "learn more",
    "more info",
    "more information",
    "see more",
    "details",
    "go",
    "go here",
    "website",
    "continue",
];

/// Why a link's text is not descriptive, if it is not.
pub(crate) fn vague_link_text(link: &Link) -> Option<String> {
    let text = link.text.trim();
    let norm: String = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if norm.is_empty() {
        return Some("has no text at all".into());
    }
    if link.autolink || looks_like_url(text) || text == link.url {
        return Some(format!("is a bare address (“{text}”)"));
    }
    if VAGUE_LINK_TEXTS.contains(&norm.as_str()) {
        return Some(format!("says only \"{text}\""));
    }
    None
}

fn looks_like_url(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises_links_images_headings_and_words() {
        let s = summarise(
            "# Title\n\nSome *words* here, see [the policy](https://x.org/p) and \
             <https://x.org>.\n\n![](a.png) ![A chart](b.png)\n\n### Deep",
        );
        assert_eq!(s.headings, vec![1, 3]);
        let alts: Vec<&str> = s.images.iter().map(|i| i.alt.as_str()).collect();
        assert_eq!(alts, ["", "A chart"]);
        assert_eq!(s.images[1].url, "b.png");
        assert_eq!(s.links.len(), 2);
        assert_eq!(s.links[0].text, "the policy");
        assert!(s.links[1].autolink);
        // Title, Some words here, see the policy and https://x.org ., Deep
        assert_eq!(s.words, 10);
    }

    #[test]
    fn judges_link_text() {
        let link = |text: &str, url: &str| Link {
            text: text.into(),
            url: url.into(),
            autolink: false,
        };
        assert!(vague_link_text(&link("Click here!", "https://a")).is_some());
        assert!(vague_link_text(&link("here", "https://a")).is_some());
        assert!(vague_link_text(&link("https://a.org/x", "https://a.org/x")).is_some());
        assert!(vague_link_text(&link("www.a.org", "https://a.org")).is_some());
        assert!(vague_link_text(&link("  ", "https://a")).is_some());
        assert!(vague_link_text(&link("the password policy", "https://a")).is_none());
    }
}
