//! Colours and WCAG contrast.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// Parses a CSS hex colour of the form `#rrggbb` (either case).
pub(crate) fn parse_hex(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// Relative luminance as WCAG 2 defines it, 0 (black) to 1 (white).
pub(crate) fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Contrast ratio WCAG AA asks of normal-size text.
pub(crate) const AA_TEXT: f64 = 4.5;

/// Formats a ratio the way contrast checkers do, rounded down so that a
/// failing ratio never prints as `4.50`.
pub(crate) fn ratio_text(r: f64) -> String {
    format!("{:.2}:1", (r * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_six_digit_hex() {
        assert_eq!(parse_hex("#1F5f8b"), Some(Rgb(0x1f, 0x5f, 0x8b)));
        for bad in ["1f5f8b", "#fff", "#1f5f8g", "#1f5f8b00", "", "#", "red"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_known_values() {
        let black = Rgb(0, 0, 0);
        let white = Rgb(255, 255, 255);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic just-passing grey (4.54:1).
        let grey = parse_hex("#767676").unwrap();
        let r = contrast(grey, white);
        assert!(r > 4.5 && r < 4.6, "{r}");
        // #777777 just fails (4.48:1).
        assert!(contrast(parse_hex("#777777").unwrap(), white) < 4.5);
        assert_eq!(ratio_text(4.4999), "4.49:1");
    }
}
