//! `trellis results`: read learners' statements back into a course file
//! (from an xAPI record store, a JSON-lines export or an LMS's CSV report)
//! and report item analysis, objective mastery and lesson reach.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use trellis_results::{Lrs, PullOptions, ResultsError};
use trellis_store::{CourseFile, StoreError};

use crate::source::CourseSource;
use crate::term;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
    Html,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ResultsArgs {
    #[command(subcommand)]
    pub action: Option<ResultsAction>,
    /// The course file whose results to report.
    #[arg(required = true)]
    pub course: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Figures from fewer learners are marked as not yet meaningful.
    #[arg(long, default_value_t = trellis_results::DEFAULT_MIN_LEARNERS)]
    pub min_learners: u32,
    /// Write the report to this file instead of the terminal.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ResultsAction {
    /// Read the course's statements from an xAPI record store (LRS).
    #[command(after_help = "The key and secret are read from TRELLIS_LRS_KEY and \
        TRELLIS_LRS_SECRET (the key also from --key; the secret never from the command line, \
        which every account on the machine can see), else from the system keyring, where \
        `trellis results login` keeps them; never from or into the course file. Run it again \
        to read only what is new: each statement is stored once, by its id.\n\nExamples:\n  \
        trellis results login --lrs https://lrs.example.com/xAPI/\n  \
        trellis results pull phishing.trellis --lrs https://lrs.example.com/xAPI/\n  \
        TRELLIS_LRS_KEY=… TRELLIS_LRS_SECRET=… trellis results pull phishing.trellis --lrs https://lrs.example.com/xAPI/")]
    Pull {
        course: PathBuf,
        /// The record store's xAPI endpoint.
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// Only statements stored after this date or time (2026-12-01, 2026-12-01T09:30:00Z).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// The key (else TRELLIS_LRS_KEY).
        #[arg(long)]
        key: Option<String>,
        /// Statements asked for per page.
        #[arg(long, default_value_t = 500)]
        page_size: u32,
        /// How often a page is asked for again after a dropped connection or a failing store.
        #[arg(long, default_value_t = 4)]
        retries: u32,
    },
    /// Store statements from a file: JSON lines (one xAPI statement a line),
    /// or an LMS's report of SCORM interactions (CSV, Moodle's tab-separated
    /// download, or its Excel or ODS download).
    #[command(after_help = "The CSV layouts read are described in docs/results.md.")]
    Import { course: PathBuf, file: PathBuf },
    /// Keep a record store's key and secret in the system keyring, for later pulls.
    #[command(
        after_help = "The key is --key, else TRELLIS_LRS_KEY, else asked for; the \
        secret is TRELLIS_LRS_SECRET, else asked for (not shown as it is typed), or read \
        as a line from standard input when that is not a terminal. The keyring is the \
        desktop's (GNOME Keyring or KWallet through the Secret Service, the macOS keychain, \
        Windows' credential manager). `trellis results logout` forgets them."
    )]
    Login {
        /// The record store's xAPI endpoint.
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// The key (else TRELLIS_LRS_KEY, else asked for).
        #[arg(long)]
        key: Option<String>,
    },
    /// Remove a record store's key and secret from the system keyring.
    Logout {
        /// The record store's xAPI endpoint.
        #[arg(long, value_name = "URL")]
        lrs: String,
    },
}

fn refuse_folder(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a course folder; results are kept in a course file: make one with `trellis import`",
            term::line(&path.display().to_string())
        );
    }
    Ok(())
}

/// The course file, to store results in: held for editing when no Trellis
/// has it open, else shared with the Trellis that has it open (results
/// sit beside the course, so storing them needs no hold on the course).
fn open_for_results(path: &Path) -> Result<CourseFile> {
    refuse_folder(path)?;
    match CourseSource::open_for_editing(path) {
        Ok(CourseSource::File(file)) => Ok(*file),
        Ok(CourseSource::Folder(_)) => unreachable!("folders are refused above"),
        Err(e) if is_locked(&e) => CourseFile::open_for_results(path)
            .with_context(|| format!("could not open {}", path.display())),
        Err(e) => Err(e),
    }
}

fn is_locked(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::Locked { .. })
    )
}

fn say_summary(s: &trellis_results::Summary) -> Result<()> {
    term::outln!("{}.", term::line(&s.sentence()));
    for p in &s.problems {
        term::outln!("  left out: {}", term::line(p));
    }
    Ok(())
}

