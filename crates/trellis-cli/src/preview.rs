//! `trellis preview`: the course as learners will see it, served on
//! 127.0.0.1 and reloaded in the browser whenever the course changes on disk
//! (a `.trellis` file, or any file of a text-format folder).
//!
//! The course is rendered for the `preview` target (progress kept in the
//! browser) with its assets (the job aid the last lesson links to is made
//! when it is asked for); a small script in the page long-polls
//! `/__trellis/wait` and reloads when the revision moves on. A course that no
//! longer loads (a typo in a lesson file, the file open in the app) shows its
//! error instead, and the page recovers by itself once it is fixed.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use trellis_render::{RenderOptions, Target};

use crate::guard::Guard;
use crate::source::CourseSource;
use crate::studio::file_response;

pub struct Args {
    pub course: PathBuf,
    pub port: u16,
}

/// How often the course is looked at for changes.
const POLL: Duration = Duration::from_millis(300);
/// How long a browser's wait for a change is held open.
const WAIT: Duration = Duration::from_secs(25);

/// Reloads the page when the revision moves on (injected before `</body>`).
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var rev = REV;
  function wait() {
    fetch("/__trellis/wait?rev=" + rev, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (t) { if (+t !== rev) location.reload(); else wait(); })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"#;

/// The rendered course at one revision.
struct Rendered {
    revision: u64,
    files: BTreeMap<String, Vec<u8>>,
}

struct Shared {
    /// The course's file or folder.
    course: PathBuf,
    rendered: Mutex<Rendered>,
    revision: watch::Sender<u64>,
    /// Answers only requests for this server's own address (no DNS
    /// rebinding) and not those sent by another site's page.
    guard: Guard,
}

pub fn run(args: Args) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> Result<()> {
    let course = args.course.clone();
    let first = render_course(&course, 1);
    if let Some(problem) = first.get(PROBLEM) {
        crate::term::errln!(
            "warning: {}",
            crate::term::text(&String::from_utf8_lossy(problem))
        );
    }
    let (revision, _) = watch::channel(1);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.port)))
        .await
        .with_context(|| format!("could not listen on 127.0.0.1:{}", args.port))?;
    let port = listener.local_addr()?.port();
    let shared = Arc::new(Shared {
        course: course.clone(),
        rendered: Mutex::new(Rendered {
            revision: 1,
            files: first,
        }),
        revision,
        guard: Guard::new(
            "The Trellis preview",
            "preview",
            IpAddr::from([127, 0, 0, 1]),
            port,
            None,
        ),
    });
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "Previewing {} at http://127.0.0.1:{port}/",
            crate::term::line(&course.display().to_string())
        );
        let _ = writeln!(
            out,
            "The page reloads when the course changes; press Ctrl+C to stop."
        );
        let _ = out.flush();
    }
    tokio::spawn(watch_course(course, shared.clone()));
    let router = Router::new()
        .route("/__trellis/wait", get(wait))
        .fallback(get(file))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared);
    crate::guard::serve(listener, router).await
}

/// The key under which a course that does not load keeps its error message.
const PROBLEM: &str = "\0problem";

/// Renders the course at `path` with its assets, or an error page saying why
/// it cannot be shown. Either way the page reloads itself on the next change.
fn render_course(path: &Path, revision: u64) -> BTreeMap<String, Vec<u8>> {
    let script = RELOAD_SCRIPT.replace("REV", &revision.to_string());
    match load(path) {
        Ok(mut files) => {
            if let Some(index) = files.get_mut("index.html") {
                let html = String::from_utf8_lossy(index).into_owned();
                let html = match html.rfind("</body>") {
                    Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
                    None => html + &script,
                };
                *index = html.into_bytes();
            }
            files
        }
        Err(err) => {
            let message = format!("{err:#}");
            let page = format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Trellis preview: the course cannot be shown</title>\
                 <main style=\"font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem\">\
                 <h1>The course cannot be shown</h1><pre style=\"white-space:pre-wrap\">{}</pre>\
                 <p>Fix it and save: this page reloads by itself.</p></main>{script}</html>",
                escape(&message)
            );
            BTreeMap::from([
                ("index.html".to_owned(), page.into_bytes()),
                (PROBLEM.to_owned(), message.into_bytes()),
            ])
        }
    }
}

