//! PowerPoint presentations (.pptx, as PowerPoint and LibreOffice Impress
//! write them). Slides keep their order (`presentation.xml`'s slide list).
//! Each slide becomes a lesson titled by its title placeholder, or, with
//! [`SlideMode::Headings`], a heading block in one lesson. Its other text
//! becomes a text block in Markdown (body placeholders are bulleted lists,
//! with their levels; bold and italic kept), its pictures image blocks with
//! their descriptions, its tables Markdown tables, and its speaker notes a
//! text block after the slide's content. Charts, SmartArt, media, shapes
//! without text and slides' animations are reported with their slide.

use trellis_model::BlockContent;

use crate::ImportError;
use crate::build::Builder;
use crate::docx::{escape, escape_start};
use crate::ooxml::{Element, MAX_MEDIA_BYTES, Package, Rel};

/// What a slide becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlideMode {
    /// Each slide a lesson (in one module titled after the presentation).
    #[default]
    Lessons,
    /// Each slide a heading block, all in one lesson.
    Headings,
}

/// A slide's text, pictures and notes, as read.
#[derive(Default)]
struct Slide {
    title: String,
    text: Vec<String>,
    pictures: Vec<(String, String, Option<String>)>,
    /// Text boxes that are no placeholder: where their top is, and the
    /// index of their first paragraph in `text` and how many they have.
    boxes: Vec<(i64, usize, usize)>,
}

impl Slide {
    /// Without a title placeholder (LibreOffice writes plain text boxes),
    /// the topmost text box of one line is the title.
    fn title_from_boxes(&mut self) {
        if !self.title.is_empty() {
            return;
        }
        let Some(&(_, at, len)) = self.boxes.iter().min_by_key(|b| b.0) else {
            return;
        };
        if len == 1 && !self.text[at].contains('\n') {
            let title = self.text.remove(at);
            self.title = title
                .trim_start_matches("- ")
                .replace('\\', "")
                .replace("**", "")
                .trim()
                .to_owned();
        }
    }
}

/// The top of a shape, in the slide's units.
fn top(shape: &Element) -> i64 {
    shape
        .find("off")
        .and_then(|o| o.attr("y"))
        .and_then(|y| y.parse().ok())
        .unwrap_or(i64::MAX)
}

/// Reads the presentation in `pkg` into `b`.
pub(crate) fn read(pkg: &mut Package, b: &mut Builder, mode: SlideMode) -> Result<(), ImportError> {
    let main = pkg.main_part("ppt/presentation.xml")?;
    let Some(presentation) = pkg.xml(&main)? else {
        return Err(ImportError::Refused {
            path: pkg.shown().to_owned(),
            why: "it has no presentation part (ppt/presentation.xml is missing), so it is not a PowerPoint presentation, or it is damaged".to_owned(),
        });
    };
    let rels = pkg.rels(&main)?;
    let mut slides = Vec::new();
    if let Some(list) = presentation.child("sldIdLst") {
        for s in list.elements().filter(|e| e.name == "sldId") {
            // The relationship id is the `r:id` attribute (the plain `id`
            // beside it is a number).
            let rid = s
                .attrs
                .iter()
                .find(|(k, v)| k == "id" && !v.chars().all(|c| c.is_ascii_digit()))
                .map(|(_, v)| v.as_str());
            match rid.and_then(|r| rels.get(r)) {
                Some(rel) if !rel.external => slides.push(rel.target.clone()),
                _ => b.skip(
                    slides.len() + 1,
                    "a slide whose part is missing from the presentation (a broken relationship) was left out",
                ),
            }
        }
    }
    if let Some(title) = crate::ooxml::core_title(pkg)? {
        b.title(&title);
    }
    if mode == SlideMode::Headings {
        b.lesson(1, &b.course_title());
    }
    for (n, part) in slides.iter().enumerate() {
        let number = n + 1;
        let Some(root) = pkg.xml(part)? else {
            b.skip(
                number,
                "the slide's part is missing from the presentation and was left out",
            );
            continue;
        };
        let slide_rels = pkg.rels(part)?;
        if root.attr("show") == Some("0") {
            b.skip(number, "a hidden slide was imported like the others");
        }
        let mut slide = Slide::default();
        if let Some(tree) = root.child("cSld").and_then(|c| c.child("spTree")) {
            shapes(tree, &slide_rels, &mut slide, b, number);
        }
        slide.title_from_boxes();
        if root.find("timing").is_some_and(|t| t.find("par").is_some()) {
            b.skip(number, "the slide's animations were left out");
        }
        let title = if slide.title.trim().is_empty() {
            format!("Slide {number}")
        } else {
            slide.title.trim().to_owned()
        };
        match mode {
            SlideMode::Lessons => b.lesson(number, &title),
            SlideMode::Headings => {
                b.block(
                    number,
                    &title,
                    "heading",
                    BlockContent::Heading {
                        text: title.clone(),
                        level: 2,
                    },
                    &format!("heading “{title}”"),
                );
            }
        }
        if !slide.text.is_empty() {
            b.block(
                number,
                &title,
                "text",
                BlockContent::Text {
                    markdown: slide.text.join("\n\n"),
                },
                "text",
            );
        }
        for (target, alt, own) in slide.pictures {
            picture(pkg, b, number, &title, &target, &alt, own)?;
        }
        // Speaker notes: the notes slide's body placeholder.
        if let Some(notes) = slide_rels
            .values()
            .find(|r| r.kind == "notesSlide" && !r.external)
            .map(|r| r.target.clone())
            && let Some(notes) = pkg.xml(&notes)?
        {
            let mut text = Vec::new();
            let mut bodies = Vec::new();
            notes.find_all("sp", &mut bodies);
            for sp in bodies {
                // The notes' text: its body placeholder, or (LibreOffice)
                // plain text boxes; not the slide's image or page number.
                if !matches!(placeholder(sp).as_deref(), None | Some("body")) {
                    continue;
                }
                if let Some(body) = sp.child("txBody") {
                    text.extend(paragraphs(body, false));
                }
            }
            if !text.is_empty() {
                b.block(
                    number,
                    &title,
                    "notes",
                    BlockContent::Text {
                        markdown: text.join("\n\n"),
                    },
                    "speaker notes as a text block",
                );
            }
        }
    }
    Ok(())
}

