//! The launch page: every lesson as a `<section>`, every block as accessible
//! HTML. The text is in the HTML so it shows before any script runs; the
//! player adds navigation, interactions, scoring and tracking.

use std::fmt::Write as _;

use trellis_model::{
    Answer, Block, BlockContent, CalloutStyle, Course, ImageLayout, ItemId, Lesson, Media,
    Question, Scenario,
};

use crate::markdown::{Flow, Sanitizer, escape, plain};
use crate::template::Templates;

/// Attributes of an id: `block-{block}` and `block-{block}-{suffix}`.
fn bid(block: &Block) -> String {
    format!("block-{}", block.id)
}

/// A stable pseudo-random order of `n` items, keyed by `salt` (FNV-1a).
/// Never the identity when `n > 1`, so a shuffled list never starts solved.
pub(crate) fn scramble(salt: &str, keys: &[&str]) -> Vec<usize> {
    let hash = |s: &str| -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in salt.bytes().chain([0u8]).chain(s.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (hash(keys[i]), i));
    if keys.len() > 1 && order.iter().enumerate().all(|(i, &v)| i == v) {
        order.rotate_left(1);
    }
    order
}

/// Percent-encodes an asset name into a URL under `assets/`.
pub(crate) fn asset_url(name: &str) -> String {
    let mut out = String::from("assets/");
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A media URL from the model, kept only when it is http(s).
fn media_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

pub(crate) struct PageWriter<'a> {
    pub course: &'a Course,
    pub t: &'a Templates,
    pub md: &'a Sanitizer,
    /// Index of the next question / scenario, in course order.
    pub next_question: usize,
    pub next_scenario: usize,
    pub next_assessment: usize,
    /// A review build: lessons, blocks and the parts of blocks a reviewer
    /// can comment on carry `data-rv-*` attributes (see [`Self::rv`]).
    pub review: bool,
    /// The job aid's links (and QR code), shown at the end of the course's
    /// last lesson when the course has a job aid (see [`Self::set_job_aid`]).
    pub job_aid: Option<String>,
}

impl<'a> PageWriter<'a> {
    /// A writer at the start of the course (question, scenario and
    /// assessment numbering from zero).
    pub fn new(course: &'a Course, t: &'a Templates, md: &'a Sanitizer) -> Self {
        Self {
            course,
            t,
            md,
            next_question: 0,
            next_scenario: 0,
            next_assessment: 0,
            review: false,
            job_aid: None,
        }
    }
}

