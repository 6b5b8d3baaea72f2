//! Writing TOML by hand, so that key order, string style and layout are
//! fixed and every string survives a round trip.

use std::fmt::Write;

/// A TOML basic string on one line (`"…"`), escaping what must be escaped.
pub(crate) fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_unicode_escape(c) => push_unicode_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string value: a one-line basic string, or a multi-line basic string
/// (`"""…"""`) when the text spans several lines. Only block bodies use
/// multi-line strings; the caller picks a fence no body line can close.
pub(crate) fn string(s: &str) -> String {
    if !s.contains('\n') {
        return basic(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    // A newline right after the opening delimiter is not part of the value.
    out.push_str("\"\"\"\n");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            // Never let three quotes meet, nor a quote touch the closing
            // delimiter: escape a quote followed by a quote, and a last quote.
            '"' if i + 1 == chars.len() || chars[i + 1] == '"' => out.push_str("\\\""),
            '\r' => out.push_str("\\r"),
            '\n' | '\t' => out.push(c),
            c if needs_unicode_escape(c) => push_unicode_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

fn needs_unicode_escape(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn push_unicode_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{:04X}", c as u32);
}

/// A float written so that it reads back as the same `f64`.
pub(crate) fn float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // `{:?}` is the shortest representation that reads back exactly, and
    // always has a `.` or an exponent, so TOML reads it as a float.
    let s = format!("{x:?}");
    debug_assert!(s.contains(['.', 'e']));
    s
}

/// A list of strings on one line.
pub(crate) fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<String> = items.iter().map(|s| basic(s.as_ref())).collect();
    format!("[{}]", parts.join(", "))
}

/// Accumulates `key = value` lines and table headers.
#[derive(Default)]
pub(crate) struct Doc {
    pub(crate) out: String,
}

impl Doc {
    pub(crate) fn raw(&mut self, key: &str, value: impl AsRef<str>) {
        self.out.push_str(key);
        self.out.push_str(" = ");
        self.out.push_str(value.as_ref());
        self.out.push('\n');
    }

    /// `key = "…"` on one line.
    pub(crate) fn line_str(&mut self, key: &str, value: &str) {
        self.raw(key, basic(value));
    }

    /// `key = "…"`, multi-line when the value spans lines.
    pub(crate) fn text(&mut self, key: &str, value: &str) {
        self.raw(key, string(value));
    }

    /// `key = "…"` unless the value is empty.
    pub(crate) fn text_opt(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.text(key, value);
        }
    }

    pub(crate) fn header(&mut self, header: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(header);
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct V {
        v: String,
    }

    fn back(encoded: &str) -> String {
        toml::from_str::<V>(&format!("v = {encoded}\n")).unwrap().v
    }

    #[test]
    fn strings_read_back() {
        for s in [
            "",
            "plain",
            "\"",
            "\"\"",
            "\"\"\"",
            "a\"\"\"b",
            "line\n\"",
            "\n",
            "\n\n",
            "ends with quote\n\"",
            "back\\slash\n\\",
            "tab\there\n\ttab",
            "cr\r\nlf",
            "nul\u{0}\u{7f}\u{85}\n",
            "unicode é 😀\n:::\n```",
            "trailing spaces   \n  ",
            "\"\"\"\n\"\"\"\"\"\"\"",
        ] {
            assert_eq!(back(&basic(s)), s, "basic {s:?}");
            assert_eq!(back(&string(s)), s, "string {s:?}");
        }
    }

    #[test]
    fn floats_read_back() {
        #[derive(Deserialize)]
        struct F {
            v: f64,
        }
        for x in [
            0.0,
            -0.0,
            1.0,
            25.5,
            1e-7,
            1.5e300,
            -3.25,
            f64::MAX,
            f64::MIN_POSITIVE,
            0.1,
        ] {
            let f: F = toml::from_str(&format!("v = {}\n", float(x))).unwrap();
            assert_eq!(f.v.to_bits(), x.to_bits(), "{x}");
        }
    }
}
