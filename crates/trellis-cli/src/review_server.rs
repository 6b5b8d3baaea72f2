//! `trellis review`: serves the review build of a course file and stores the
//! comments reviewers make straight into that file, as they make them.
//!
//! The page is the `review` target of `trellis-render` (the course as
//! learners see it plus the review layer), with the course's assets. The
//! review layer asks `GET /api/review`; when this server answers, every
//! comment is posted to `POST /api/comments` as soon as the reviewer saves
//! it, as a `.trellis-review` document holding that comment
//! (`docs/review-format.md`). The server checks it with
//! [`ReviewFile::parse`] and adds it with [`CourseFile::add_comments`]: one
//! transaction per post, one post at a time (the course file sits behind a
//! mutex), so comments posted at once by several reviewers are all kept, and
//! a comment posted twice is kept once. A comment, once posted, is the
//! author's: the reviewer can no longer edit or delete it.
//!
//! By default the server listens on 127.0.0.1 and guards `Host` and
//! `Origin` like `trellis studio` ([`crate::guard`]). With `--lan` it
//! listens on every address and makes a random token: every request must
//! show it (the printed address carries it after `#token=`; a first page
//! turns it into a cookie for the page's own files). Request bodies are
//! limited to [`BODY_LIMIT`], and the comments the course file holds to
//! [`MAX_STORED_COMMENT_BYTES`]; bad input gets a JSON `{code, message}`.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use trellis_model::{CourseId, ReviewFile};
use trellis_render::{RenderOptions, Target};
use trellis_store::{CourseFile, StoreError};

use crate::guard::{Guard, Token, is_json, random_token, refuse};
use crate::studio::file_response;

/// The largest request body: one post of comments (the review layer posts
/// at most 50 at a time, each with a quote of at most 4,000 characters).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The most review comments, in bytes as stored, the server lets the
/// course file hold: room for thousands of long comments, but reviewers (or
/// whoever has the address) cannot fill the author's disk.
pub const MAX_STORED_COMMENT_BYTES: usize = 16 * 1024 * 1024;

pub struct Args {
    pub course: PathBuf,
    pub port: u16,
    /// Listen on every address, behind a random token.
    pub lan: bool,
}

struct Shared {
    file: Mutex<CourseFile>,
    course: CourseId,
    title: String,
    site: BTreeMap<String, Vec<u8>>,
    guard: Guard,
}

type Ctx = Arc<Shared>;

pub fn run(args: Args) -> Result<()> {
    if args.course.is_dir() {
        bail!(
            "`trellis review` stores comments in a course file, and {} is a folder: import it first (trellis import {} -o course.trellis)",
            args.course.display(),
            args.course.display()
        );
    }
    // A file from an older Trellis stays as it is until the first comment
    // is stored (said on the terminal when the server starts).
    let file = CourseFile::open_upgrading_on_first_change(&args.course)
        .with_context(|| format!("could not open {}", args.course.display()))?;
    let site = review_site(&file)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(args, file, site))
}

/// The review build with the course's assets (as stored: the browser
/// scales images itself).
fn review_site(file: &CourseFile) -> Result<BTreeMap<String, Vec<u8>>> {
    let course = file.course();
    let site = trellis_render::render(course, &RenderOptions::new(Target::Review))
        .context("could not render the review build")?;
    let mut files = site.files;
    for (name, uses) in trellis_publish::referenced_assets(course) {
        match file.asset_bytes(&name) {
            Ok(bytes) => {
                files.insert(trellis_publish::asset_path(&name), bytes);
            }
            // The design check's business; the page shows without it.
            Err(e) => crate::term::errln!(
                "warning: {}",
                crate::term::line(&format!("asset `{name}` ({}): {e}", uses.join(", ")))
            ),
        }
    }
    Ok(files)
}