fn lrs_error(e: ResultsError) -> anyhow::Error {
    match e {
        ResultsError::Lrs(m) | ResultsError::Keyring(m) | ResultsError::NoCredentials(m) => {
            anyhow::anyhow!("{m}")
        }
        e => e.into(),
    }
}

pub fn run(args: ResultsArgs) -> Result<u8> {
    match args.action {
        Some(ResultsAction::Pull {
            course,
            lrs,
            since,
            key,
            page_size,
            retries,
        }) => {
            let (found, given_as) =
                trellis_results::credentials::find(&lrs, key.as_deref()).map_err(lrs_error)?;
            let since = since
                .map(|s| trellis_results::lrs::parse_since(&s))
                .transpose()
                .map_err(lrs_error)?;
            let mut file = open_for_results(&course)?;
            let options = PullOptions {
                since,
                page_size: page_size.max(1),
                retries,
                ..PullOptions::default()
            };
            let lrs = Lrs {
                endpoint: lrs,
                key: found.key,
                secret: found.secret,
                given_as: given_as.into(),
            };
            let s = trellis_results::pull(&mut file, &lrs, &options).map_err(lrs_error)?;
            term::outln!(
                "Read {} page{} from the record store{}{}.",
                s.pages,
                if s.pages == 1 { "" } else { "s" },
                s.since
                    .as_deref()
                    .map(|t| format!(", statements stored since {t}"))
                    .unwrap_or_default(),
                if s.retried > 0 {
                    format!(" ({} asked for again)", s.retried)
                } else {
                    String::new()
                }
            );
            say_summary(&s.statements)?;
            Ok(0)
        }
        Some(ResultsAction::Import {
            course,
            file: input,
        }) => {
            let mut file = open_for_results(&course)?;
            let mut opened = std::fs::File::open(&input)
                .with_context(|| format!("could not open {}", input.display()))?;
            // JSON lines start with `{`; an LMS's report with its header
            // row (CSV, or Moodle's tab-separated .txt), or as a zip
            // (Moodle's Excel and ODS downloads).
            let mut start = [0u8; 512];
            let got = std::io::Read::read(&mut opened, &mut start)
                .with_context(|| format!("could not read {}", input.display()))?;
            let summary = if trellis_results::looks_like_spreadsheet(&start[..got]) {
                let bytes = std::fs::read(&input)
                    .with_context(|| format!("could not read {}", input.display()))?;
                trellis_results::import_spreadsheet(&mut file, bytes)?
            } else if trellis_results::looks_like_report(&start[..got]) {
                let text = std::fs::read_to_string(&input)
                    .with_context(|| format!("could not read {} as text", input.display()))?;
                trellis_results::import_csv(&mut file, &text)?
            } else {
                let opened = std::fs::File::open(&input)
                    .with_context(|| format!("could not open {}", input.display()))?;
                trellis_results::import_json_lines(&mut file, BufReader::new(opened))?
            };
            say_summary(&summary)?;
            Ok(0)
        }
        Some(ResultsAction::Login { lrs, key }) => {
            let endpoint = trellis_results::lrs::normalise_endpoint(&lrs).map_err(lrs_error)?;
            let env = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
            let key = match key
                .filter(|k| !k.trim().is_empty())
                .or_else(|| env("TRELLIS_LRS_KEY"))
            {
                Some(k) => k,
                None => ask("Key: ", false)?,
            };
            let secret = match env("TRELLIS_LRS_SECRET") {
                Some(s) => s,
                None => ask("Secret: ", true)?,
            };
            let credentials = trellis_results::credentials::Credentials {
                key: key.trim().to_owned(),
                secret,
            };
            trellis_results::credentials::remember(&endpoint, &credentials).map_err(lrs_error)?;
            term::outln!(
                "The key and secret for {} are kept in the system keyring; `trellis results pull` uses them when TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET are not set.",
                term::line(&endpoint)
            );
            Ok(0)
        }
        Some(ResultsAction::Logout { lrs }) => {
            let endpoint = trellis_results::lrs::normalise_endpoint(&lrs).map_err(lrs_error)?;
            if trellis_results::credentials::forget(&endpoint).map_err(lrs_error)? {
                term::outln!(
                    "The key and secret for {} are no longer kept in the system keyring.",
                    term::line(&endpoint)
                );
            } else {
                term::outln!(
                    "The system keyring kept no key and secret for {}.",
                    term::line(&endpoint)
                );
            }
            Ok(0)
        }
        None => {
            let course = args.course.expect("clap requires the course");
            refuse_folder(&course)?;
            // Read while the course is open in Trellis, too.
            let file = match CourseSource::open(&course) {
                Ok(CourseSource::File(file)) => *file,
                Ok(CourseSource::Folder(_)) => unreachable!("folders are refused above"),
                Err(e) if is_locked(&e) => CourseFile::open_for_results(&course)
                    .with_context(|| format!("could not open {}", course.display()))?,
                Err(e) => return Err(e),
            };
            let report = trellis_results::analyse(&file, args.min_learners)?;
            let text = match args.format {
                ReportFormat::Json => trellis_results::output::json(&report) + "\n",
                ReportFormat::Csv => trellis_results::output::csv(&report),
                ReportFormat::Html => {
                    trellis_results::output::html(&report, &file.course().info.title)
                }
                ReportFormat::Text => text_report(&report),
            };
            match args.output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("could not write {}", path.display()))?,
                None if args.format == ReportFormat::Text => term::out!("{}", term::text(&text)),
                None => term::out!("{text}"),
            }
            Ok(0)
        }
    }
}

