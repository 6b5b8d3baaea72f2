//! `trellis`: the command-line tool over the Trellis crates, for headless use
//! and CI. Each subcommand reads its arguments, calls the library crates and
//! reports; the logic lives in the crates.

mod comments;
mod guard;
mod import_doc;
mod info;
mod job_aid;
mod preview;
mod publish;
mod results;
mod review_server;
mod source;
mod studio;
mod term;
mod translate;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use source::CourseSource;
use trellis_app::blueprints;

/// Exit status when the design check finds errors.
const EXIT_FINDINGS: u8 = 1;
/// Exit status when a command fails (bad input, a file that cannot be read…).
const EXIT_FAILURE: u8 = 3;

#[derive(Parser)]
#[command(
    name = "trellis",
    version,
    about = "Author instructional-design courses and check them from the command line.",
    long_about = "Author instructional-design courses and check them from the command line.\n\n\
        A course is either a `.trellis` course file (one SQLite file holding the course and \
        its assets) or a folder in the Trellis text format (see docs/text-format.md). Every \
        command that reads a course accepts both.",
    after_help = "Examples:\n  \
        trellis new --template compliance-training safety.trellis\n  \
        trellis import examples/phishing-awareness -o phishing.trellis\n  \
        trellis check phishing.trellis\n  \
        trellis info --format json examples/phishing-awareness\n  \
        trellis export phishing.trellis -o phishing-text/\n  \
        trellis publish phishing.trellis --target scorm12 -o phishing.zip\n  \
        trellis comments phishing.trellis --import dana.trellis-review\n  \
        trellis comments --status open --format json phishing.trellis\n\n\
        Exit status: 0 success, 1 the design check found errors, 2 bad usage, 3 the command failed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// The heading level that starts a module, or none.
#[derive(Clone, Copy)]
struct ModuleHeading(Option<u8>);

fn parse_module_heading(s: &str) -> Result<ModuleHeading, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(ModuleHeading(None));
    }
    s.parse::<u8>()
        .map(|n| ModuleHeading(Some(n)))
        .map_err(|_| format!("`{s}` is not a heading level; give a number such as 1, or none"))
}

/// What a slide of an imported presentation becomes.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SlidesArg {
    Lessons,
    Headings,
}

