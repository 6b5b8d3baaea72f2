//! Which letters the open fonts bundled with Trellis can draw
//! (`crates/trellis-render/fonts`, whose files the player ships), so that a
//! course whose text needs letters a chosen family lacks is shown in the
//! rest of its font list instead (trellis-render), and the design check
//! says so (trellis-check).

use crate::Course;

/// A bundled family: its name in font stacks, the stack the player falls
/// back to, and the characters its files hold.
#[derive(Debug)]
pub struct BundledFamily {
    pub family: &'static str,
    /// The stack after the family in the theme's font list (`fonts.json`).
    pub fallback: &'static str,
    /// Inclusive ranges of the code points every face of the family holds,
    /// as `fc-query -f '%{charset}'` reports them for its WOFF2 files
    /// (checked against the files by trellis-render's `fonts_cover` test).
    pub covers: &'static [(u32, u32)],
}

impl BundledFamily {
    /// Whether the family's files hold `c`.
    pub fn covers(&self, c: char) -> bool {
        let c = c as u32;
        self.covers.iter().any(|&(a, b)| a <= c && c <= b)
    }
}

/// Every bundled family (the list of `fonts/fonts.json`).
pub const BUNDLED_FAMILIES: [BundledFamily; 3] = [
    BundledFamily {
        family: "Atkinson Hyperlegible",
        fallback: "system-ui, sans-serif",
        covers: &[
            (0x20, 0x7e),
            (0xa0, 0xff),
            (0x131, 0x131),
            (0x152, 0x153),
            (0x2c6, 0x2c6),
            (0x2da, 0x2da),
            (0x2dc, 0x2dc),
            (0x300, 0x301),
            (0x303, 0x304),
            (0x308, 0x308),
            (0x2013, 0x2014),
            (0x2018, 0x201a),
            (0x201c, 0x201e),
            (0x2022, 0x2022),
            (0x2026, 0x2026),
            (0x2039, 0x203a),
            (0x2044, 0x2044),
            (0x20ac, 0x20ac),
            (0x2122, 0x2122),
            (0x2212, 0x2212),
            (0x2215, 0x2215),
        ],
    },
    BundledFamily {
        family: "Source Sans 3",
        fallback: "system-ui, sans-serif",
        covers: &[
            (0x20, 0x7e),
            (0xa0, 0xff),
            (0x131, 0x131),
            (0x152, 0x153),
            (0x2bb, 0x2bc),
            (0x2c6, 0x2c6),
            (0x2da, 0x2da),
            (0x2dc, 0x2dc),
            (0x300, 0x301),
            (0x303, 0x304),
            (0x308, 0x309),
            (0x323, 0x323),
            (0x329, 0x329),
            (0x2009, 0x2009),
            (0x200b, 0x200b),
            (0x2013, 0x2014),
            (0x2018, 0x201a),
            (0x201c, 0x201e),
            (0x2022, 0x2022),
            (0x2026, 0x2026),
            (0x2032, 0x2033),
            (0x2039, 0x203a),
            (0x2044, 0x2044),
            (0x20ac, 0x20ac),
            (0x2122, 0x2122),
            (0x2191, 0x2191),
            (0x2193, 0x2193),
            (0x2212, 0x2212),
            (0x2215, 0x2215),
            (0xfeff, 0xfeff),
        ],
    },
    BundledFamily {
        family: "Lora",
        fallback: "Georgia, serif",
        covers: &[
            (0x20, 0x7e),
            (0xa0, 0xac),
            (0xae, 0xff),
            (0x102, 0x102),
            (0x131, 0x131),
            (0x152, 0x153),
            (0x2bb, 0x2bc),
            (0x2c6, 0x2c6),
            (0x2da, 0x2da),
            (0x2dc, 0x2dc),
            (0x300, 0x301),
            (0x303, 0x304),
            (0x308, 0x309),
            (0x323, 0x323),
            (0x2013, 0x2014),
            (0x2018, 0x201a),
            (0x201c, 0x201e),
            (0x2022, 0x2022),
            (0x2026, 0x2026),
            (0x2032, 0x2033),
            (0x2039, 0x203a),
            (0x2044, 0x2044),
            (0x20ac, 0x20ac),
            (0x2122, 0x2122),
            (0x2212, 0x2212),
            (0x2215, 0x2215),
        ],
    },
];

/// The bundled family a font stack names first (quoted or not, any case).
pub fn bundled_family(stack: &str) -> Option<&'static BundledFamily> {
    let first = stack
        .split(',')
        .next()?
        .trim()
        .trim_matches(['"', '\''])
        .trim();
    BUNDLED_FAMILIES
        .iter()
        .find(|f| f.family.eq_ignore_ascii_case(first))
}

/// `stack` without its first family: what the learner's device draws when
/// that family is not used; the family's own fallback when nothing is left.
pub fn rest_of_stack(stack: &str, family: &BundledFamily) -> String {
    match stack.split_once(',') {
        Some((_, rest)) if !rest.trim().is_empty() => rest.trim().to_owned(),
        _ => family.fallback.to_owned(),
    }
}

/// The most letters [`letters_missing`] lists.
pub const MISSING_LETTERS_SHOWN: usize = 8;

/// Letters of the course's own text (titles, objectives, every block's
/// text) that `family` cannot draw, in the order they first appear, at
/// most [`MISSING_LETTERS_SHOWN`]; empty when it draws them all. Only
/// letters count: a missing symbol or emoji is drawn by the device's fonts
/// beside the family's letters without changing the look of words.
pub fn letters_missing(course: &Course, family: &BundledFamily) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    let mut look = |text: &str| {
        if out.len() >= MISSING_LETTERS_SHOWN || text.is_ascii() {
            return;
        }
        for c in text.chars() {
            if (c as u32) < 0x100 || !c.is_alphabetic() || family.covers(c) || out.contains(&c) {
                continue;
            }
            out.push(c);
            if out.len() >= MISSING_LETTERS_SHOWN {
                return;
            }
        }
    };
    let info = &course.info;
    look(&info.title);
    look(&info.description);
    for o in &course.objectives {
        look(&o.statement);
    }
    for m in &course.modules {
        look(&m.title);
        for l in &m.lessons {
            look(&l.title);
            for b in &l.blocks {
                for f in b.text_fields() {
                    look(f.value);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn finds_the_family_a_stack_names_first() {
        assert_eq!(
            bundled_family("\"Lora\", Georgia, serif").unwrap().family,
            "Lora"
        );
        assert_eq!(bundled_family("lora").unwrap().family, "Lora");
        assert!(bundled_family("Georgia, \"Lora\"").is_none());
        let lora = bundled_family("Lora").unwrap();
        assert_eq!(
            rest_of_stack("\"Lora\", Georgia, serif", lora),
            "Georgia, serif"
        );
        assert_eq!(rest_of_stack("Lora", lora), "Georgia, serif");
    }

    #[test]
    fn letters_outside_the_files_are_found_in_order() {
        let mut course = sample::demo_course();
        let lora = bundled_family("Lora").unwrap();
        assert!(
            letters_missing(&course, lora).is_empty(),
            "English and Latin-1 are drawn"
        );
        course.info.title = "Façade “Łódź” Ελλάδα → 🚜".into();
        assert_eq!(
            letters_missing(&course, lora),
            ['Ł', 'ź', 'Ε', 'λ', 'ά', 'δ', 'α']
        );
        assert!(
            !letters_missing(&course, lora).contains(&'→'),
            "symbols do not count"
        );
    }
}
