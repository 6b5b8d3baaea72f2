//! `trellis studio`: the editor in a browser. An axum server on 127.0.0.1
//! that serves the built UI, answers `POST /api/call` with
//! [`trellis_app::App::call`], serves the preview under `/preview/` and tells
//! the page when the course changed through `GET /events` (server-sent
//! events carrying the revision).
//!
//! Safety (docs/ARCHITECTURE.md, Security): by default it listens on
//! loopback only and refuses requests whose `Host` is not a loopback name
//! (DNS rebinding) or whose `Origin` is another site ([`crate::guard`]).
//! Every run has a token, random unless `--token` gives a strong one, so
//! that other accounts on the same machine cannot use the editor: the
//! printed address carries it after `#token=`, the editor shows it once
//! (`POST /api/session`) and gets a cookie named for this server and port.
//! The API, the preview, the events and the downloads need it. What the
//! editor writes (course files, packages, exports) goes only inside the
//! folders of [`places`] ([`App::limit_places`]), and files it reads by
//! path (assets, course folders, review files) come only from there.
//! Request bodies are limited to [`BODY_LIMIT`].

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use include_dir::{Dir, include_dir};
use serde_json::Value;
use tokio::sync::watch;
use trellis_app::{App, AppConfig, AppError, Command, DownloadCommand, ErrorCode};

use crate::guard::{Guard, Token, check_token, is_json, random_token, refuse};

/// The largest request body: an asset sent as base64 in `import_asset` (or
/// a review file in `import_review`, a results file in `import_results`).
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The environment variable that gives the studio's key instead of
/// `--token` (which other accounts on the machine can see in `ps`).
pub const TOKEN_ENV: &str = "TRELLIS_STUDIO_TOKEN";

/// The largest body of any other command: edits and questions are small,
/// and the core may hold a command's text many times over while it works
/// (the course, its preview, the design check, the answer), so a huge one
/// would take gigabytes.
pub const COMMAND_LIMIT: usize = 4 * 1024 * 1024;

/// The built UI (`ui/dist`), or a page saying it was not built when this
/// binary was compiled (see build.rs); [`UI_BUILT`] tells which.
static UI: Dir<'_> = include_dir!("$TRELLIS_UI_DIR");

/// Whether [`UI`] is the real editor. Without it studio refuses to start
/// (unless `--ui-dir` names one), so nobody is shown a page that is not
/// the editor.
const UI_BUILT: bool = matches!(env!("TRELLIS_UI_BUILT").as_bytes(), b"yes");

/// What to do when this binary holds no editor.
const UI_MISSING: &str = "this trellis was compiled before the editor was built (ui/dist was missing), \
     so it has no editor to serve. Build the editor once with\n\n    cargo xtask ui\n\n\
     then run this command again (cargo rebuilds trellis with the editor inside).";

pub struct Args {
    pub course: Option<PathBuf>,
    pub port: u16,
    pub host: IpAddr,
    pub token: Option<String>,
    /// Serve the UI from this folder instead of the embedded one.
    pub ui_dir: Option<PathBuf>,
    /// More folders the editor may write in and read from (`--write-dir`).
    pub write_dirs: Vec<PathBuf>,
}

struct Shared {
    app: Mutex<App>,
    revision: Arc<watch::Sender<u64>>,
    /// The `preview_update` from the revision before to `.0`, set as the
    /// change is made (see [`trellis_app::ChangeListener`]), so the preview
    /// gets it without waiting for the command that made the change.
    preview: Arc<Mutex<Option<(u64, Value)>>>,
    guard: Guard,
    ui_dir: Option<PathBuf>,
    /// The zips `publish` and `export` wrote in this session, by download
    /// number.
    published: Mutex<Vec<PathBuf>>,
    /// Where `publish` and `export` asked for as a download write their zip.
    downloads: PathBuf,
}

type Ctx = Arc<Shared>;