/// Asks for a value on the terminal (without echo when `hidden`), or
/// reads a line from standard input when that is not a terminal.
fn ask(prompt: &str, hidden: bool) -> Result<String> {
    use std::io::{BufRead as _, IsTerminal as _};
    let what = prompt.trim_end_matches([':', ' ']).to_lowercase();
    let value = if std::io::stdin().is_terminal() {
        if hidden {
            rpassword::prompt_password(prompt)
                .with_context(|| format!("could not read the {what}"))?
        } else {
            term::err!("{prompt}");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .with_context(|| format!("could not read the {what}"))?;
            line
        }
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .with_context(|| format!("could not read the {what} from standard input"))?;
        line
    };
    let value = value.trim_end_matches(['\r', '\n']).to_owned();
    if value.trim().is_empty() {
        bail!("no {what} given: the record store's administrator issues the key and secret");
    }
    Ok(value)
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.0} %", v * 100.0))
}

fn text_report(r: &trellis_results::Report) -> String {
    use std::fmt::Write as _;
    let f = &r.all;
    let mut s = format!(
        "{} learners, {} statements ({} completed, {} passed, {} failed)\n",
        f.learners, f.statements, f.completed, f.passed, f.failed
    );
    if r.versions.len() > 1 {
        for v in &r.versions {
            let _ = writeln!(
                s,
                "  version {}: {} statements, {} learners",
                if v.version.is_empty() {
                    "(none given)"
                } else {
                    &v.version
                },
                v.statements,
                v.learners
            );
        }
    }
    if !f.meaningful {
        let _ = writeln!(
            s,
            "Fewer than {} learners: the figures are not yet meaningful.",
            r.min_learners
        );
    }
    s.push_str("\nQuestions (right at first try / eventually, discrimination, median time):\n");
    for q in f.questions.iter().filter(|q| q.learners > 0) {
        let _ = writeln!(
            s,
            "  {} — {} learners, {} / {}, {}, {}{}",
            q.title,
            q.learners,
            pct(q.facility_first),
            pct(q.facility_eventual),
            q.discrimination
                .map_or_else(|| "—".into(), |d| format!("{d:.2}")),
            q.median_seconds
                .map_or_else(|| "—".into(), |t| format!("{t:.0} s")),
            if q.meaningful {
                ""
            } else {
                " (not yet meaningful)"
            }
        );
        for c in &q.choices {
            let _ = writeln!(
                s,
                "      {} {} — {}",
                if c.correct { "✓" } else { " " },
                c.text,
                pct(Some(c.share))
            );
        }
        for flag in &q.flags {
            let _ = writeln!(s, "      ! {}", flag.message);
        }
    }
    s.push_str("\nObjectives (mastery rate):\n");
    for o in &f.objectives {
        let _ = writeln!(
            s,
            "  {} — {} of {} learners, {}",
            o.statement,
            o.mastered,
            o.learners,
            pct(o.mastery_rate)
        );
    }
    s.push_str("\nLessons (reach, drop-off):\n");
    for l in f.lessons.iter().filter(|l| l.measured) {
        let _ = writeln!(
            s,
            "  {} — {} learners, {}, {}",
            l.title,
            l.reached,
            pct(l.reach),
            pct(l.drop_off)
        );
    }
    s
}
