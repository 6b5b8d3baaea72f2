//! Open fonts bundled with Trellis (`fonts/`, see its README): a theme that
//! names one first in a font stack gets its `@font-face` rules and its
//! WOFF2 files and licence in the site, so the course looks the same on
//! every learner's machine.

use std::fmt::Write as _;

use trellis_model::{Course, fonts};

/// One bundled family: its name in font stacks, the stem of its files and
/// its files (`<slug>-latin-<weight>-<style>.woff2`, `<slug>-OFL.txt`).
pub struct Font {
    pub family: &'static str,
    pub slug: &'static str,
    /// (weight, style, bytes) of each face.
    pub faces: [(u16, &'static str, &'static [u8]); 4],
    pub licence: &'static [u8],
}

macro_rules! font {
    ($family:literal, $slug:literal) => {
        Font {
            family: $family,
            slug: $slug,
            faces: [
                (
                    400,
                    "normal",
                    include_bytes!(concat!("../fonts/", $slug, "-latin-400-normal.woff2")),
                ),
                (
                    400,
                    "italic",
                    include_bytes!(concat!("../fonts/", $slug, "-latin-400-italic.woff2")),
                ),
                (
                    700,
                    "normal",
                    include_bytes!(concat!("../fonts/", $slug, "-latin-700-normal.woff2")),
                ),
                (
                    700,
                    "italic",
                    include_bytes!(concat!("../fonts/", $slug, "-latin-700-italic.woff2")),
                ),
            ],
            licence: include_bytes!(concat!("../fonts/", $slug, "-OFL.txt")),
        }
    };
}

/// Every bundled family (the same list as `fonts/fonts.json`).
pub const FONTS: [Font; 3] = [
    font!("Atkinson Hyperlegible", "atkinson-hyperlegible"),
    font!("Source Sans 3", "source-sans-3"),
    font!("Lora", "lora"),
];

/// The bundled family a font stack names first (quoted or not, any case).
pub fn bundled(stack: &str) -> Option<&'static Font> {
    let family = fonts::bundled_family(stack)?;
    FONTS.iter().find(|f| f.family == family.family)
}

/// The bundled families the course's theme uses (body, then heading; once
/// each): those that have every letter of the course's text. A family that
/// lacks some is left out, and the theme's stack without it is used
/// ([`stack_shown`]), so the text is in one font rather than a mix.
pub fn used(course: &Course) -> Vec<&'static Font> {
    let theme = &course.info.theme;
    let mut out: Vec<&'static Font> = Vec::new();
    let mut left_out: Vec<&str> = Vec::new();
    for stack in [&theme.body_font, &theme.heading_font] {
        let Some(family) = fonts::bundled_family(stack) else {
            continue;
        };
        if out.iter().any(|o| o.family == family.family) || left_out.contains(&family.family) {
            continue;
        }
        if !fonts::letters_missing(course, family).is_empty() {
            left_out.push(family.family);
        } else if let Some(f) = bundled(stack) {
            out.push(f);
        }
    }
    out
}

/// The font stack the player sets for a theme's `stack`, given the bundled
/// families it ships (`used`): a bundled family it does not ship is dropped
/// from the front of the stack.
pub fn stack_shown(stack: &str, used: &[&Font]) -> String {
    match fonts::bundled_family(stack) {
        Some(family) if !used.iter().any(|f| f.family == family.family) => {
            fonts::rest_of_stack(stack, family)
        }
        _ => stack.trim().to_owned(),
    }
}

/// The path of a face's file in the site.
pub fn face_path(font: &Font, weight: u16, style: &str) -> String {
    format!("fonts/{}-latin-{weight}-{style}.woff2", font.slug)
}

/// `@font-face` rules for `fonts`, with `fonts/…` paths relative to the page.
pub fn font_face_css(fonts: &[&Font]) -> String {
    let mut css = String::new();
    for f in fonts {
        for (weight, style, _) in f.faces {
            let _ = write!(
                css,
                "@font-face{{font-family:\"{}\";src:url({}) format(\"woff2\");font-weight:{weight};font-style:{style};font-display:swap}}",
                f.family,
                face_path(f, weight, style)
            );
        }
    }
    css
}

/// The files of `fonts` for the site: each face and each licence.
pub fn files(fonts: &[&Font]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for f in fonts {
        for (weight, style, bytes) in f.faces {
            out.push((face_path(f, weight, style), bytes.to_vec()));
        }
        out.push((format!("fonts/{}-OFL.txt", f.slug), f.licence.to_vec()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_matches_fonts_json() {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../fonts/fonts.json")).unwrap();
        let families: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["family"].as_str().unwrap())
            .collect();
        assert_eq!(families, FONTS.iter().map(|f| f.family).collect::<Vec<_>>());
        for f in &FONTS {
            for (_, _, bytes) in f.faces {
                assert_eq!(&bytes[..4], b"wOF2", "{} is WOFF2", f.family);
            }
            assert!(
                std::str::from_utf8(f.licence)
                    .unwrap()
                    .contains("SIL Open Font License")
            );
        }
    }

    #[test]
    fn a_stack_names_a_bundled_font_first_or_not() {
        assert_eq!(bundled("Lora, Georgia, serif").unwrap().slug, "lora");
        assert_eq!(
            bundled("\"atkinson hyperlegible\", sans-serif")
                .unwrap()
                .slug,
            "atkinson-hyperlegible"
        );
        assert!(bundled("Georgia, Lora, serif").is_none());
        assert!(bundled("system-ui, sans-serif").is_none());
    }
}