pub fn run(args: Args) -> Result<()> {
    match &args.ui_dir {
        None if !UI_BUILT => bail!("{UI_MISSING}"),
        Some(dir) if !dir.join("index.html").is_file() => bail!(
            "{} holds no built editor (no index.html); build it with `cargo xtask ui` and give --ui-dir ui/dist",
            dir.display()
        ),
        _ => {}
    }
    // A command line can be read by every account on the machine (`ps`),
    // the environment only by the author's own.
    let given = args
        .token
        .clone()
        .or_else(|| std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty()));
    let token = match given {
        Some(token) => {
            check_token(&token).map_err(|e| anyhow::anyhow!("{e}"))?;
            token
        }
        None => random_token()?,
    };
    for dir in &args.write_dirs {
        if !dir.is_dir() {
            bail!(
                "--write-dir {}: there is no folder there; make it first or name another",
                dir.display()
            );
        }
    }
    let mut app = App::new(AppConfig {
        reveal: args.host.is_loopback(),
        ..AppConfig::from_env()
    });
    if let Some(course) = &args.course {
        app.open_at_start(course)
            .with_context(|| format!("could not open {}", course.display()))?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(args, app, token))
}

/// The folders browser mode writes in and reads from by path: those named with `--write-dir`, the
/// folder of the course opened on the command line, the folder new courses
/// go to ([`App::courses_dir`]) and this server's downloads folder. Made
/// absolute against the current folder.
fn places(args: &Args, app: &App, downloads: &Path) -> Vec<PathBuf> {
    let here = std::env::current_dir().unwrap_or_default();
    let mut folders: Vec<PathBuf> = args.write_dirs.iter().map(|d| here.join(d)).collect();
    if let Some(dir) = app.path().and_then(Path::parent) {
        folders.push(here.join(dir));
    }
    folders.push(here.join(app.courses_dir()));
    folders.push(downloads.to_owned());
    folders.dedup();
    folders
}

async fn serve(args: Args, mut app: App, token: String) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port))
        .await
        .with_context(|| format!("could not listen on {}:{}", args.host, args.port))?;
    let addr = listener.local_addr()?;
    let port = addr.port();
    let downloads =
        std::env::temp_dir().join(format!("trellis-studio-{}-{port}", std::process::id()));
    app.limit_places(places(&args, &app, &downloads));
    let revision = Arc::new(watch::channel(app.revision()).0);
    let ready: Arc<Mutex<Option<(u64, Value)>>> = Arc::default();
    {
        // Tell the page of a change as soon as it is made.
        let (revision, ready) = (revision.clone(), ready.clone());
        app.set_change_listener(Box::new(move |rev, update| {
            *ready.lock().unwrap_or_else(|e| e.into_inner()) = update.map(|u| (rev, u));
            revision.send_replace(rev);
        }));
    }
    let shared = Arc::new(Shared {
        app: Mutex::new(app),
        revision,
        preview: ready,
        guard: Guard::new("Trellis studio", "studio", args.host, port, Some(token)),
        ui_dir: args.ui_dir.clone(),
        published: Mutex::default(),
        downloads,
    });
    let router = Router::new()
        .route("/api/session", post(session))
        .route("/api/call", post(api_call))
        .route("/api/download/{n}", get(download))
        .route("/events", get(events))
        .route("/preview", get(preview))
        .route("/preview/", get(preview))
        .route("/preview/{*path}", get(preview))
        .fallback(get(ui))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared.clone());
    let shown = if args.host.is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        args.host
    };
    let token = shared.guard.token.as_deref().unwrap_or_default();
    let url = match shown {
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/#token={token}"),
        ip => format!("http://{ip}:{port}/#token={token}"),
    };
    {
        // A closed standard output must not stop the server.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Trellis studio is running at {url}");
        let _ = writeln!(
            out,
            "Open that whole address in a browser (the part after # is this run's key; keep it to yourself). Press Ctrl+C to stop."
        );
        let _ = out.flush();
    }
    crate::guard::serve(listener, router).await
}