fn load(path: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let source = CourseSource::open(path)?;
    let course = source.course();
    let site = trellis_render::render(course, &RenderOptions::new(Target::Preview))
        .context("could not render the course")?;
    let mut files = site.files;
    for name in trellis_publish::referenced_assets(course).keys() {
        // A missing asset is the design check's business; the page shows without it.
        if let Ok(bytes) = source.asset_bytes(name) {
            files.insert(trellis_publish::asset_path(name), bytes);
        }
    }
    Ok(files)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What changes when the course is edited: sizes and times of the course
/// file (and its write-ahead log), or of every file of a course folder.
fn fingerprint(path: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let stat = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (p.to_path_buf(), m.len(), m.modified().ok()))
    };
    if path.is_dir() {
        walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter_map(|e| stat(e.path()))
            .collect()
    } else {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        [stat(path), stat(Path::new(&wal))]
            .into_iter()
            .flatten()
            .collect()
    }
}

async fn watch_course(path: PathBuf, shared: Arc<Shared>) {
    let mut seen = fingerprint(&path);
    loop {
        tokio::time::sleep(POLL).await;
        let now = fingerprint(&path);
        if now == seen {
            continue;
        }
        seen = now;
        let revision = shared.rendered.lock().expect("not poisoned").revision + 1;
        let path2 = path.clone();
        let files = tokio::task::spawn_blocking(move || render_course(&path2, revision))
            .await
            .unwrap_or_default();
        if let Some(problem) = files.get(PROBLEM) {
            crate::term::errln!(
                "warning: {}",
                crate::term::text(&String::from_utf8_lossy(problem))
            );
        } else {
            crate::term::errln!("course changed: reloaded (revision {revision})");
        }
        *shared.rendered.lock().expect("not poisoned") = Rendered { revision, files };
        shared.revision.send_replace(revision);
    }
}

/// Checks `Host` and `Origin` before anything is answered.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    match shared.guard.check_site(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refused) => refused,
    }
}

#[derive(serde::Deserialize)]
struct WaitQuery {
    rev: u64,
}

/// Answers with the current revision as soon as it differs from `rev`, or
/// after [`WAIT`] with the same one.
async fn wait(State(shared): State<Arc<Shared>>, Query(q): Query<WaitQuery>) -> String {
    let mut changes = shared.revision.subscribe();
    let current = *changes.borrow_and_update();
    if current != q.rev {
        return current.to_string();
    }
    let _ = tokio::time::timeout(WAIT, changes.changed()).await;
    let latest = *changes.borrow();
    latest.to_string()
}

async fn file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let Some(path) = trellis_app::percent_decode(path) else {
        return (StatusCode::BAD_REQUEST, "Malformed path.").into_response();
    };
    if let Some(name) = path.strip_prefix("job-aid/") {
        // The job aid the last lesson links to, made from the course as it
        // is on disk when it is asked for.
        let course = shared.course.clone();
        let name = name.to_owned();
        let found = tokio::task::spawn_blocking(move || {
            let source = CourseSource::open(&course).ok()?;
            trellis_app::job_aid_file(source.course(), &|n| source.asset_bytes(n).ok(), &name)
        })
        .await
        .ok()
        .flatten();
        return match found {
            Some((mime, bytes)) => file_response(&mime, bytes),
            None => (StatusCode::NOT_FOUND, "Not part of this course.").into_response(),
        };
    }
    let rendered = shared.rendered.lock().expect("not poisoned");
    match rendered.files.get(path.as_str()) {
        Some(bytes) if !path.starts_with('\0') => {
            file_response(trellis_app::mime_for(&path), bytes.clone())
        }
        _ => (StatusCode::NOT_FOUND, "Not part of this course.").into_response(),
    }
}
