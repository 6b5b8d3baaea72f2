//! `trellis review` over HTTP: the review build, comments posted into the
//! course file (validated, deduplicated, none lost under concurrent posts),
//! and the guards (token with --lan, Host, body size, bad input).

use std::path::PathBuf;
use std::process::{Child, Command};

use serde_json::{Value, json};
use trellis_store::CourseFile;

mod common;
use common::Reply;
use common::root;

/// A running `trellis review`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    token: Option<String>,
    course: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course.trellis");
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["import", "examples/phishing-awareness", "-o"])
        .arg(&course)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (child, port, line) = common::spawn_server(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .arg("review")
            .arg(&course)
            .args(["--port", "0"])
            .args(extra),
    );
    let token = line.split("#token=").nth(1).map(|t| t.trim().to_owned());
    Server {
        child,
        port,
        token,
        course,
        _dir: dir,
    }
}

impl Server {
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        common::request(self.port, method, path, headers, body)
    }

    fn post(&self, body: &[u8]) -> Reply {
        let bearer = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(b) = &bearer {
            headers.push(("Authorization", b));
        }
        self.request("POST", "/api/comments", &headers, body)
    }

    /// Stops the server and reads the comments its course file holds.
    fn stored(mut self) -> Vec<trellis_model::Comment> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        CourseFile::open(&self.course).unwrap().comments().unwrap()
    }
}

/// A review document with `n` comments on the example's first block.
fn review(reviewer: &str, ids: &[String]) -> Vec<u8> {
    let comments: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "target": {"lesson": "what-is-phishing", "block": "b-intro"},
                "text": format!("<script>alert('{id}')</script> {reviewer} says so"),
                "quote": "Some text",
                "block_version": "0123456789abcdef",
                "created": "2026-11-28T15:00:00.000Z",
            })
        })
        .collect();
    json!({
        "format": "trellis-review",
        "format_version": 1,
        "course": {"id": "phishing-awareness", "title": "Phishing", "version": "x"},
        "reviewer": {"name": reviewer},
        "sent": "2026-11-28T15:01:00Z",
        "comments": comments,
    })
    .to_string()
    .into_bytes()
}

#[test]
fn serves_the_review_build_and_stores_comments_once() {
    let server = start(&[]);
    let page = server.request("GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("data-rv-block="));
    assert!(page.headers.contains("content-security-policy"));
    let js = server.request("GET", "/trellis.js", &[], b"");
    assert!(js.text().contains("/* trellis:module review */"));
    let info = server.request("GET", "/api/review", &[], b"").json();
    assert_eq!(info["server"], "trellis-review");
    assert_eq!(info["course"], "phishing-awareness");

    let ids: Vec<String> = (0..3).map(|i| format!("c-first{i}")).collect();
    let reply = server.post(&review("Dana", &ids));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["added"], 3);
    // The same comments again: nothing new.
    let again = server.post(&review("Dana", &ids)).json();
    assert_eq!(
        (again["added"].clone(), again["skipped"].clone()),
        (json!(0), json!(3))
    );
    let count = server.request("GET", "/api/comments", &[], b"").json();
    assert_eq!(count["count"], 3);
    let stored = server.stored();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].reviewer, "Dana");
    assert!(stored[0].text.starts_with("<script>"), "kept as text");
}