/// The placeholder type of a shape (`title`, `body`, …), if it is one;
/// a placeholder without a type is a body.
fn placeholder(sp: &Element) -> Option<String> {
    let ph = sp.child("nvSpPr")?.child("nvPr")?.child("ph")?;
    Some(ph.attr("type").unwrap_or("body").to_owned())
}

fn shapes(
    tree: &Element,
    rels: &std::collections::BTreeMap<String, Rel>,
    slide: &mut Slide,
    b: &mut Builder,
    n: usize,
) {
    for shape in tree.elements() {
        match shape.name.as_str() {
            "sp" => {
                let kind = placeholder(shape);
                let Some(body) = shape.child("txBody") else {
                    continue;
                };
                match kind.as_deref() {
                    Some("title" | "ctrTitle") => {
                        let t: Vec<String> = body
                            .elements()
                            .filter(|p| p.name == "p")
                            .map(|p| p.text().trim().to_owned())
                            .filter(|t| !t.is_empty())
                            .collect();
                        if slide.title.is_empty() {
                            slide.title = t.join(" ");
                        } else {
                            slide.text.extend(t.iter().map(|t| escape_start(&escape(t))));
                        }
                    }
                    Some("sldNum" | "dt" | "ftr" | "hdr") => {}
                    Some("subTitle") => slide.text.extend(paragraphs(body, false)),
                    Some(_) => slide.text.extend(paragraphs(body, true)),
                    None => {
                        let at = slide.text.len();
                        slide.text.extend(paragraphs(body, false));
                        let len = slide.text.len() - at;
                        if len > 0 {
                            slide.boxes.push((top(shape), at, len));
                        }
                    }
                }
            }
            "pic" => {
                let pr = shape.child("nvPicPr").and_then(|p| p.child("cNvPr"));
                let alt = pr
                    .map(|p| {
                        let d = p.attr("descr").unwrap_or("").trim();
                        if d.is_empty() { p.attr("title").unwrap_or("").trim().to_owned() } else { d.to_owned() }
                    })
                    .unwrap_or_default();
                if shape.find("videoFile").is_some() || shape.find("audioFile").is_some() || shape.find("media").is_some() {
                    b.skip(n, "an embedded video or sound was left out; add it as a video or audio block");
                    continue;
                }
                let own = pr.and_then(|p| p.attr("name")).map(str::trim).filter(|name| {
                    let lower = name.to_lowercase();
                    !["picture", "image", "graphic", "grafik", "object"].iter().any(|g| lower.starts_with(g))
                        && name.chars().any(char::is_alphabetic)
                }).map(str::to_owned);
                match shape.find("blip").and_then(|bl| bl.attr("embed")).and_then(|id| rels.get(id)) {
                    Some(rel) if !rel.external => slide.pictures.push((rel.target.clone(), alt, own)),
                    _ => b.skip(n, "a picture whose part is missing (a broken relationship) was left out"),
                }
            }
            "grpSp" => shapes(shape, rels, slide, b, n),
            "graphicFrame" => {
                let uri = shape.find("graphicData").and_then(|g| g.attr("uri")).unwrap_or("");
                if let Some(tbl) = shape.find("tbl") {
                    slide.text.push(table(tbl));
                } else if uri.ends_with("/chart") {
                    b.skip(n, "a chart was left out; add it as an image with a description");
                } else if uri.ends_with("/diagram") {
                    b.skip(n, "a SmartArt diagram was left out; rebuild it as a process, tabs or an image");
                } else {
                    b.skip(n, "an embedded object Trellis cannot show was left out");
                }
            }
            "cxnSp" => {}
            "nvGrpSpPr" | "grpSpPr" | "extLst" => {}
            "AlternateContent" => b.skip(n, "a part of the slide in a newer format (such as an equation or 3D model) was left out"),
            other => b.skip(n, format!("a part of the slide Trellis does not know (“{other}”) was left out")),
        }
    }
}

