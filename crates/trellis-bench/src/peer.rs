//! A course shaped like the one the peers (the LiaScript exporter, Adapt, a
//! static pandoc page) were measured on: 20 sections, 10 quiz questions
//! spread across them, 5 photo-like images totalling about 433 KB.

use std::io::Cursor;

use anyhow::Result;
use image::codecs::jpeg::JpegEncoder;
use trellis_model::sample::every_answer;
use trellis_model::{
    AssetInfo, Block, BlockContent, BlockId, Course, CourseId, Lesson, LessonId, Module, ModuleId,
    Question, TemplateKind,
};

/// Sections (lessons) of the peer-shaped course.
pub const SECTIONS: usize = 20;
/// Quiz questions, one in every other section.
pub const QUESTIONS: usize = 10;
/// Images, in sections 1, 5, 9, 13 and 17.
pub const IMAGES: usize = 5;
/// What the peers' five images weighed together.
pub const IMAGE_BYTES_TARGET: usize = 433_000;

const WORDS: &[&str] = &[
    "the",
    "operator",
    "checks",
    "load",
    "before",
    "every",
    "shift",
    "and",
    "reports",
    "damage",
    "to",
    "a",
    "supervisor",
    "who",
    "decides",
    "whether",
    "truck",
    "may",
    "be",
    "used",
    "safely",
    "on",
    "site",
    "where",
    "people",
    "walk",
    "near",
    "racks",
    "so",
    "speed",
    "stays",
    "low",
    "visibility",
    "matters",
    "most",
    "in",
    "narrow",
    "aisles",
    "with",
    "blind",
    "corners",
];

/// A paragraph of about `words` ordinary words, deterministic in `seed`.
fn paragraph(seed: usize, words: usize) -> String {
    let mut out = String::new();
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    let mut start = true;
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = WORDS[x % WORDS.len()];
        if i > 0 {
            out.push(' ');
        }
        if start {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
            start = false;
        } else {
            out.push_str(w);
        }
        if i % 14 == 13 || i + 1 == words {
            out.push('.');
            start = true;
        }
    }
    out
}

fn block(id: String, content: BlockContent) -> Block {
    Block {
        job_aid: None,
        placeholders: Default::default(),
        id: BlockId::new(id).expect("valid block id"),
        slot: None,
        content,
    }
}

/// Name of the `n`th photo.
pub fn photo_name(n: usize) -> String {
    format!("images/photo-{}.jpg", n + 1)
}

/// The peer-shaped course: 4 modules of 5 sections, each section a few
/// paragraphs and a list; a question in every other section; an image in 5.
pub fn course() -> Course {
    let mut course = Course::new(CourseId::new("peer-shaped").unwrap(), "Working safely");
    course.info.description = "A 20-section course shaped like the peers' benchmark course.".into();
    let answers = every_answer();
    let mut q = 0;
    let mut img = 0;
    for m in 0..SECTIONS / 5 {
        let mut module = Module {
            id: ModuleId::new(format!("m{m}")).unwrap(),
            title: format!("Part {}", m + 1),
            lessons: Vec::new(),
        };
        for l in 0..5 {
            let s = m * 5 + l;
            let mut blocks = Vec::new();
            let text = |markdown: String| BlockContent::Text { markdown };
            blocks.push(block(format!("s{s}-intro"), text(paragraph(s * 10, 90))));
            if s % 4 == 1 && img < IMAGES {
                blocks.push(block(
                    format!("s{s}-img"),
                    BlockContent::Image {
                        asset: photo_name(img),
                        alt: format!("Photo {} of the site", img + 1),
                        caption: format!("Figure {}", img + 1),
                        decorative: false,
                        layout: Default::default(),
                        markdown: String::new(),
                    },
                ));
                img += 1;
            }
            blocks.push(block(
                format!("s{s}-body"),
                text(format!(
                    "### What to do\n\n{}\n\n- {}\n- {}\n- {}\n\n{}",
                    paragraph(s * 10 + 1, 70),
                    paragraph(s * 10 + 2, 8),
                    paragraph(s * 10 + 3, 8),
                    paragraph(s * 10 + 4, 8),
                    paragraph(s * 10 + 5, 80)
                )),
            ));
            if s % 2 == 1 && q < QUESTIONS {
                blocks.push(block(
                    format!("s{s}-q"),
                    BlockContent::Question(Question {
                        prompt: format!("Question {}: what should the operator do?", q + 1),
                        points: 1,
                        objectives: Vec::new(),
                        correct_feedback: "Right: this is what keeps people safe.".into(),
                        incorrect_feedback: "Not quite: read the section again.".into(),
                        hint: String::new(),
                        attempts: 2,
                        scored: false,
                        answer: answers[q % answers.len()].clone(),
                    }),
                ));
                q += 1;
            }
            module.lessons.push(Lesson {
                job_aid: false,
                id: LessonId::new(format!("s{s}")).unwrap(),
                title: format!(
                    "Section {}: {}",
                    s + 1,
                    paragraph(s * 10 + 9, 4).trim_end_matches('.')
                ),
                template: TemplateKind::Free,
                assessment: None,
                blocks,
            });
        }
        course.modules.push(module);
    }
    course
}