impl PageWriter<'_> {
    fn md(&self, md: &str) -> String {
        self.md.render(md, Flow::Block)
    }

    fn inline(&self, md: &str) -> String {
        self.md.render(md, Flow::Inline)
    }

    /// In a review build, the attributes that make an element a place a
    /// reviewer can comment on: `data-rv-part` (the part names of
    /// `docs/review-format.md`) and, for a part of one item of the block (a
    /// choice, a pair, a node…), `data-rv-item` with the item's id. Empty
    /// in every other build.
    fn rv(&self, part: &str, item: Option<&ItemId>) -> String {
        if !self.review {
            return String::new();
        }
        match item {
            Some(item) => format!(
                " data-rv-part=\"{part}\" data-rv-item=\"{}\"",
                escape(item.as_str())
            ),
            None => format!(" data-rv-part=\"{part}\""),
        }
    }

    /// The course menu: modules and their lessons, as nested lists of links.
    pub fn menu(&self) -> String {
        let mut out = format!(
            "<nav class=\"t-menu\" id=\"t-menu\" aria-label=\"{}\">\n<ol class=\"t-modules\">\n",
            escape(self.t.s("courseMenu"))
        );
        let mut page = 0usize;
        for (mi, module) in self.course.modules.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><span class=\"t-module-title\" id=\"t-mod-{mi}\">{}</span>\n<ol aria-labelledby=\"t-mod-{mi}\">",
                escape(&module.title)
            );
            for lesson in &module.lessons {
                let _ = writeln!(
                    out,
                    "<li><a href=\"#lesson-{id}\" data-page=\"{page}\">{}</a></li>",
                    escape(&lesson.title),
                    id = lesson.id
                );
                page += 1;
            }
            out.push_str("</ol></li>\n");
        }
        out.push_str("</ol>\n</nav>");
        out
    }

    /// Moves the question, scenario and assessment numbering past `lesson`
    /// without drawing it, as drawing it would.
    pub fn skip(&mut self, lesson: &Lesson) {
        for block in &lesson.blocks {
            self.next_question += usize::from(block.question().is_some());
            self.next_scenario += usize::from(block.scenario().is_some());
        }
        self.next_assessment += usize::from(lesson.assessment_settings().is_some());
    }

    /// A lesson of the editor's lazy preview page that is not drawn yet: its
    /// `<section>` (same id and page index) with only its title, marked
    /// `data-lazy`; the player fetches the whole lesson when it is shown.
    /// Moves the numbering past the lesson ([`Self::skip`]).
    pub fn placeholder(&mut self, page: usize, lesson: &Lesson) -> String {
        self.skip(lesson);
        let id = format!("lesson-{}", lesson.id);
        format!(
            "<section class=\"t-page\" id=\"{id}\" data-page=\"{page}\" aria-labelledby=\"{id}-h\" data-lazy=\"\">\n<h2 class=\"t-page-title\" id=\"{id}-h\" tabindex=\"-1\">{}</h2>\n</section>",
            escape(&lesson.title)
        )
    }

    /// One lesson as a section.
    pub fn lesson(&mut self, page: usize, lesson: &Lesson) -> String {
        let id = format!("lesson-{}", lesson.id);
        let mut out = String::new();
        let assessment = lesson.assessment_settings();
        let class = if assessment.is_some() {
            "t-page t-assessment"
        } else {
            "t-page"
        };
        let _ = write!(
            out,
            "<section class=\"{class}\" id=\"{id}\" data-page=\"{page}\" aria-labelledby=\"{id}-h\""
        );
        if assessment.is_some() {
            let _ = write!(out, " data-asmt=\"{}\"", self.next_assessment);
        }
        if self.review {
            let _ = write!(out, " data-rv-lesson=\"{}\"", escape(lesson.id.as_str()));
        }
        let _ = writeln!(
            out,
            ">\n<h2 class=\"t-page-title\" id=\"{id}-h\" tabindex=\"-1\">{}</h2>",
            escape(&lesson.title)
        );
        if let Some(a) = assessment {
            self.next_assessment += 1;
            let pool = lesson
                .blocks
                .iter()
                .filter(|b| b.question().is_some())
                .count();
            let n = a.draw.map_or(pool, |d| (d as usize).min(pool));
            let mut intro = self.t.fmt(
                "asmtIntro",
                &[("n", &n.to_string()), ("pass", &a.pass_mark.to_string())],
            );
            if a.attempts > 0 {
                intro.push(' ');
                intro.push_str(
                    &self
                        .t
                        .fmt("attemptsIntro", &[("n", &a.attempts.to_string())]),
                );
            }
            let _ = writeln!(
                out,
                "<p class=\"t-asmt-intro\">{}</p>\n<div class=\"t-asmt-body\" data-t=\"asmt-body\">",
                escape(&intro)
            );
        }
        let mut number = 0usize;
        for block in &lesson.blocks {
            if block.question().is_some() {
                number += 1;
            }
            let html = self.block(block, number, assessment.is_some());
            if self.review {
                // The block's root element is the one with its id: it names
                // the block and its fingerprint at build time.
                let root = format!("id=\"{}\"", bid(block));
                let marked = format!(
                    "{root} data-rv-block=\"{}\" data-rv-version=\"{}\"",
                    escape(block.id.as_str()),
                    block.fingerprint()
                );
                out.push_str(&placeholder_badge(
                    &html.replacen(&root, &marked, 1),
                    &root,
                    block,
                ));
            } else {
                out.push_str(&html);
            }
            out.push('\n');
        }
        if assessment.is_some() {
            let _ = writeln!(
                out,
                "<p class=\"t-actions\"><button type=\"button\" class=\"t-btn t-primary\" data-t=\"submit\">{}</button></p>\n</div>",
                escape(self.t.s("submit"))
            );
            let _ = writeln!(
                out,
                "<div class=\"t-results\" data-t=\"results\" hidden>\n<h3 tabindex=\"-1\" data-t=\"results-h\">{}</h3>\n<p data-t=\"score\"></p>\n<ul data-t=\"breakdown\"></ul>\n<p class=\"t-actions\"><button type=\"button\" class=\"t-btn\" data-t=\"retry\" hidden>{}</button></p>\n</div>",
                escape(self.t.s("results")),
                escape(self.t.s("retry"))
            );
        }
        if let Some(links) = &self.job_aid
            && page + 1 == self.course.lessons().count()
        {
            out.push_str(links);
        }
        out.push_str("</section>");
        out
    }

    /// Sets the job aid's part of the last lesson for the page drawn with
    /// `options`, when that page shows it ([`crate::shows_job_aid_links`]).
    pub(crate) fn set_job_aid(&mut self, options: &crate::RenderOptions) {
        if crate::shows_job_aid_links(self.course, options.target) {
            self.job_aid = Some(self.job_aid_links(&crate::job_aid_dir(self.course, options)));
        }
    }

    /// The job aid's part of the last lesson: a link to the phone page
    /// (in a new tab: an LMS frame must not be navigated away) and to each
    /// PDF, under `dir` (`job-aid/`, or `job-aid/fr/` for a translation's
    /// page), and the QR code to the phone page's address when the course
    /// has one.
    pub fn job_aid_links(&self, dir: &str) -> String {
        let t = self.t;
        let mut out = format!(
            "<aside class=\"t-job-aid\" aria-labelledby=\"t-job-aid-h\">\n<h3 id=\"t-job-aid-h\">{}</h3>\n<ul>\n",
            escape(t.s("jobAidTitle"))
        );
        let _ = writeln!(
            out,
            "<li><a href=\"{dir}index.html\" target=\"_blank\" rel=\"noopener\">{} ({})</a></li>",
            escape(t.s("jobAidOpen")),
            escape(t.s("jobAidPhone"))
        );
        for (file, paper) in [
            ("job-aid-a4.pdf", "jobAidA4"),
            ("job-aid-letter.pdf", "jobAidLetter"),
        ] {
            let _ = writeln!(
                out,
                "<li><a href=\"{dir}{file}\" download type=\"application/pdf\">{} ({})</a></li>",
                escape(t.s("jobAidDownload")),
                escape(t.s(paper))
            );
        }
        out.push_str("</ul>\n");
        let url = self.course.info.job_aid_url.trim();
        if !url.is_empty() {
            let _ = writeln!(
                out,
                "<figure class=\"t-job-aid-qr\"><img src=\"{dir}qr-code.svg\" alt=\"{}\" width=\"160\" height=\"160\"><figcaption>{}</figcaption></figure>",
                escape(&t.s("jobAidQrAlt").replace("{url}", url)),
                escape(t.s("jobAidScan"))
            );
        }
        out.push_str("</aside>\n");
        out
    }

    fn block(&mut self, block: &Block, number: usize, in_assessment: bool) -> String {
        let id = bid(block);
        match &block.content {
            BlockContent::Text { markdown } => {
                format!(
                    "<div class=\"t-block t-text\" id=\"{id}\">{}</div>",
                    self.md(markdown)
                )
            }
            BlockContent::Heading { text, level } => {
                let h = (*level).clamp(2, 5) + 1;
                format!(
                    "<h{h} class=\"t-block t-heading\" id=\"{id}\">{}</h{h}>",
                    escape(text)
                )
            }
            BlockContent::Image {
                asset,
                alt,
                caption,
                decorative,
                layout,
                markdown,
            } => {
                let img = self.img(asset, if *decorative { "" } else { alt });
                let caption = if caption.trim().is_empty() {
                    String::new()
                } else {
                    format!(
                        "<figcaption{}>{}</figcaption>",
                        self.rv("caption", None),
                        self.inline(caption)
                    )
                };
                match layout {
                    ImageLayout::Centered => format!(
                        "<figure class=\"t-block t-image\" id=\"{id}\">{img}{caption}</figure>"
                    ),
                    ImageLayout::FullWidth => format!(
                        "<figure class=\"t-block t-image t-image-full-width\" id=\"{id}\">{img}{caption}</figure>"
                    ),
                    ImageLayout::ImageLeft | ImageLayout::ImageRight => {
                        // The reading order is the order on the page: the
                        // image first when it is on the left, the text first
                        // when the image is on the right; narrow screens
                        // stack them in the same order.
                        let figure =
                            format!("<figure class=\"t-image-figure\">{img}{caption}</figure>");
                        let text = if markdown.trim().is_empty() {
                            String::new()
                        } else {
                            format!("<div class=\"t-image-text\">{}</div>", self.md(markdown))
                        };
                        let (class, first, second) = if *layout == ImageLayout::ImageLeft {
                            ("image-left", figure, text)
                        } else {
                            ("image-right", text, figure)
                        };
                        format!(
                            "<div class=\"t-block t-image t-image-beside t-{class}\" id=\"{id}\">{first}{second}</div>"
                        )
                    }
                }
            }
            BlockContent::Video(media) => self.media(&id, "video", media),
            BlockContent::Audio(media) => self.media(&id, "audio", media),
            BlockContent::Callout {
                style,
                title,
                markdown,
            } => {
                let (class, key) = match style {
                    CalloutStyle::Info => ("info", "info"),
                    CalloutStyle::Tip => ("tip", "tip"),
                    CalloutStyle::Warning => ("warning", "warning"),
                };
                let label = escape(self.t.s(key));
                let title = if title.trim().is_empty() || title.trim() == self.t.s(key) {
                    String::new()
                } else {
                    format!(": {}", self.inline(title))
                };
                format!(
                    "<div class=\"t-block t-callout t-callout-{class}\" id=\"{id}\" role=\"note\" aria-labelledby=\"{id}-l\"><p class=\"t-callout-label\" id=\"{id}-l\"><span class=\"t-callout-kind\">{label}</span>{title}</p>{}</div>",
                    self.md(markdown)
                )
            }
            BlockContent::Quote {
                markdown,
                attribution,
            } => {
                let cite = if attribution.trim().is_empty() {
                    String::new()
                } else {
                    format!("<figcaption>— {}</figcaption>", self.inline(attribution))
                };
                format!(
                    "<figure class=\"t-block t-quote\" id=\"{id}\"><blockquote>{}</blockquote>{cite}</figure>",
                    self.md(markdown)
                )
            }
            BlockContent::Accordion { panels } => {
                let mut out = format!("<div class=\"t-block t-accordion\" id=\"{id}\">");
                for p in panels {
                    let _ = write!(
                        out,
                        "<details class=\"t-panel\"{}><summary>{}</summary><div class=\"t-panel-body\">{}</div></details>",
                        self.rv("item", Some(&p.id)),
                        self.inline(&p.title),
                        self.md(&p.markdown)
                    );
                }
                out.push_str("</div>");
                out
            }
            BlockContent::Tabs { panels } => {
                let mut tabs = String::new();
                let mut bodies = String::new();
                for (i, p) in panels.iter().enumerate() {
                    let tid = format!("{id}-tab-{}", p.id);
                    let pid = format!("{id}-panel-{}", p.id);
                    let first = i == 0;
                    let _ = write!(
                        tabs,
                        "<button type=\"button\" role=\"tab\" id=\"{tid}\" aria-controls=\"{pid}\" aria-selected=\"{first}\"{}>{}</button>",
                        if first { "" } else { " tabindex=\"-1\"" },
                        self.inline(&p.title)
                    );
                    let _ = write!(
                        bodies,
                        "<div class=\"t-tabpanel\" role=\"tabpanel\" id=\"{pid}\" aria-labelledby=\"{tid}\" tabindex=\"0\"{}{}>{}</div>",
                        if first { "" } else { " hidden" },
                        self.rv("item", Some(&p.id)),
                        self.md(&p.markdown)
                    );
                }
                format!(
                    "<div class=\"t-block t-tabs\" id=\"{id}\" data-widget=\"tabs\"><div class=\"t-tablist\" role=\"tablist\">{tabs}</div>{bodies}</div>"
                )
            }
            BlockContent::Flashcards { cards } => {
                let mut out =
                    format!("<ul class=\"t-block t-cards\" id=\"{id}\" data-widget=\"cards\">");
                for (i, c) in cards.iter().enumerate() {
                    let label = self.t.fmt("card", &[("n", &(i + 1).to_string())]);
                    let _ = write!(
                        out,
                        "<li{}><button type=\"button\" class=\"t-card\" aria-pressed=\"false\"><span class=\"t-vh\">{}: </span><span class=\"t-face t-front\">{}</span><span class=\"t-face t-back\" hidden>{}</span></button></li>",
                        self.rv("item", Some(&c.id)),
                        escape(&label),
                        self.inline(&c.front),
                        self.inline(&c.back)
                    );
                }
                out.push_str("</ul>");
                out
            }
            BlockContent::Process { steps } => {
                let mut out = format!("<ol class=\"t-block t-process\" id=\"{id}\">");
                for s in steps {
                    let _ = write!(
                        out,
                        "<li class=\"t-step\"{}><p class=\"t-step-title\">{}</p>{}</li>",
                        self.rv("item", Some(&s.id)),
                        self.inline(&s.title),
                        self.md(&s.markdown)
                    );
                }
                out.push_str("</ol>");
                out
            }
            BlockContent::Columns { columns } => {
                let mut out = format!(
                    "<div class=\"t-block t-columns t-columns-{}\" id=\"{id}\">",
                    columns.len()
                );
                for c in columns {
                    let title = if c.title.trim().is_empty() {
                        String::new()
                    } else {
                        format!("<p class=\"t-column-title\">{}</p>", self.inline(&c.title))
                    };
                    let _ = write!(
                        out,
                        "<div class=\"t-column\"{}>{title}{}</div>",
                        self.rv("item", Some(&c.id)),
                        self.md(&c.markdown)
                    );
                }
                out.push_str("</div>");
                out
            }
            BlockContent::LabelledGraphic {
                asset,
                alt,
                markers,
            } => {
                let mut pins = String::new();
                let mut list = String::new();
                for (i, m) in markers.iter().enumerate() {
                    let mid = format!("{id}-m-{}", m.id);
                    let x = m.x.clamp(0.0, 100.0);
                    let y = m.y.clamp(0.0, 100.0);
                    let label = self.inline(&m.label);
                    let _ = write!(
                        pins,
                        "<button type=\"button\" class=\"t-marker\" data-x=\"{x}\" data-y=\"{y}\" aria-expanded=\"false\" aria-controls=\"{mid}-pop\">{n}<span class=\"t-vh\"> {label}</span></button><div class=\"t-pop\" id=\"{mid}-pop\" data-x=\"{x}\" data-y=\"{y}\" hidden><p class=\"t-pop-title\">{label}</p>{body}</div>",
                        n = i + 1,
                        body = self.md(&m.markdown)
                    );
                    let _ = write!(
                        list,
                        "<li id=\"{mid}\"{}><p class=\"t-marker-label\">{label}</p>{}</li>",
                        self.rv("item", Some(&m.id)),
                        self.md(&m.markdown)
                    );
                }
                format!(
                    "<figure class=\"t-block t-graphic\" id=\"{id}\" data-widget=\"graphic\"><div class=\"t-graphic-img\">{}{pins}</div><figcaption><span class=\"t-vh\">{}</span><ol class=\"t-marker-list\">{list}</ol></figcaption></figure>",
                    self.img(asset, alt),
                    escape(self.t.s("markers"))
                )
            }
            BlockContent::Divider => format!("<hr class=\"t-block t-divider\" id=\"{id}\">"),
            BlockContent::Question(q) => {
                let index = self.next_question;
                self.next_question += 1;
                self.question(block, q, index, number, in_assessment)
            }
            BlockContent::Scenario(s) => {
                let index = self.next_scenario;
                self.next_scenario += 1;
                self.scenario(block, s, index)
            }
        }
    }

    fn img(&self, asset: &str, alt: &str) -> String {
        if asset.trim().is_empty() {
            // No image chosen yet (the check reports it): nothing to load,
            // as `assets/` would name no file.
            return if alt.trim().is_empty() {
                "<span class=\"t-no-image\" aria-hidden=\"true\"></span>".into()
            } else {
                format!(
                    "<span class=\"t-no-image\" role=\"img\" aria-label=\"{}\"></span>",
                    escape(alt)
                )
            };
        }
        let size = self
            .course
            .asset(asset)
            .and_then(|a| Some((a.width?, a.height?)))
            .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
            .unwrap_or_default();
        format!(
            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\" decoding=\"async\">",
            escape(&asset_url(asset)),
            escape(alt)
        )
    }

    fn media(&self, id: &str, tag: &str, m: &Media) -> String {
        let src = m
            .asset
            .as_deref()
            .map(asset_url)
            .or_else(|| m.url.as_deref().and_then(media_url).map(str::to_owned));
        let mut out = format!("<figure class=\"t-block t-{tag}\" id=\"{id}\">");
        let _ = write!(out, "<{tag} controls preload=\"metadata\"");
        if let Some(src) = &src {
            let _ = write!(out, " src=\"{}\"", escape(src));
        }
        if let (Some(poster), "video") = (&m.poster, tag) {
            let _ = write!(out, " poster=\"{}\"", escape(&asset_url(poster)));
        }
        if !m.title.trim().is_empty() {
            let _ = write!(out, " aria-label=\"{}\"", escape(m.title.trim()));
        }
        out.push('>');
        if let Some(captions) = &m.captions {
            let _ = write!(
                out,
                "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\" default>",
                escape(&asset_url(captions)),
                escape(&self.course.info.language),
                escape(self.t.s("captions"))
            );
        }
        if let Some(src) = &src {
            let _ = write!(out, "<a href=\"{}\">{}</a>", escape(src), escape(src));
        }
        let _ = write!(out, "</{tag}>");
        if !m.title.trim().is_empty() {
            let _ = write!(
                out,
                "<figcaption{}>{}</figcaption>",
                self.rv("title", None),
                escape(m.title.trim())
            );
        }
        if !m.transcript.trim().is_empty() {
            let _ = write!(
                out,
                "<details class=\"t-transcript\"{}><summary>{}</summary>{}</details>",
                self.rv("transcript", None),
                escape(self.t.s("transcript")),
                self.md(&m.transcript)
            );
        }
        out.push_str("</figure>");
        out
    }

    fn question(
        &self,
        block: &Block,
        q: &Question,
        index: usize,
        number: usize,
        in_assessment: bool,
    ) -> String {
        let id = bid(block);
        let mut out = format!(
            "<fieldset class=\"t-block t-question\" id=\"{id}\" data-q=\"{index}\" data-kind=\"{}\" aria-labelledby=\"{id}-n {id}-p\">",
            q.kind()
        );
        let mut points = self.t.fmt("points", &[("n", &q.points.to_string())]);
        if q.scored && !in_assessment {
            points = format!("{points} · {}", self.t.s("scoredCheck"));
        }
        let _ = write!(
            out,
            "<p class=\"t-qnum\"><span id=\"{id}-n\" data-t=\"qnum\">{}</span> <span class=\"t-points\">({})</span></p>",
            escape(&self.t.fmt("question", &[("n", &number.to_string())])),
            escape(&points)
        );
        let mut prompt = self.md(&q.prompt.replacen("___", "TRELLISBLANKMARK", 1));
        let blank = format!(
            "<span class=\"t-blank\"><span class=\"t-vh\">{}</span></span>",
            escape(self.t.s("blank"))
        );
        prompt = prompt.replacen("TRELLISBLANKMARK", &blank, 1);
        // A prompt with several underscores keeps the rest literally.
        let _ = write!(
            out,
            "<div class=\"t-prompt\" id=\"{id}-p\"{}>{prompt}</div>",
            self.rv("prompt", None)
        );
        let mut feedback = String::new();
        let mut fb = |key: &str, md: &str, rv: String| {
            if !md.trim().is_empty() {
                let _ = write!(
                    feedback,
                    "<div class=\"t-fb\" data-fb=\"{key}\"{rv} hidden>{}</div>",
                    self.md(md)
                );
            }
        };
        fb(
            "correct",
            &q.correct_feedback,
            self.rv("correct-feedback", None),
        );
        fb(
            "incorrect",
            &q.incorrect_feedback,
            self.rv("incorrect-feedback", None),
        );
        out.push_str("<div class=\"t-answer\">");
        match &q.answer {
            Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                let (ty, class) = if matches!(q.answer, Answer::SingleChoice { .. }) {
                    ("radio", "t-choices")
                } else {
                    ("checkbox", "t-choices t-multi")
                };
                let _ = write!(out, "<div class=\"{class}\">");
                for (i, c) in choices.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<div class=\"t-choice\"{}><input type=\"{ty}\" name=\"{id}-r\" id=\"{id}-{i}\" value=\"{i}\"><label for=\"{id}-{i}\">{}</label></div>",
                        self.rv("choice", Some(&c.id)),
                        self.inline(&c.text)
                    );
                    fb(
                        &format!("c{i}"),
                        &c.feedback,
                        self.rv("choice-feedback", Some(&c.id)),
                    );
                }
                out.push_str("</div>");
            }
            Answer::TrueFalse {
                true_feedback,
                false_feedback,
                ..
            } => {
                out.push_str("<div class=\"t-choices\">");
                for (value, key) in [(1, "true"), (0, "false")] {
                    let _ = write!(
                        out,
                        "<div class=\"t-choice\"><input type=\"radio\" name=\"{id}-r\" id=\"{id}-{value}\" value=\"{value}\"><label for=\"{id}-{value}\">{}</label></div>",
                        escape(self.t.s(key))
                    );
                }
                out.push_str("</div>");
                fb("c1", true_feedback, self.rv("true-feedback", None));
                fb("c0", false_feedback, self.rv("false-feedback", None));
            }
            Answer::FillBlank { accepted, .. } => {
                let _ = write!(
                    out,
                    "<p class=\"t-field\"><label for=\"{id}-in\">{}</label> <input type=\"text\" id=\"{id}-in\" maxlength=\"{}\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\"></p>",
                    escape(self.t.s("yourAnswer")),
                    crate::budget::fill_max_len(accepted)
                );
            }
            Answer::Numeric { .. } => {
                let _ = write!(
                    out,
                    "<p class=\"t-field\"><label for=\"{id}-in\">{}</label> <input type=\"text\" inputmode=\"decimal\" id=\"{id}-in\" maxlength=\"{}\" autocomplete=\"off\"></p>",
                    escape(self.t.s("yourNumber")),
                    crate::budget::NUMERIC_MAX_LEN
                );
            }
            Answer::Matching { pairs } => {
                let keys: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
                let order = scramble(&format!("{}:m", block.id), &keys);
                let mut options =
                    format!("<option value=\"\">{}</option>", escape(self.t.s("choose")));
                for &i in &order {
                    let _ = write!(
                        options,
                        "<option value=\"{i}\">{}</option>",
                        escape(&plain(&pairs[i].right))
                    );
                }
                out.push_str("<div class=\"t-matches\">");
                for (i, p) in pairs.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<div class=\"t-match\"{}><label for=\"{id}-{i}\">{}</label> <select id=\"{id}-{i}\" data-i=\"{i}\">{options}</select></div>",
                        self.rv("item", Some(&p.id)),
                        self.inline(&p.left)
                    );
                }
                out.push_str("</div>");
            }
            Answer::Ordering { items } => {
                let keys: Vec<&str> = items.iter().map(|p| p.id.as_str()).collect();
                let order = scramble(&format!("{}:o", block.id), &keys);
                out.push_str("<ol class=\"t-order\">");
                for &i in &order {
                    let text = self.inline(&items[i].text);
                    let name = escape(&plain(&items[i].text));
                    let _ = write!(
                        out,
                        "<li class=\"t-order-item\" data-i=\"{i}\"{rv}><span class=\"t-order-text\">{text}</span> <span class=\"t-order-btns\"><button type=\"button\" class=\"t-btn t-small\" data-t=\"up\" aria-label=\"{up}: {name}\"><span aria-hidden=\"true\">↑ </span>{up}</button> <button type=\"button\" class=\"t-btn t-small\" data-t=\"down\" aria-label=\"{down}: {name}\"><span aria-hidden=\"true\">↓ </span>{down}</button></span></li>",
                        up = escape(self.t.s("up")),
                        down = escape(self.t.s("down")),
                        rv = self.rv("item", Some(&items[i].id)),
                    );
                }
                out.push_str("</ol>");
            }
        }
        out.push_str("</div>");
        if !in_assessment {
            let _ = write!(
                out,
                "<p class=\"t-actions\"><button type=\"button\" class=\"t-btn t-primary\" data-t=\"check\">{}</button>",
                escape(self.t.s("check"))
            );
            if !q.hint.trim().is_empty() {
                let _ = write!(
                    out,
                    " <button type=\"button\" class=\"t-btn\" data-t=\"hint\" aria-expanded=\"false\" aria-controls=\"{id}-hint\">{}</button>",
                    escape(self.t.s("hint"))
                );
            }
            out.push_str("</p>");
            if !q.hint.trim().is_empty() {
                let _ = write!(
                    out,
                    "<div class=\"t-hint\" id=\"{id}-hint\"{} hidden>{}</div>",
                    self.rv("hint", None),
                    self.md(&q.hint)
                );
            }
            let _ = write!(
                out,
                "<div class=\"t-feedback\" data-t=\"feedback\" hidden><p class=\"t-verdict\" data-t=\"verdict\"></p>{feedback}</div>"
            );
        }
        out.push_str("</fieldset>");
        out
    }

    fn scenario(&self, block: &Block, s: &Scenario, index: usize) -> String {
        let id = bid(block);
        let mut out = format!(
            "<div class=\"t-block t-scenario\" id=\"{id}\" data-s=\"{index}\" role=\"group\" aria-labelledby=\"{id}-h\"><h3 class=\"t-scen-title\" id=\"{id}-h\"{}>{}</h3>",
            self.rv("title", None),
            escape(&s.title)
        );
        let _ = write!(
            out,
            "<ol class=\"t-scen-log\" data-t=\"log\" aria-label=\"{}\" hidden></ol>",
            escape(self.t.s("choicesSoFar"))
        );
        for (ni, node) in s.nodes.iter().enumerate() {
            let hidden = if node.id == s.start { "" } else { " hidden" };
            let _ = write!(
                out,
                "<div class=\"t-node\" data-node=\"{ni}\" tabindex=\"-1\"{}{hidden}><div class=\"t-narrative\">{}</div>",
                self.rv("node", Some(&node.id)),
                self.md(&node.narrative)
            );
            if let Some(end) = &node.ending {
                let _ = write!(
                    out,
                    "<p class=\"t-ending\"{}><strong>{}</strong>",
                    self.rv("ending", Some(&node.id)),
                    escape(&self.t.fmt("ending", &[("label", &end.label)]))
                );
                if let Some(score) = end.score {
                    let _ = write!(
                        out,
                        " <span>{}</span>",
                        escape(&self.t.fmt("endingScore", &[("score", &score.to_string())]))
                    );
                }
                out.push_str("</p>");
            }
            if !node.choices.is_empty() {
                out.push_str("<ul class=\"t-scen-choices\">");
                for (ci, c) in node.choices.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<li{}><button type=\"button\" class=\"t-btn\" data-c=\"{ci}\">{}</button><div class=\"t-consequence\"{} hidden>{}</div></li>",
                        self.rv("scenario-choice", Some(&c.id)),
                        self.inline(&c.text),
                        self.rv("consequence", Some(&c.id)),
                        self.md(&c.consequence)
                    );
                }
                out.push_str("</ul>");
            }
            out.push_str("</div>");
        }
        let _ = write!(
            out,
            "<p class=\"t-actions\"><button type=\"button\" class=\"t-btn\" data-t=\"restart\" hidden>{}</button></p></div>",
            escape(self.t.s("restart"))
        );
        out
    }
}

/// In a review build, a block that still holds blueprint placeholder text
/// opens with a badge saying so and naming the texts to replace, so
/// reviewers know the words are not the author's yet.
fn placeholder_badge(html: &str, root: &str, block: &Block) -> String {
    let fields = block.placeholder_fields();
    if fields.is_empty() {
        return html.to_owned();
    }
    let Some(open_end) = html
        .find(root)
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
    else {
        return html.to_owned();
    };
    let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
    format!(
        "{}<p class=\"rv-placeholder\" data-rv-placeholder=\"{}\"><strong>Placeholder — not replaced yet.</strong> Still the blueprint's text: {}.</p>{}",
        &html[..open_end],
        fields.len(),
        escape(&labels.join(", ")),
        &html[open_end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scramble_is_stable_and_never_solved() {
        let keys = ["a", "b", "c", "d"];
        let a = scramble("x", &keys);
        assert_eq!(a, scramble("x", &keys));
        assert_ne!(a, vec![0, 1, 2, 3]);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3]);
        assert_eq!(scramble("x", &["only"]), vec![0]);
    }

    #[test]
    fn asset_urls_are_encoded() {
        assert_eq!(asset_url("images/a b\".png"), "assets/images/a%20b%22.png");
    }
}