/// The paragraphs of a text body in Markdown; `bullets` when it is a body
/// placeholder (bulleted unless a paragraph says `buNone`).
fn paragraphs(body: &Element, bullets: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut list = String::new();
    for p in body.elements().filter(|e| e.name == "p") {
        let ppr = p.child("pPr");
        let level: usize = ppr
            .and_then(|p| p.attr("lvl"))
            .and_then(|l| l.parse().ok())
            .unwrap_or(0usize)
            .min(8);
        let marker = if ppr.is_some_and(|p| p.child("buNone").is_some()) {
            None
        } else if ppr.is_some_and(|p| p.child("buAutoNum").is_some()) {
            Some("1. ")
        } else if bullets || ppr.is_some_and(|p| p.child("buChar").is_some()) {
            Some("- ")
        } else {
            None
        };
        let mut md = String::new();
        for r in p.elements() {
            match r.name.as_str() {
                "r" | "fld" => {
                    let t = r.child("t").map(|t| t.text()).unwrap_or_default();
                    let rpr = r.child("rPr");
                    let bold = rpr
                        .and_then(|r| r.attr("b"))
                        .is_some_and(|v| v == "1" || v == "true");
                    let italic = rpr
                        .and_then(|r| r.attr("i"))
                        .is_some_and(|v| v == "1" || v == "true");
                    let core = t.trim();
                    if core.is_empty() || (!bold && !italic) {
                        md.push_str(&escape(&t));
                        continue;
                    }
                    let mark = match (bold, italic) {
                        (true, true) => "***",
                        (true, false) => "**",
                        _ => "*",
                    };
                    let lead = &t[..t.len() - t.trim_start().len()];
                    let trail = &t[t.trim_end().len()..];
                    md.push_str(&format!("{lead}{mark}{}{mark}{trail}", escape(core)));
                }
                "br" => md.push_str("\\\n"),
                _ => {}
            }
        }
        // Line breaks at either end carry nothing.
        let md = md
            .trim()
            .trim_start_matches(|c: char| c == '\\' || c.is_whitespace())
            .trim_end_matches(|c: char| c == '\\' || c.is_whitespace());
        let md = if md.ends_with('\\') {
            format!("{md}\\")
        } else {
            md.to_owned()
        };
        if md.is_empty() {
            continue;
        }
        match marker {
            Some(m) => {
                if !list.is_empty() {
                    list.push('\n');
                }
                list.push_str(&format!("{}{m}{md}", "    ".repeat(level)));
            }
            None => {
                if !list.is_empty() {
                    out.push(std::mem::take(&mut list));
                }
                out.push(escape_start(&md));
            }
        }
    }
    if !list.is_empty() {
        out.push(list);
    }
    out
}

fn table(tbl: &Element) -> String {
    let rows: Vec<Vec<String>> = tbl
        .elements()
        .filter(|e| e.name == "tr")
        .map(|tr| {
            tr.elements()
                .filter(|e| e.name == "tc")
                .map(|tc| escape(tc.text().trim()).replace('\n', " "))
                .collect()
        })
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut md = String::new();
    for (i, row) in rows.iter().enumerate() {
        md.push('|');
        for c in 0..width {
            let cell = row.get(c).map(String::as_str).unwrap_or("");
            md.push_str(&format!(" {} |", if cell.is_empty() { " " } else { cell }));
        }
        md.push('\n');
        if i == 0 {
            md.push('|');
            md.push_str(&"---|".repeat(width));
            md.push('\n');
        }
    }
    md.trim_end().to_owned()
}

fn picture(
    pkg: &mut Package,
    b: &mut Builder,
    n: usize,
    lesson: &str,
    target: &str,
    alt: &str,
    own: Option<String>,
) -> Result<(), ImportError> {
    let file = target.rsplit('/').next().unwrap_or("image").to_owned();
    let alt = crate::ooxml::description(alt);
    let alt = alt.as_str();
    let Some(bytes) = pkg.bytes(target, MAX_MEDIA_BYTES)? else {
        b.skip(
            n,
            format!("the picture “{file}” is missing from the presentation and was left out"),
        );
        return Ok(());
    };
    let wanted = match (own, file.rsplit_once('.')) {
        (Some(own), Some((_, ext))) => format!("{own}.{ext}"),
        _ => file.clone(),
    };
    b.image(n, lesson, "picture", &file, &wanted, bytes, alt);
    Ok(())
}