/// Five photo-like JPEGs (sky, hills, texture and noise) of about
/// [`IMAGE_BYTES_TARGET`] together: each one's quality is searched so that its
/// size comes closest to a fifth of it.
pub fn photos() -> Result<Vec<(AssetInfo, Vec<u8>)>> {
    let each = IMAGE_BYTES_TARGET / IMAGES;
    (0..IMAGES)
        .map(|n| {
            let img = photo(n as u32, 1024, 683);
            let encode = |q: u8| -> Result<Vec<u8>> {
                let mut out = Cursor::new(Vec::new());
                img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, q))?;
                Ok(out.into_inner())
            };
            let (mut lo, mut hi) = (10u8, 95u8);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if encode(mid)?.len() <= each {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            let bytes = encode(lo)?;
            let name = photo_name(n);
            Ok((trellis_assets::inspect(&name, &bytes)?, bytes))
        })
        .collect()
}

fn photo(seed: u32, w: u32, h: u32) -> image::RgbImage {
    let mut x = seed.wrapping_mul(0x9E37_79B9) | 1;
    let s = seed as f32;
    image::RgbImage::from_fn(w, h, |px, py| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let noise = (x % 25) as f32 - 12.0;
        let (fx, fy) = (px as f32 / w as f32, py as f32 / h as f32);
        let horizon = 0.45
            + 0.08 * (fx * 7.0 + s).sin()
            + 0.04 * (fx * 23.0 + 2.0 * s).sin()
            + 0.015 * (fx * 71.0).sin();
        let [r, g, b] = if fy < horizon {
            // Sky: a gradient with soft clouds.
            let cloud = ((fx * 9.0 + s).sin() * (fy * 13.0).cos()).max(0.0) * 60.0;
            [
                90.0 + 80.0 * fy + cloud,
                140.0 + 60.0 * fy + cloud,
                220.0 - 30.0 * fy + cloud,
            ]
        } else {
            // Ground: texture of fields and paths.
            let tex = ((fx * 40.0 + fy * 25.0 + s).sin() * (fy * 60.0).sin()) * 25.0;
            let band = if ((fx * 5.0 + fy * 3.0 + s) * 3.0).sin() > 0.6 {
                40.0
            } else {
                0.0
            };
            [
                70.0 + tex + band + 40.0 * fy,
                110.0 + tex + 30.0 * fy,
                50.0 + tex * 0.5,
            ]
        };
        let c = |v: f32| (v + noise).clamp(0.0, 255.0) as u8;
        image::Rgb([c(r), c(g), c(b)])
    })
}
