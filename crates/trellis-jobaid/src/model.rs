//! What goes in a course's job aid, in order: one model that the PDF, the
//! phone page and the editor's job-aid view all draw from.
//!
//! The author marks blocks and lessons ([`Lesson::block_in_job_aid`]); each
//! marked block becomes one or more [`Part`]s under its lesson's title:
//! process steps become numbered steps, bulleted lists a checklist,
//! Markdown tables a table, a scenario a decision tree, images key
//! pictures, the rest short text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use trellis_model::{Block, BlockContent, Course, Lesson, Panel, Scenario};

/// The job aid of one course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobAid {
    pub title: String,
    /// The course's version label.
    pub version: String,
    /// The date of this version (`YYYY-MM-DD`), empty when not set.
    pub date: String,
    /// BCP 47 language tag of the content.
    pub language: String,
    pub colours: Colours,
    /// Asset name of the theme's logo.
    pub logo: Option<String>,
    /// Where the phone page is online: the QR code's target.
    pub url: Option<String>,
    pub sections: Vec<Section>,
}

/// The theme's colours, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Colours {
    pub primary: String,
    pub background: String,
    pub text: String,
}

/// One lesson's share of the aid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub parts: Vec<Part>,
}

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub strong: bool,
}

/// A line or paragraph of formatted text.
pub type Text = Vec<Run>;

/// One piece of the aid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Part {
    Heading {
        text: String,
    },
    Paragraph {
        text: Text,
    },
    /// Numbered steps, each with a title and its detail.
    Steps {
        steps: Vec<Step>,
    },
    /// Points to tick off.
    Checklist {
        items: Vec<Text>,
    },
    /// A callout: a titled note.
    Note {
        title: String,
        paragraphs: Vec<Text>,
    },
    Table {
        /// The header row; empty when the table has none.
        head: Vec<Text>,
        rows: Vec<Vec<Text>>,
    },
    /// A scenario turned into decision points.
    Decisions {
        title: String,
        points: Vec<DecisionPoint>,
    },
    Picture {
        asset: String,
        alt: String,
        caption: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub title: Text,
    pub detail: Vec<Text>,
}

/// One decision of a scenario: the situation and each option's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionPoint {
    /// 1-based, as printed ("Decision 2").
    pub number: usize,
    pub situation: Vec<Text>,
    pub options: Vec<DecisionOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionOption {
    pub choice: String,
    pub outcome: Vec<Text>,
    /// The decision point this option leads to.
    pub next: Option<usize>,
    /// The ending it leads to, when it ends the scenario.
    pub ending: Option<String>,
}

/// Whether a block of this kind can go in a job aid: reference content,
/// not media to play or questions to answer.
pub fn kind_fits(content: &BlockContent) -> bool {
    content.fits_job_aid()
}

/// Whether `block` of `lesson` goes in the aid.
pub fn block_included(lesson: &Lesson, block: &Block) -> bool {
    kind_fits(&block.content) && lesson.block_in_job_aid(block)
}

/// Whether the course has a job aid: at least one block goes in it.
pub fn has_job_aid(course: &Course) -> bool {
    course.has_job_aid()
}

/// The job aid of `course`: its marked blocks, lesson by lesson, in course
/// order. A course with nothing marked gives an aid with no sections.
pub fn build(course: &Course) -> JobAid {
    let info = &course.info;
    let mut sections = Vec::new();
    for lesson in course.lessons() {
        let mut parts = Vec::new();
        for block in lesson.blocks.iter().filter(|b| block_included(lesson, b)) {
            block_parts(&block.content, &mut parts);
        }
        if !parts.is_empty() {
            sections.push(Section {
                title: lesson.title.clone(),
                parts,
            });
        }
    }
    let url = info.job_aid_url.trim();
    JobAid {
        title: info.title.clone(),
        version: info.version.clone(),
        date: info.version_date.clone(),
        language: info.language.clone(),
        colours: Colours {
            primary: info.theme.primary_color.clone(),
            background: info.theme.background_color.clone(),
            text: info.theme.text_color.clone(),
        },
        logo: info.theme.logo.clone(),
        url: (!url.is_empty()).then(|| url.to_owned()),
        sections,
    }
}