async fn serve(args: Args, file: CourseFile, site: BTreeMap<String, Vec<u8>>) -> Result<()> {
    let host: IpAddr = if args.lan {
        IpAddr::from([0, 0, 0, 0])
    } else {
        IpAddr::from([127, 0, 0, 1])
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(host, args.port))
        .await
        .with_context(|| format!("could not listen on {host}:{}", args.port))?;
    let port = listener.local_addr()?.port();
    let token = if args.lan {
        Some(random_token()?)
    } else {
        None
    };
    let course = file.course().id.clone();
    let title = file.course().info.title.clone();
    let file_pending = file.upgrade_pending().is_some();
    let shared = Arc::new(Shared {
        file: Mutex::new(file),
        course,
        title: title.clone(),
        site,
        guard: Guard::new(
            "The Trellis review server",
            "review",
            host,
            port,
            token.clone(),
        ),
    });
    let router = Router::new()
        .route("/api/review", get(info))
        .route("/api/comments", get(count).post(add))
        .fallback(get(page))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared);
    if file_pending {
        crate::term::errln!(
            "{} was saved by an older version of Trellis and is left as it is until the first \
             comment is stored, which updates it to this version's format; older versions of \
             Trellis will not open it after that.",
            crate::term::line(&args.course.display().to_string())
        );
    }
    {
        // A closed standard output must not stop the server.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let fragment = token
            .as_deref()
            .map(|t| format!("#token={t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "Trellis review of \"{}\" is running at http://127.0.0.1:{port}/{fragment}",
            crate::term::line(&title)
        );
        if args.lan {
            match lan_address() {
                Some(ip) => {
                    let _ = writeln!(
                        out,
                        "Reviewers on the local network open http://{ip}:{port}/{fragment}"
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "Reviewers on the local network open http://ADDRESS:{port}/{fragment}, with this machine's address"
                    );
                }
            }
            let _ = writeln!(
                out,
                "Only that address (with its token) opens the review; send it to your reviewers only."
            );
        }
        let _ = writeln!(
            out,
            "Comments are stored in {} as they are made; press Ctrl+C to stop.",
            args.course.display()
        );
        let _ = out.flush();
    }
    crate::guard::serve(listener, router).await
}

/// This machine's address on the network its default route leads to (no
/// packet is sent: a UDP socket only picks its source address).
fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The first page a browser gets without the token (cookie) when the
/// server has one: it shows the token from the address once, which sets
/// the cookie, and reloads. No course content is in it.
const UNLOCK_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trellis review</title></head>
<body style="font:17px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<main><h1>Trellis review</h1><p id="m" role="status">Opening the course…</p></main>
<script>
(function () {
  var p = document.getElementById("m"), m = /[#&]token=([^&]+)/.exec(location.hash);
  if (!m) { p.textContent = "Open the review with the whole address the author sent you: it ends with #token= and a code."; return; }
  var again = false;
  try { again = sessionStorage.getItem("trellis-review:unlock") === m[1]; sessionStorage.setItem("trellis-review:unlock", m[1]); } catch (e) {}
  if (again) { p.textContent = "The review needs cookies for this address: allow them, then reload the page."; return; }
  fetch("/api/review", { headers: { Authorization: "Bearer " + decodeURIComponent(m[1]) }, cache: "no-store" })
    .then(function (r) {
      if (r.ok) location.reload();
      else p.textContent = "This address's code is not the review server's: ask the author for the address again.";
    })
    .catch(function () { p.textContent = "The review server cannot be reached."; });
})();
</script>
</body></html>
"#;

/// Checks `Host`, `Origin` and, with `--lan`, the token on every request.
async fn guard(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    if let Err(refused) = ctx.guard.check_site(request.headers()) {
        return refused;
    }
    let token = ctx.guard.token(&request);
    if token == Token::Missing {
        if request.uri().path().starts_with("/api/") {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "This review server needs its token: open the address it printed, with #token=… at the end.",
            );
        }
        let mut response = (StatusCode::UNAUTHORIZED, Html(UNLOCK_PAGE)).into_response();
        no_store(&mut response);
        return response;
    }
    let mut response = next.run(request).await;
    if token == Token::Shown {
        ctx.guard.set_cookie(&mut response);
    }
    response
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// What the review layer asks to know it is served by this server.
async fn info(State(ctx): State<Ctx>) -> Response {
    let mut response = axum::Json(json!({
        "server": "trellis-review",
        "course": ctx.course.as_str(),
        "title": ctx.title,
        "max_body": BODY_LIMIT,
    }))
    .into_response();
    no_store(&mut response);
    response
}

/// How many comments the course file holds (only the number: reviewers do
/// not read each other's comments).
async fn count(State(ctx): State<Ctx>) -> Response {
    let worker = ctx.clone();
    let result = tokio::task::spawn_blocking(move || {
        let file = worker.file.lock().unwrap_or_else(|e| e.into_inner());
        file.comments().map(|c| c.len())
    })
    .await;
    let mut response = match result {
        Ok(Ok(n)) => axum::Json(json!({ "count": n })).into_response(),
        Ok(Err(e)) => internal(format!("Could not read the comments: {e}.")),
        Err(e) => internal(format!("Could not read the comments: {e}.")),
    };
    no_store(&mut response);
    response
}

fn internal(message: String) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(trellis_app::AppError::internal(message)),
    )
        .into_response()
}