/// `POST /api/session`: nothing but the token check, whose answer sets the
/// cookie; the editor calls it first, with the token from its address, so
/// that the preview, the events and downloads carry the cookie.
async fn session() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Checks `Host`, `Origin` and (for the API, preview and events) the token.
async fn guard(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    if let Err(refused) = ctx.guard.check_site(request.headers()) {
        return refused;
    }
    let path = request.uri().path();
    let protected = path.starts_with("/api/") || path.starts_with("/preview") || path == "/events";
    let token = if protected {
        ctx.guard.token(&request)
    } else {
        Token::NotNeeded
    };
    if token == Token::Missing {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "This Trellis studio needs its key: open the whole address `trellis studio` printed, with #token=… at the end.",
        );
    }
    let mut response = next.run(request).await;
    if token == Token::Shown {
        ctx.guard.set_cookie(&mut response);
    }
    response
}

/// The HTTP status for an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotOpen => StatusCode::CONFLICT,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::InvalidEdit
        | ErrorCode::NotACourse
        | ErrorCode::NewerVersion
        | ErrorCode::PublishFailed => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Locked => StatusCode::LOCKED,
        ErrorCode::BadInput => StatusCode::BAD_REQUEST,
        ErrorCode::Io | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
    }
}

async fn api_call(State(ctx): State<Ctx>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if !is_json(&headers) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the command as JSON (Content-Type: application/json).",
        );
    }
    let command: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            let error = AppError::bad_input(format!("The request is not valid JSON: {e}."));
            return (StatusCode::BAD_REQUEST, axum::Json(error)).into_response();
        }
    };
    let request = match StudioRequest::from_json(command) {
        Ok(r) => r,
        Err(error) => return (status_of(error.code), axum::Json(error)).into_response(),
    };
    let cmd = request.name();
    if body.len() > COMMAND_LIMIT
        && !matches!(cmd, "import_asset" | "import_review" | "import_results")
    {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The command `{}` is too large ({} MiB; at most {} MiB, except when importing a file).",
                crate::term::line(cmd),
                body.len() / (1024 * 1024),
                COMMAND_LIMIT / (1024 * 1024)
            ),
        );
    }
    drop(body);
    if let Some(update) = ready_preview_update(&ctx, &request) {
        let mut response = axum::Json(update).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    // A zip it publishes or exports can be downloaded from this server
    // afterwards.
    let zip = matches!(
        request,
        StudioRequest::Download(_)
            | StudioRequest::App(Command::Publish { folder: false, .. })
            | StudioRequest::App(Command::Export { zip: true, .. })
    );
    let worker = ctx.clone();
    let result = tokio::task::spawn_blocking(move || {
        let mut app = worker.app.lock().unwrap_or_else(|e| e.into_inner());
        let result = match request {
            StudioRequest::App(command) => app.call(command),
            StudioRequest::Download(download) => for_download(&app, &worker.downloads, download)
                .and_then(|command| app.call(command)),
        };
        let revision = app.revision();
        worker.revision.send_if_modified(|r| {
            let changed = *r != revision;
            *r = revision;
            changed
        });
        result
    })
    .await;
    let mut response = match result {
        Ok(Ok(mut value)) => {
            if zip {
                offer_download(&ctx, &mut value);
            }
            axum::Json(value).into_response()
        }
        Ok(Err(error)) => (status_of(error.code), axum::Json(error)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(AppError::internal(format!("The command failed: {e}."))),
        )
            .into_response(),
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What the UI sends: an app [`Command`], or a [`DownloadCommand`] this
/// server turns into one.
// A request lives for one call, as a `Command` does (see there): no box.
#[allow(clippy::large_enum_variant)]
enum StudioRequest {
    App(Command),
    Download(DownloadCommand),
}

impl StudioRequest {
    fn from_json(value: Value) -> Result<Self, AppError> {
        match DownloadCommand::from_json(&value)? {
            Some(download) => Ok(Self::Download(download)),
            None => Command::from_json(value).map(Self::App),
        }
    }

    /// The `cmd` tag.
    fn name(&self) -> &'static str {
        match self {
            Self::App(command) => command.name(),
            Self::Download(DownloadCommand::Publish { .. }) => "publish",
            Self::Download(DownloadCommand::Export { .. }) => "export",
        }
    }
}

/// The command that writes the zip `download` asks for: the browser saves
/// the file, so the author is not asked for a place on the server. The zip
/// goes to this server's own folder in the system's temporary folder, named
/// like the desktop app would suggest ([`App::default_path`]).
fn for_download(
    app: &App,
    downloads: &std::path::Path,
    download: DownloadCommand,
) -> Result<Command, AppError> {
    let name = app
        .default_path(download.kind(), None, download.target())?
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_else(|| "course.zip".into());
    std::fs::create_dir_all(downloads)
        .map_err(|e| AppError::io(format!("Could not create {}", downloads.display()), &e))?;
    Ok(download.at(downloads.join(name)))
}

/// Adds `download` (`/api/download/N`) to a `publish` or `export` result
/// whose zip is a file, and remembers the file under that number.
fn offer_download(ctx: &Ctx, report: &mut Value) {
    let Some(path) = report
        .get("path")
        .and_then(Value::as_str)
        .map(PathBuf::from)
    else {
        return;
    };
    if !path.is_file() {
        return;
    }
    let mut published = ctx.published.lock().unwrap_or_else(|e| e.into_inner());
    let n = match published.iter().position(|p| *p == path) {
        Some(n) => n,
        None => {
            published.push(path);
            published.len() - 1
        }
    };
    report["download"] = Value::String(format!("/api/download/{n}"));
}

/// `GET /api/download/N`: the package the Nth `publish` of this session
/// wrote, as it is on disk now (only those files; the token guards it like
/// the rest of `/api/`).
async fn download(
    State(ctx): State<Ctx>,
    axum::extract::Path(n): axum::extract::Path<String>,
) -> Response {
    let path = n.parse::<usize>().ok().and_then(|n| {
        ctx.published
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(n)
            .cloned()
    });
    let Some(path) = path else {
        return refuse(
            StatusCode::NOT_FOUND,
            "No package was published under that number.",
        );
    };
    let file = path.clone();
    let read = tokio::task::spawn_blocking(move || std::fs::read(file))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())));
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return refuse(
                StatusCode::NOT_FOUND,
                format!("{} is no longer there; publish again.", path.display()),
            );
        }
        Err(e) => {
            let error = AppError::io(format!("Could not read {}", path.display()), &e);
            return (status_of(error.code), axum::Json(error)).into_response();
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package.zip".into());
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&attachment(&name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The `Content-Disposition` of a download called `name`: the name as it
/// is (UTF-8, percent-encoded, RFC 6266) and a plain ASCII one for browsers
/// that do not read that.
fn attachment(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b".-_~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// The answer to `preview_update` from the revision just before the current
/// one, when the change made it ready: given without waiting for the app,
/// which may still be building the result of the command that made it.
fn ready_preview_update(ctx: &Ctx, request: &StudioRequest) -> Option<Value> {
    let StudioRequest::App(Command::PreviewUpdate { from }) = request else {
        return None;
    };
    let from = *from;
    let ready = ctx.preview.lock().unwrap_or_else(|e| e.into_inner());
    let (revision, update) = ready.as_ref()?;
    (*revision == from + 1 && *ctx.revision.borrow() == *revision).then(|| update.clone())
}

/// Server-sent events: `revision` with the current revision at once and
/// after every change.
async fn events(State(ctx): State<Ctx>) -> impl IntoResponse {
    let rx = ctx.revision.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let revision = *rx.borrow_and_update();
        let event = Event::default()
            .event("revision")
            .data(format!("{{\"revision\":{revision}}}"));
        Some((Ok::<_, std::convert::Infallible>(event), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn preview(State(ctx): State<Ctx>, request: Request) -> Response {
    let path = request
        .uri()
        .path()
        .strip_prefix("/preview")
        .unwrap_or_default()
        .trim_start_matches('/')
        .to_owned();
    let query = request.uri().query().map(|q| format!("?{q}"));
    if path.is_empty() && !request.uri().path().ends_with('/') {
        // Relative links in the page need the trailing slash.
        let to = format!("/preview/{}", query.as_deref().unwrap_or_default());
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
    }
    // The job aid's phone page carries its own, stricter policy (nothing
    // from anywhere, its one line of script by its hash), which the
    // preview's would only stop from showing its Print button.
    let own_policy = path == "job-aid/index.html"
        || (path.starts_with("lang/") && path.ends_with("/job-aid/index.html"));
    // The query goes on too: `?lesson=<id>` names the lesson the page
    // opens on.
    let path = path + query.as_deref().unwrap_or_default();
    let found = tokio::task::spawn_blocking(move || {
        ctx.app
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .preview_file(&path)
    })
    .await
    .ok()
    .flatten();
    let mut response = match found {
        Some((mime, bytes)) => file_response(&mime, bytes),
        None => (StatusCode::NOT_FOUND, "Not in the preview.").into_response(),
    };
    let headers = response.headers_mut();
    if !own_policy {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PREVIEW_CSP),
        );
    }
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    response
}

/// The preview's Content-Security-Policy: the player's own files (scripts
/// from this server only, no inline script), media from anywhere as a
/// course may link it, requests only to this server, and framed only by
/// the editor's own page (`frame-ancestors 'self'`, with
/// `X-Frame-Options: SAMEORIGIN` for older browsers).
const PREVIEW_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob: https: http:; media-src 'self' blob: https: http:; \
     font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'none'; frame-src 'self' https:; frame-ancestors 'self'";

pub(crate) fn file_response(mime: &str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The UI's files; paths that name no file get `index.html`, so the UI
/// can route by path.
async fn ui(State(ctx): State<Ctx>, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    if !plain_path(path) {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    }
    let path = if path.is_empty() { "index.html" } else { path };
    let read = |p: &str| -> Option<Vec<u8>> {
        match &ctx.ui_dir {
            Some(dir) => std::fs::read(dir.join(p)).ok(),
            None => UI.get_file(p).map(|f| f.contents().to_vec()),
        }
    };
    let (path, bytes) = match read(path) {
        Some(bytes) => (path, bytes),
        None if !path.rsplit('/').next().unwrap_or_default().contains('.') => {
            match read("index.html") {
                Some(bytes) => ("index.html", bytes),
                None => return (StatusCode::NOT_FOUND, "Not found.").into_response(),
            }
        }
        None => return (StatusCode::NOT_FOUND, "Not found.").into_response(),
    };
    let mut response = file_response(trellis_app::mime_for(path), bytes);
    if path.ends_with(".html") {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; \
                 style-src 'self' 'unsafe-inline'; frame-src 'self'; object-src 'none'; \
                 base-uri 'self'; frame-ancestors 'self'",
            ),
        );
    }
    response
}

/// Whether `path` (from a URL, without its leading `/`) names a file below
/// a folder and nothing else: only plain names, as [`Path`] splits them on
/// this system (no `..`, no root, no drive such as `C:`), and no `\\`,
/// which Windows reads as a separator too.
fn plain_path(path: &str) -> bool {
    !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_paths_stay_in_the_folder() {
        assert!(plain_path(""));
        assert!(plain_path("index.html"));
        assert!(plain_path("assets/index-1.js"));
        assert!(!plain_path("../Cargo.toml"));
        assert!(!plain_path("assets/../../x"));
        assert!(!plain_path("..\\..\\secret.txt"));
        assert!(!plain_path("assets\\..\\..\\x"));
        assert!(!plain_path("/etc/passwd"));
        assert!(!plain_path("./index.html"));
    }
}