fn block_parts(content: &BlockContent, parts: &mut Vec<Part>) {
    match content {
        BlockContent::Text { markdown } | BlockContent::Quote { markdown, .. } => {
            markdown_parts(markdown, parts)
        }
        BlockContent::Heading { text, .. } => parts.push(Part::Heading { text: text.clone() }),
        BlockContent::Image {
            asset,
            alt,
            caption,
            decorative,
            markdown,
            ..
        } => {
            if !decorative {
                parts.push(Part::Picture {
                    asset: asset.clone(),
                    alt: alt.clone(),
                    caption: plain(caption),
                });
            }
            markdown_parts(markdown, parts);
        }
        BlockContent::Callout {
            title, markdown, ..
        } => {
            let mut inner = Vec::new();
            markdown_parts(markdown, &mut inner);
            parts.push(Part::Note {
                title: plain(title),
                paragraphs: flatten(inner),
            });
        }
        BlockContent::Process { steps } => parts.push(Part::Steps {
            steps: steps.iter().map(step).collect(),
        }),
        BlockContent::Accordion { panels }
        | BlockContent::Tabs { panels }
        | BlockContent::Columns { columns: panels } => {
            for p in panels {
                if !p.title.trim().is_empty() {
                    parts.push(Part::Heading {
                        text: plain(&p.title),
                    });
                }
                markdown_parts(&p.markdown, parts);
            }
        }
        BlockContent::Flashcards { cards } => parts.push(Part::Table {
            head: Vec::new(),
            rows: cards
                .iter()
                .map(|c| vec![inline(&c.front), inline(&c.back)])
                .collect(),
        }),
        BlockContent::LabelledGraphic {
            asset,
            alt,
            markers,
        } => {
            parts.push(Part::Picture {
                asset: asset.clone(),
                alt: alt.clone(),
                caption: String::new(),
            });
            parts.push(Part::Steps {
                steps: markers
                    .iter()
                    .map(|m| Step {
                        title: inline(&m.label),
                        detail: flatten_md(&m.markdown),
                    })
                    .collect(),
            });
        }
        BlockContent::Scenario(s) => parts.push(decisions(s)),
        BlockContent::Video(_)
        | BlockContent::Audio(_)
        | BlockContent::Divider
        | BlockContent::Question(_) => {}
    }
}

fn step(p: &Panel) -> Step {
    Step {
        title: inline(&p.title),
        detail: flatten_md(&p.markdown),
    }
}

/// A scenario as decision points, numbered in the order a learner meets
/// them (breadth first from the start), endings named by their label.
fn decisions(s: &Scenario) -> Part {
    let mut order = Vec::new();
    let mut queue = std::collections::VecDeque::from([s.start.clone()]);
    while let Some(id) = queue.pop_front() {
        if order.contains(&id) {
            continue;
        }
        let Some(node) = s.node(&id) else { continue };
        if node.choices.is_empty() {
            continue;
        }
        order.push(id);
        for c in &node.choices {
            queue.push_back(c.next.clone());
        }
    }
    let points = order
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let node = s.node(id)?;
            Some(DecisionPoint {
                number: i + 1,
                situation: flatten_md(&node.narrative),
                options: node
                    .choices
                    .iter()
                    .map(|c| {
                        let next = order.iter().position(|o| *o == c.next).map(|p| p + 1);
                        let ending = s
                            .node(&c.next)
                            .and_then(|n| n.ending.as_ref())
                            .map(|e| e.label.clone());
                        DecisionOption {
                            choice: plain(&c.text),
                            outcome: flatten_md(&c.consequence),
                            next,
                            ending,
                        }
                    })
                    .collect(),
            })
        })
        .collect();
    Part::Decisions {
        title: s.title.clone(),
        points,
    }
}

/// Markdown as paragraphs only (lists and tables become one paragraph per
/// item or row).
fn flatten_md(markdown: &str) -> Vec<Text> {
    let mut parts = Vec::new();
    markdown_parts(markdown, &mut parts);
    flatten(parts)
}

fn flatten(parts: Vec<Part>) -> Vec<Text> {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Heading { text } => out.push(vec![Run { text, strong: true }]),
            Part::Paragraph { text } => out.push(text),
            Part::Checklist { items } => out.extend(items),
            Part::Steps { steps } => {
                for s in steps {
                    out.push(s.title);
                    out.extend(s.detail);
                }
            }
            Part::Table { head, rows } => {
                for row in std::iter::once(head).chain(rows) {
                    let mut line: Text = Vec::new();
                    for (i, cell) in row.into_iter().enumerate() {
                        if i > 0 {
                            push_run(&mut line, " – ", false);
                        }
                        for r in cell {
                            push_run(&mut line, &r.text, r.strong);
                        }
                    }
                    if !line.is_empty() {
                        out.push(line);
                    }
                }
            }
            Part::Note { paragraphs, .. } => out.extend(paragraphs),
            Part::Decisions { .. } | Part::Picture { .. } => {}
        }
    }
    out
}

