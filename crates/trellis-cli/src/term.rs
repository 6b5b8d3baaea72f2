//! Text from a course, a course folder or a review file, made safe to print
//! on a terminal.
//!
//! Titles, file names, messages that quote them and reviewers' words are
//! not ours: an escape sequence (ESC, or the one-character CSI U+009B) in
//! them could clear the screen, restyle it or print a fake "No findings";
//! a line break could add a line of its own; a bidi override could show a
//! name reversed. Everything untrusted the CLI prints goes through [`line`]
//! (one line) or [`text`] (keeps line breaks and tabs), which write such
//! characters visibly as `\u{…}`.

use std::fmt::Write;

/// Whether `c` must not reach a terminal as it is: control characters (C0,
/// DEL, C1) and the invisible characters that reorder or separate text.
fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if dangerous(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` for one line of a terminal: every control character escaped, line
/// breaks and tabs included.
pub fn line(s: &str) -> String {
    escape(s, |_| false)
}

/// `s` for a terminal, keeping its line breaks and tabs.
pub fn text(s: &str) -> String {
    escape(s, |c| c == '\n' || c == '\t')
}

/// Writes to standard output. A reader that went away (`trellis info
/// COURSE | head -1`) is not a failure: the rest of the output is dropped
/// and the command ends with its own status; any other write error (a full
/// disk behind `>`) is returned.
pub fn write_out(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_fmt(args).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("could not write the output"))
        }
        _ => Ok(()),
    }
}

/// Writes to standard error, ignoring errors: a message that cannot be
/// shown must not turn into a crash.
pub fn write_err(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `print!` that does not panic when the reader closes the pipe; in a
/// function returning `anyhow::Result`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::term::write_out(format_args!($($arg)*))?
    };
}

/// `println!` that does not panic when the reader closes the pipe; in a
/// function returning `anyhow::Result`.
macro_rules! outln {
    () => { $crate::term::write_out(format_args!("\n"))? };
    ($($arg:tt)*) => {
        $crate::term::write_out(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

/// `eprint!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::term::write_err(format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::term::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {err, errln, out, outln};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_drive_a_terminal() {
        assert_eq!(line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(line("gpj.\u{202e}exe"), "gpj.\\u{202e}exe");
        assert_eq!(line("two\nlines\r"), "two\\u{a}lines\\u{d}");
        assert_eq!(text("two\n\tlines\r"), "two\n\tlines\\u{d}");
        assert_eq!(line("Café 😀 “quoted”"), "Café 😀 “quoted”");
    }
}