#[derive(Subcommand)]
enum Command {
    /// Create a course file from a blueprint in templates/blueprints.
    #[command(
        after_help = "Examples:\n  trellis new --list\n  trellis new --template software-procedure onboarding.trellis --title \"Using the new CRM\""
    )]
    New {
        /// Blueprint name (see --list).
        #[arg(long, short, required_unless_present = "list")]
        template: Option<String>,
        /// Title of the new course (default: the blueprint's).
        #[arg(long)]
        title: Option<String>,
        /// List the blueprints and exit.
        #[arg(long)]
        list: bool,
        /// The course file to create; it must not exist yet.
        #[arg(required_unless_present = "list")]
        file: Option<PathBuf>,
    },
    /// Import a text-format folder into a new course file.
    #[command(
        after_help = "Example:\n  trellis import examples/phishing-awareness -o phishing.trellis"
    )]
    Import {
        folder: PathBuf,
        /// The course file to create; it must not exist yet.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Make a course from a document: Word, PowerPoint, Markdown, or a GIFT or Aiken question bank.
    #[command(
        name = "import-doc",
        after_help = "Examples:\n  trellis import-doc storyboard.docx -o course.trellis\n  trellis import-doc slides.pptx -o slides.trellis --slides headings\n  trellis import-doc notes.md -o notes.trellis\n  trellis import-doc quiz.gift -o quiz.trellis --dry-run\n  trellis import-doc extra.docx --into course.trellis\n  trellis import-doc policy.docx -o policy.trellis --template compliance-training\n  trellis import-doc manual.docx -o manual.trellis --module-heading 2 --lesson-heading 3\n\n\
        PowerPoint (.pptx): each slide becomes a lesson (or, with --slides headings, a\n\
        heading in one lesson), with its text, pictures and speaker notes.\n\
        Word (.docx): Heading 1 starts a module, Heading 2 a lesson, deeper headings become\n\
        heading blocks (--module-heading and --lesson-heading choose other levels); text,\n\
        lists and tables become text blocks, pictures image blocks with their\n\
        descriptions, comments review comments. Markdown: # headings start modules, ##\n\
        headings lessons. GIFT (.gift), Aiken (.aiken, .txt) and CSV questions become\n\
        questions of the matching kind. --into adds the document to an existing course\n\
        as new modules; nothing is written if anything fails. The report says what\n\
        became what, and what could not be brought over, by line or paragraph."
    )]
    ImportDoc {
        document: PathBuf,
        /// The course file to create; it must not exist yet.
        #[arg(long, short, required_unless_present_any = ["dry_run", "into"], conflicts_with = "into")]
        output: Option<PathBuf>,
        /// Add the document to this existing course file instead, as new
        /// modules after its last (one undo step in the editor).
        #[arg(long, conflicts_with = "template")]
        into: Option<PathBuf>,
        /// Start the new course from this blueprint (`trellis new --list`):
        /// the document's modules go in before the blueprint's assessment.
        #[arg(long)]
        template: Option<String>,
        /// The Word or Markdown heading level that starts a module (1 to 8),
        /// or `none` for one module holding every lesson.
        #[arg(long, value_name = "LEVEL", default_value = "1", value_parser = parse_module_heading)]
        module_heading: ModuleHeading,
        /// The Word or Markdown heading level that starts a lesson (1 to 9);
        /// deeper headings become heading blocks.
        #[arg(long, value_name = "LEVEL", default_value_t = 2)]
        lesson_heading: u8,
        /// Show what the import would make, and create nothing.
        #[arg(long)]
        dry_run: bool,
        /// What each slide of a presentation becomes: a lesson, or a heading
        /// in one lesson.
        #[arg(long, value_enum, default_value = "lessons")]
        slides: SlidesArg,
    },
    /// Export a course (file or folder) as a text-format folder.
    #[command(
        after_help = "Example:\n  trellis export phishing.trellis -o phishing-text/\n\n\
        The folder must be new, empty, or an earlier export (it has a course.toml)."
    )]
    Export {
        course: PathBuf,
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Review a course as an instructional designer and accessibility auditor would.
    #[command(
        after_help = "Examples:\n  trellis check phishing.trellis\n  trellis check --format json examples/phishing-awareness\n\n\
        Exit status 1 when any finding is an error."
    )]
    Check {
        course: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Publish a course as a package for an LMS or the web.
    #[command(
        after_help = "Examples:\n  trellis publish phishing.trellis --target scorm12 -o phishing-scorm12.zip\n  \
        trellis publish examples/phishing-awareness --target cmi5 -o phishing-cmi5.zip\n  \
        trellis publish phishing.trellis --target web --folder -o site/\n\n\
        Targets: scorm12 (SCORM 1.2), scorm2004 (SCORM 2004 4th edition), cmi5, xapi (Tin Can), web,\n        review (a review build for subject-matter experts: see docs/review.md),\n        job-aid (the course's job aid: PDFs, phone page and QR code; see docs/job-aids.md)."
    )]
    Publish {
        course: PathBuf,
        #[arg(long, short, value_parser = parse_target)]
        target: PublishTarget,
        /// The zip to write (or, with --folder, the folder).
        #[arg(long, short)]
        output: PathBuf,
        /// Write the files into a new, empty folder instead of a zip.
        #[arg(long)]
        folder: bool,
        /// A theme folder whose files replace the built-in templates and styles.
        #[arg(long)]
        theme: Option<PathBuf>,
        /// Publish SCORM even if the worst-case saved state exceeds the LMS limit.
        #[arg(long)]
        allow_state_overflow: bool,
        /// What a SCORM LMS is told for this package instead of the course's
        /// setting: passed-failed, passed-incomplete, completed-incomplete or
        /// completed-passed (see docs/publishing.md).
        #[arg(long, value_parser = str::parse::<trellis_model::Reporting>)]
        reporting: Option<trellis_model::Reporting>,
        /// Publish the course in this target language (one of its translations), or
        /// `all`: one package with every language, opening in the learner's.
        #[arg(long)]
        lang: Option<String>,
        /// Replace the output zip if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Edit a course in the browser: serves the editor on 127.0.0.1.
    #[command(
        after_help = "Examples:\n  trellis studio phishing.trellis\n  trellis studio phishing.trellis --port 8080\n  \
        trellis studio examples/phishing-awareness   (imports the folder into a new course file)\n  \
        trellis studio course.trellis --write-dir ~/packages\n  \
        TRELLIS_STUDIO_TOKEN=\"$(openssl rand -hex 16)\" trellis studio course.trellis --host 0.0.0.0\n\n\
        Open the whole address it prints: it carries this run's key after #token= (random unless \
        --token gives one), and without it the editor does not open. The editor writes course files, \
        packages and exports, and reads files named by path (assets, course folders, review files), \
        only inside the course's folder, the folder new courses go to, and the folders given with \
        --write-dir (never hidden names); packages and exports reach the browser as downloads, and \
        files picked in the browser are sent by it."
    )]
    Studio {
        /// A course file, or a text-format folder to import first. Without
        /// it, the editor starts on its start screen.
        course: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 7077)]
        port: u16,
        /// The address to listen on (loopback unless you mean to share the editor).
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// The key the browser must present (at least 20 random characters); by default a random
        /// one. Other accounts can see a command line: prefer $TRELLIS_STUDIO_TOKEN.
        #[arg(long)]
        token: Option<String>,
        /// Serve the editor's files from this folder (e.g. ui/dist) instead of the built-in copy.
        #[arg(long)]
        ui_dir: Option<PathBuf>,
        /// Another folder the editor may write in and read from (may be repeated).
        #[arg(long = "write-dir", value_name = "FOLDER")]
        write_dirs: Vec<PathBuf>,
    },
    /// Serve the course as learners will see it, reloading when it changes.
    #[command(
        after_help = "Examples:\n  trellis preview examples/phishing-awareness\n  trellis preview phishing.trellis --port 8400\n\n\
        Serves on 127.0.0.1 only. Edit the course (the text files of a folder, or the course file \
        from another program) and the page in the browser reloads by itself."
    )]
    Preview {
        course: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8400)]
        port: u16,
    },
    /// Serve a course's review build and store reviewers' comments in the course file.
    #[command(
        after_help = "Examples:\n  trellis review phishing.trellis\n  trellis review phishing.trellis --lan --port 8500\n\n\
        Serves on 127.0.0.1; with --lan on every address, behind a random token that the printed \
        address carries after #token=. Each comment is stored in the course file as soon as the \
        reviewer saves it. See docs/review.md."
    )]
    Review {
        /// The course file (.trellis) the comments go into.
        course: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8500)]
        port: u16,
        /// Listen on the local network too, with a random token in the address.
        #[arg(long)]
        lan: bool,
    },
    /// List a course's review comments, or import review files into it.
    #[command(after_help = "Examples:\n  trellis comments phishing.trellis\n  \
        trellis comments --status open --reviewer \"Dana Okafor\" phishing.trellis\n  \
        trellis comments --format json examples/phishing-awareness\n  \
        trellis comments phishing.trellis --import dana.trellis-review --import lee.trellis-review\n\n\
        Review files (.trellis-review) come from a review build (trellis publish --target review); \
        see docs/review-format.md. Importing adds only comments the course does not hold yet, and \
        a file for another course, or a damaged one, is refused with nothing imported. Into a \
        text-format folder, each new comment is written as comments/<id>.toml.")]
    Comments {
        /// A course file, or a text-format folder.
        course: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Which comments to list.
        #[arg(long, value_enum, default_value = "all")]
        status: comments::StatusFilter,
        /// Only this reviewer's comments (the name as they gave it; case does not matter).
        #[arg(long)]
        reviewer: Option<String>,
        /// Import this .trellis-review file instead of listing (may be repeated; all or nothing).
        #[arg(long, value_name = "FILE")]
        import: Vec<PathBuf>,
    },
    /// Translate a course: export XLIFF, import translations, status, pseudo-localisation.
    #[command(subcommand, after_help = "See docs/translation.md.")]
    Translate(translate::TranslateCommand),
    /// Learners' results: read them from a record store or an export, and report
    /// item analysis, objective mastery and lesson reach.
    #[command(
        after_help = "Examples:\n  trellis results pull phishing.trellis --lrs https://lrs.example.com/xAPI/\n  \
        trellis results import phishing.trellis statements.jsonl\n  \
        trellis results import phishing.trellis moodle-interactions.csv\n  \
        trellis results phishing.trellis --format html -o results.html\n\nSee docs/results.md."
    )]
    Results(results::ResultsArgs),
    /// Show a course's title and counts of what it holds.
    #[command(after_help = "Example:\n  trellis info --format json phishing.trellis")]
    Info {
        course: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Targets a package can be published for (the preview is not one).
/// What `trellis publish` makes: a package for a learner target, or the
/// course's job aid.
#[derive(Debug, Clone, Copy)]
enum PublishTarget {
    Package(trellis_publish::Target),
    JobAid,
}

fn parse_target(s: &str) -> Result<PublishTarget, String> {
    if s == "job-aid" {
        return Ok(PublishTarget::JobAid);
    }
    match s.parse::<trellis_publish::Target>() {
        Ok(trellis_publish::Target::Preview) | Err(_) => Err(format!(
            "unknown target `{s}`; choose scorm12, scorm2004, cmi5, xapi, web, review or job-aid"
        )),
        Ok(target) => Ok(PublishTarget::Package(target)),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            crate::term::errln!("error: {}", term::text(&format!("{err:#}")));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::New {
            template,
            title,
            list,
            file,
        } => {
            if list {
                for (name, course) in blueprints::all()? {
                    crate::term::outln!("{name}\n    {}\n", course.course.info.description.trim());
                }
                return Ok(0);
            }
            let (Some(template), Some(file)) = (template, file) else {
                bail!("give a blueprint name with --template and the file to create");
            };
            let mut imported = blueprints::get(&template)?;
            imported.course.id = trellis_model::CourseId::generate();
            if let Some(title) = title {
                if let Some(bad) =
                    trellis_model::find_bad_char(&serde_json::json!({ "title": title }))
                {
                    bail!("the course was not created: {bad}");
                }
                imported.course.info.title = title;
            }
            trellis_store::CourseFile::create(&file, &imported.course, imported.assets)
                .with_context(|| format!("could not create {}", file.display()))?;
            crate::term::outln!(
                "Created {} from the `{template}` blueprint.",
                file.display()
            );
            let left = imported.course.placeholders().len();
            if left > 0 {
                crate::term::outln!(
                    "It holds {left} placeholder texts that say what to write; `trellis check` lists \
                     them, and learner packages can be published once all are replaced."
                );
            }
            Ok(0)
        }
        Command::Import { folder, output } => {
            let imported = trellis_text::import_dir(&folder)
                .with_context(|| format!("could not import {}", folder.display()))?;
            let file = trellis_store::CourseFile::create_with_translations(
                &output,
                &imported.course,
                imported.assets,
                &imported.comments,
                &imported.translations,
            )
            .with_context(|| format!("could not create {}", output.display()))?;
            let summary = info::Summary::of(file.course());
            let comments = match imported.comments.len() {
                0 => String::new(),
                1 => "; 1 review comment".to_owned(),
                n => format!("; {n} review comments"),
            };
            crate::term::outln!(
                "Imported {} into {}: {}{comments}.",
                term::line(&folder.display().to_string()),
                term::line(&output.display().to_string()),
                summary.one_line()
            );
            Ok(0)
        }
        Command::ImportDoc {
            document,
            output,
            into,
            template,
            dry_run,
            slides,
            module_heading,
            lesson_heading,
        } => {
            let headings = trellis_import::Headings::new(module_heading.0, lesson_heading)
                .map_err(|why| anyhow::anyhow!("nothing was imported: {why}"))?;
            let options = trellis_import::Options {
                slides: match slides {
                    SlidesArg::Lessons => trellis_import::SlideMode::Lessons,
                    SlidesArg::Headings => trellis_import::SlideMode::Headings,
                },
                headings,
            };
            match into {
                Some(course) => import_doc::run_into(&document, &course, dry_run, options),
                None => import_doc::run(
                    &document,
                    output.as_deref(),
                    template.as_deref(),
                    dry_run,
                    options,
                ),
            }
        }
        Command::Export { course, output } => {
            let source = CourseSource::open(&course)?;
            source.export(&output)?;
            crate::term::outln!(
                "Exported {} to {}.",
                term::line(&course.display().to_string()),
                term::line(&output.display().to_string())
            );
            Ok(0)
        }
        Command::Check { course, format } => {
            let source = CourseSource::open(&course)?;
            let mut report = trellis_check::check(source.course());
            trellis_check::check_translations(
                &mut report,
                &source.course().info.language,
                &source.translation_status()?.languages,
            );
            match format {
                Format::Json => crate::term::outln!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => crate::term::out!("{}", info::render_report(&report)),
            }
            Ok(if report.has_errors() {
                EXIT_FINDINGS
            } else {
                0
            })
        }
        Command::Publish {
            course,
            target,
            output,
            folder,
            theme,
            allow_state_overflow,
            reporting,
            lang,
            force,
        } => {
            let target = match target {
                PublishTarget::JobAid => {
                    if folder {
                        anyhow::bail!("the job aid is published as a zip; leave out --folder");
                    }
                    job_aid::run(job_aid::Args {
                        course,
                        output,
                        lang,
                        force,
                    })?;
                    return Ok(0);
                }
                PublishTarget::Package(target) => target,
            };
            publish::run(publish::Args {
                course,
                target,
                output,
                folder,
                theme,
                allow_state_overflow,
                reporting,
                lang,
                force,
            })?;
            Ok(0)
        }
        Command::Studio {
            course,
            port,
            host,
            token,
            ui_dir,
            write_dirs,
        } => {
            studio::run(studio::Args {
                course,
                port,
                host,
                token,
                ui_dir,
                write_dirs,
            })?;
            Ok(0)
        }
        Command::Preview { course, port } => {
            preview::run(preview::Args { course, port })?;
            Ok(0)
        }
        Command::Review { course, port, lan } => {
            review_server::run(review_server::Args { course, port, lan })?;
            Ok(0)
        }
        Command::Comments {
            course,
            format,
            status,
            reviewer,
            import,
        } => comments::run(comments::Args {
            course,
            format,
            status,
            reviewer,
            import,
        }),
        Command::Translate(cmd) => translate::run(cmd),
        Command::Results(args) => results::run(args),
        Command::Info { course, format } => {
            let source = CourseSource::open(&course)?;
            let summary = info::Summary::of(source.course());
            match format {
                Format::Json => crate::term::outln!("{}", serde_json::to_string_pretty(&summary)?),
                Format::Text => crate::term::out!("{}", summary.render()),
            }
            Ok(0)
        }
    }
}