/// Inline Markdown (a title, a label) as text.
fn inline(markdown: &str) -> Text {
    let text: Vec<Text> = flatten_md(markdown);
    let mut out = Vec::new();
    for (i, t) in text.into_iter().enumerate() {
        if i > 0 {
            push_run(&mut out, " ", false);
        }
        for r in t {
            push_run(&mut out, &r.text, r.strong);
        }
    }
    out
}

/// Inline Markdown as plain text.
pub fn plain(markdown: &str) -> String {
    inline(markdown).into_iter().map(|r| r.text).collect()
}

fn push_run(text: &mut Text, s: &str, strong: bool) {
    if s.is_empty() {
        return;
    }
    match text.last_mut() {
        Some(last) if last.strong == strong => last.text.push_str(s),
        _ => text.push(Run {
            text: s.to_owned(),
            strong,
        }),
    }
}

/// What the Markdown reader is inside of.
enum Open {
    Bullets(Vec<Text>),
    Numbers(Vec<Step>),
    Table {
        head: Vec<Text>,
        rows: Vec<Vec<Text>>,
        in_head: bool,
    },
}

/// Markdown cut into parts: paragraphs, headings, bulleted lists as
/// checklists, numbered lists as steps, tables. Nested lists join their
/// parent item's detail; images in text are left out (they have no alt
/// text the author wrote for the aid).
fn markdown_parts(markdown: &str, parts: &mut Vec<Part>) {
    let mut stack: Vec<Open> = Vec::new();
    let mut cur: Text = Vec::new();
    let mut row: Vec<Text> = Vec::new();
    let mut strong = 0usize;
    let mut item_depth = 0usize;
    // The current top-level list item has no text yet.
    let mut fresh = false;
    let finish_text = |cur: &mut Text, stack: &mut Vec<Open>, parts: &mut Vec<Part>| {
        trim(cur);
        if cur.is_empty() {
            return;
        }
        let text = std::mem::take(cur);
        match stack.last_mut() {
            Some(Open::Bullets(items)) => items.push(text),
            Some(Open::Numbers(steps)) => steps.push(Step {
                title: text,
                detail: Vec::new(),
            }),
            Some(Open::Table { .. }) => {}
            None => parts.push(Part::Paragraph { text }),
        }
    };
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::List(first)) => {
                if item_depth > 0 {
                    flush_item(&mut cur, &mut stack, &mut fresh);
                } else {
                    finish_text(&mut cur, &mut stack, parts);
                }
                if stack.is_empty() {
                    stack.push(match first {
                        Some(_) => Open::Numbers(Vec::new()),
                        None => Open::Bullets(Vec::new()),
                    });
                }
            }
            Event::End(TagEnd::List(_)) => {
                if item_depth > 0 {
                    flush_item(&mut cur, &mut stack, &mut fresh);
                } else {
                    finish_text(&mut cur, &mut stack, parts);
                }
                if item_depth == 0 {
                    match stack.pop() {
                        Some(Open::Bullets(items)) => parts.push(Part::Checklist { items }),
                        Some(Open::Numbers(steps)) => parts.push(Part::Steps { steps }),
                        _ => {}
                    }
                }
            }
            Event::Start(Tag::Item) => {
                if item_depth > 0 {
                    flush_item(&mut cur, &mut stack, &mut fresh);
                } else {
                    fresh = true;
                }
                item_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                flush_item(&mut cur, &mut stack, &mut fresh);
                item_depth -= 1;
            }
            Event::End(TagEnd::Paragraph) => {
                if item_depth == 0 {
                    finish_text(&mut cur, &mut stack, parts);
                } else {
                    flush_item(&mut cur, &mut stack, &mut fresh);
                }
            }
            Event::Start(Tag::Heading { .. }) => finish_text(&mut cur, &mut stack, parts),
            Event::End(TagEnd::Heading(_)) => {
                trim(&mut cur);
                let text: String = std::mem::take(&mut cur)
                    .into_iter()
                    .map(|r| r.text)
                    .collect();
                if !text.is_empty() {
                    parts.push(Part::Heading { text });
                }
            }
            Event::Start(Tag::Table(_)) => {
                finish_text(&mut cur, &mut stack, parts);
                stack.push(Open::Table {
                    head: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(Open::Table { in_head, .. }) = stack.last_mut() {
                    *in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(Open::Table { head, in_head, .. }) = stack.last_mut() {
                    *head = std::mem::take(&mut row);
                    *in_head = false;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(Open::Table { rows, .. }) = stack.last_mut() {
                    rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::TableCell) => {
                trim(&mut cur);
                row.push(std::mem::take(&mut cur));
            }
            Event::End(TagEnd::Table) => {
                if let Some(Open::Table { head, rows, .. }) = stack.pop() {
                    parts.push(Part::Table { head, rows });
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => push_run(&mut cur, &t, strong > 0),
            Event::SoftBreak | Event::HardBreak => push_run(&mut cur, " ", strong > 0),
            Event::End(TagEnd::BlockQuote(_)) | Event::End(TagEnd::CodeBlock)
                if item_depth == 0 =>
            {
                finish_text(&mut cur, &mut stack, parts);
            }
            _ => {}
        }
    }
    finish_text(&mut cur, &mut stack, parts);
    while let Some(open) = stack.pop() {
        match open {
            Open::Bullets(items) => parts.push(Part::Checklist { items }),
            Open::Numbers(steps) => parts.push(Part::Steps { steps }),
            Open::Table { head, rows, .. } => parts.push(Part::Table { head, rows }),
        }
    }
}

/// Ends the text gathered in a list item: the first text of a top-level
/// item is the item, any later text its detail.
fn flush_item(cur: &mut Text, stack: &mut [Open], fresh: &mut bool) {
    trim(cur);
    if cur.is_empty() {
        return;
    }
    let text = std::mem::take(cur);
    if *fresh {
        *fresh = false;
        match stack.last_mut() {
            Some(Open::Bullets(items)) => items.push(text),
            Some(Open::Numbers(steps)) => steps.push(Step {
                title: text,
                detail: Vec::new(),
            }),
            _ => {}
        }
    } else {
        add_detail(stack, text);
    }
}

/// Adds a paragraph to the last item of the open list.
fn add_detail(stack: &mut [Open], text: Text) {
    match stack.last_mut() {
        Some(Open::Numbers(steps)) => match steps.last_mut() {
            Some(s) => s.detail.push(text),
            None => steps.push(Step {
                title: text,
                detail: Vec::new(),
            }),
        },
        Some(Open::Bullets(items)) => items.push(text),
        _ => {}
    }
}

/// Trims white space at both ends of a text and drops empty runs.
fn trim(text: &mut Text) {
    if let Some(first) = text.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = text.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    text.retain(|r| !r.text.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &Text) -> String {
        t.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn markdown_becomes_checklists_steps_tables_and_paragraphs() {
        let mut parts = Vec::new();
        markdown_parts(
            "Before you start:\n\n- Key **out**\n- Forks down\n\n1. Walk round\n2. Check tyres\n   - Cuts\n\n| Load | Height |\n| --- | --- |\n| 1000 kg | 3 m |\n\n## After\n\nPark it.",
            &mut parts,
        );
        let kinds: Vec<&str> = parts
            .iter()
            .map(|p| match p {
                Part::Paragraph { .. } => "p",
                Part::Checklist { .. } => "checklist",
                Part::Steps { .. } => "steps",
                Part::Table { .. } => "table",
                Part::Heading { .. } => "h",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["p", "checklist", "steps", "table", "h", "p"]);
        let Part::Checklist { items } = &parts[1] else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(words(&items[0]), "Key out");
        assert!(items[0][1].strong);
        let Part::Steps { steps } = &parts[2] else {
            panic!()
        };
        assert_eq!(steps.len(), 2);
        assert_eq!(words(&steps[1].title), "Check tyres");
        assert_eq!(words(&steps[1].detail[0]), "Cuts");
        let Part::Table { head, rows } = &parts[3] else {
            panic!()
        };
        assert_eq!(words(&head[1]), "Height");
        assert_eq!(words(&rows[0][0]), "1000 kg");
    }
}