#[test]
fn bad_posts_get_a_json_error_and_store_nothing() {
    let server = start(&[]);
    let json_error = |reply: &Reply, status: u16| {
        assert_eq!(reply.status, status, "{}", reply.text());
        let body = reply.json();
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
        body["message"].as_str().unwrap().to_owned()
    };
    json_error(&server.post(b"{not json"), 400);
    json_error(&server.post(&review("Dana", &["c-x".into()])[..40]), 400);
    let other = String::from_utf8(review("Dana", &["c-y".into()]))
        .unwrap()
        .replace("\"phishing-awareness\"", "\"another-course\"");
    let message = json_error(&server.post(other.as_bytes()), 400);
    assert!(message.contains("another-course"), "{message}");
    let empty = String::from_utf8(review("Dana", &["c-z".into()]))
        .unwrap()
        .replace("says so", "")
        .replace("<script>alert('c-z')</script> Dana ", " ");
    json_error(&server.post(empty.as_bytes()), 400);
    let plain = server.request(
        "POST",
        "/api/comments",
        &[("Content-Type", "text/plain")],
        b"{}",
    );
    json_error(&plain, 415);
    let huge = vec![b'a'; 5 * 1024 * 1024];
    json_error(&server.post(&huge), 413);
    let rebinding = server.request("GET", "/api/review", &[("Host", "evil.example:80")], b"");
    json_error(&rebinding, 403);
    let cross = server.request(
        "POST",
        "/api/comments",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://evil.example"),
        ],
        &review("Dana", &["c-w".into()]),
    );
    json_error(&cross, 403);
    assert!(server.stored().is_empty());
}

#[test]
fn concurrent_posts_are_all_stored() {
    let server = std::sync::Arc::new(start(&[]));
    let threads: Vec<_> = (0..3)
        .map(|r| {
            let server = server.clone();
            std::thread::spawn(move || {
                for i in 0..20 {
                    let reply =
                        server.post(&review(&format!("Reviewer {r}"), &[format!("c-r{r}n{i}")]));
                    assert_eq!(reply.status, 200, "{}", reply.text());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let server = std::sync::Arc::into_inner(server).unwrap();
    assert_eq!(server.stored().len(), 60);
}

#[test]
fn lan_mode_needs_the_token_everywhere() {
    let server = start(&["--lan"]);
    let token = server.token.clone().expect("--lan prints a token");
    assert_eq!(token.len(), 32);
    // Without it: the API refuses, the page is only the unlock page.
    let api = server.request("GET", "/api/review", &[], b"");
    assert_eq!(api.status, 401);
    assert_eq!(api.json()["code"], "forbidden");
    let page = server.request("GET", "/", &[], b"");
    assert_eq!(page.status, 401);
    assert!(!page.text().contains("trellis-data"), "no course content");
    let wrong = server.request(
        "POST",
        "/api/comments",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer 0123"),
        ],
        &review("Eve", &["c-eve".into()]),
    );
    assert_eq!(wrong.status, 401);
    // With it: the API answers and sets the cookie, which opens the page.
    let bearer = format!("Bearer {token}");
    let ok = server.request("GET", "/api/review", &[("Authorization", &bearer)], b"");
    assert_eq!(ok.status, 200);
    // Issue 19, 5: the cookie is named for this server and port, so a
    // studio's on the same host is another one.
    let cookie = format!("trellis_review_{}={token}", server.port);
    assert!(ok.headers.contains(&cookie), "{}", ok.headers);
    for other in [
        format!("trellis_token={token}"),
        format!("trellis_studio_{}={token}", server.port),
    ] {
        assert_eq!(
            server
                .request("GET", "/", &[("Cookie", &other)], b"")
                .status,
            401,
            "{other}"
        );
    }
    let page = server.request("GET", "/", &[("Cookie", &cookie)], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("trellis-data"));
    assert_eq!(server.post(&review("Dana", &["c-lan".into()])).status, 200);
    let stored = server.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id.as_str(), "c-lan");
}

#[test]
fn a_folder_is_refused_with_a_hint() {
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["review", "examples/phishing-awareness", "--port", "0"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trellis import"));
}

/// Issue 19, 5: the comments a review server stores are capped in total,
/// with a plain refusal once the cap is reached (posts of 4 MiB each grew
/// the course file without end).
#[test]
fn stored_comments_are_capped() {
    let server = start(&[]);
    // About 3.8 MiB a post: 270 comments of 10,000 + 4,000 characters.
    let big = |post: usize| -> Vec<u8> {
        let ids: Vec<String> = (0..270).map(|i| format!("c-big{post}n{i}")).collect();
        let text = String::from_utf8(review("Mallory", &ids)).unwrap();
        text.replace("says so", &"x".repeat(9_950))
            .replace("Some text", &"q".repeat(4_000))
            .into_bytes()
    };
    let mut refused = None;
    for post in 0..8 {
        let body = big(post);
        assert!(body.len() < 4 * 1024 * 1024, "{}", body.len());
        let reply = server.post(&body);
        if reply.status != 200 {
            refused = Some((post, reply));
            break;
        }
    }
    let (post, reply) = refused.expect("the course file grew past 30 MB of comments");
    assert_eq!(reply.status, 413, "{}", reply.text());
    let message = reply.json()["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("as many comments as it can take"),
        "{message}"
    );
    assert!((4..=5).contains(&post), "refused at post {post}");
    // Nothing of the refused post is kept; a short comment still fits.
    assert_eq!(
        server.post(&review("Dana", &["c-small".into()])).status,
        200
    );
    let size = std::fs::metadata(&server.course).unwrap().len();
    let stored = server.stored();
    assert_eq!(stored.len(), post * 270 + 1);
    assert!(size < 40 * 1024 * 1024, "{size}");
}

/// Issue 19, 5: connections that never finish their request are closed
/// after the header time limit, and one address cannot hold every
/// connection: 300 half-open requests on `review --lan` no longer keep
/// another reviewer out.
#[test]
fn half_open_connections_do_not_block_the_server() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let server = start(&["--lan"]);
    let token = server.token.clone().unwrap();
    let mut idle = Vec::new();
    for _ in 0..300 {
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", server.port)) else {
            continue;
        };
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
        idle.push(stream);
    }
    // Another reviewer, from another address (127.0.0.2 is loopback too,
    // but the system would send from 127.0.0.1 unless told).
    let t = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut other = runtime
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(([127, 0, 0, 2], 0).into()).unwrap();
            socket.connect(([127, 0, 0, 1], server.port).into()).await
        })
        .unwrap()
        .into_std()
        .unwrap();
    other.set_nonblocking(false).unwrap();
    other
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        other,
        "GET /api/review HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut answer = String::new();
    let _ = other.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(t.elapsed() < Duration::from_secs(3));
    // The half-open ones are all closed within the time limit (most at
    // once, over the cap for one address).
    let deadline = Instant::now() + Duration::from_secs(20);
    for stream in &mut idle {
        let left = deadline.saturating_duration_since(Instant::now());
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .unwrap();
        let mut buf = [0u8; 512];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("a half-open connection is still open after 20 s: {e}"),
            }
        }
    }
}