/// Stores the comments of one posted review document.
async fn add(State(ctx): State<Ctx>, request: Request) -> Response {
    if !is_json(request.headers()) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the comments as JSON (Content-Type: application/json).",
        );
    }
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "A post may hold at most {} MiB: send fewer comments at once.",
                BODY_LIMIT / (1024 * 1024)
            ),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return too_large();
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), BODY_LIMIT).await else {
        return too_large();
    };
    let file = match ReviewFile::parse(&body, &ctx.course) {
        Ok(file) => file,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("The comments were not stored: {e}."),
            );
        }
    };
    let comments = file.comments();
    let posted = comments.len();
    let worker = ctx.clone();
    let result = tokio::task::spawn_blocking(move || {
        let mut file = worker.file.lock().unwrap_or_else(|e| e.into_inner());
        let stored = file.comments()?;
        let known: std::collections::HashSet<_> = stored.iter().map(|c| &c.id).collect();
        let held: usize = stored.iter().map(stored_bytes).sum();
        let new: usize = comments
            .iter()
            .filter(|c| !known.contains(&c.id))
            .map(stored_bytes)
            .sum();
        if new > 0 && held + new > MAX_STORED_COMMENT_BYTES {
            return Ok(None);
        }
        if !comments.iter().any(|c| !known.contains(&c.id)) {
            return Ok(Some(0));
        }
        if file.upgrade_pending().is_some() {
            crate::term::errln!(
                "Updating {} to this version's course file format to store the first comment.",
                crate::term::line(&file.path().display().to_string())
            );
            file.upgrade()?;
        }
        file.add_comments(&comments).map(Some)
    })
    .await;
    let mut response = match result {
        Ok(Ok(None)) => refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The comments were not stored: this review already holds as many comments as it can take ({} MiB). Tell the author, who can collect more as review files.",
                MAX_STORED_COMMENT_BYTES / (1024 * 1024)
            ),
        ),
        Ok(Ok(Some(added))) => axum::Json(json!({
            "added": added,
            "skipped": posted - added,
        }))
        .into_response(),
        Ok(Err(StoreError::Comment(e))) => refuse(
            StatusCode::BAD_REQUEST,
            format!("The comments were not stored: {e}."),
        ),
        Ok(Err(e)) => internal(format!("The comments could not be stored: {e}.")),
        Err(e) => internal(format!("The comments could not be stored: {e}.")),
    };
    no_store(&mut response);
    response
}

/// How many bytes a comment takes in the course file (as JSON there).
fn stored_bytes(comment: &trellis_model::Comment) -> usize {
    serde_json::to_vec(comment).map_or(0, |v| v.len())
}

/// The review build's files; `/` is `index.html`.
async fn page(State(ctx): State<Ctx>, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let Some(path) = trellis_app::percent_decode(path) else {
        return (StatusCode::BAD_REQUEST, "Malformed path.").into_response();
    };
    let Some(bytes) = ctx.site.get(path.as_str()) else {
        return (StatusCode::NOT_FOUND, "Not part of this review.").into_response();
    };
    let mut response = file_response(trellis_app::mime_for(&path), bytes.clone());
    if path.ends_with(".html") {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data: blob:; media-src 'self' https: http: blob:; \
                 connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        );
    }
    response
}