/// Issue 19, 10: a course file from an older Trellis (schema 1) is served
/// for review without being changed, and the terminal says when it will
/// be; the first comment stored updates it, and the comment is kept.
#[test]
fn an_older_file_is_updated_by_the_first_comment_only() {
    let dir = tempfile::tempdir().unwrap();
    let current = dir.path().join("current.trellis");
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["import", "examples/phishing-awareness", "-o"])
        .arg(&current)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let old = dir.path().join("old.trellis");
    trellis_store::older::write_schema_v1(&current, &old).unwrap();
    let version = |path: &std::path::Path| std::fs::read(path).unwrap()[60..64].to_vec();
    assert_eq!(version(&old), [0, 0, 0, 1]);
    let before = std::fs::read(&old).unwrap();
    let log = dir.path().join("stderr.txt");
    let (child, port, _) = common::spawn_server_with_stderr(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .arg("review")
            .arg(&old)
            .args(["--port", "0"]),
        std::fs::File::create(&log).unwrap().into(),
    );
    let server = Server {
        child,
        port,
        token: None,
        course: old.clone(),
        _dir: tempfile::tempdir().unwrap(),
    };
    assert_eq!(server.request("GET", "/", &[], b"").status, 200);
    assert_eq!(
        server.request("GET", "/api/comments", &[], b"").json()["count"],
        0
    );
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "serving wrote nothing"
    );
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("older version of Trellis"), "{said}");
    assert!(said.contains("until the first comment"), "{said}");

    let reply = server.post(&review("Dana", &["c-afterupgrade".to_owned()]));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["added"], 1);
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("Updating"), "{said}");
    let stored = server.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        version(&old),
        trellis_store::SCHEMA_VERSION.to_be_bytes().to_vec()
    );
}
