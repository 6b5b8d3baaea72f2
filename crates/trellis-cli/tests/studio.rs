//! `trellis studio` over HTTP: the app API, the preview, the events, and the
//! guards (Host, Origin, token, body size), with a raw std TcpStream client.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::Reply;
use common::root;

/// A running `trellis studio`, killed when dropped.
struct Studio {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
    course: PathBuf,
}

impl Drop for Studio {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Studio {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course.trellis");
    let status = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["import", "examples/phishing-awareness", "-o"])
        .arg(&course)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.success());
    let (child, port, _) = common::spawn_server(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .arg("studio")
            .arg(&course)
            .args(["--port", "0"])
            .args(extra)
            .env("TRELLIS_CONFIG_DIR", dir.path().join("config"))
            .current_dir(root()),
    );
    Studio {
        child,
        port,
        _dir: dir,
        course,
    }
}

impl Studio {
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        common::request(self.port, method, path, headers, body)
    }

    fn call(&self, command: Value) -> Reply {
        self.request(
            "POST",
            "/api/call",
            &[("Content-Type", "application/json")],
            command.to_string().as_bytes(),
        )
    }

    #[track_caller]
    fn ok(&self, command: Value) -> Value {
        let reply = self.call(command.clone());
        assert_eq!(reply.status, 200, "{command}: {}", reply.text());
        reply.json()
    }
}

#[test]
fn the_api_over_http() {
    let studio = start(&[]);
    let snap = studio.ok(json!({"cmd": "snapshot"}));
    assert_eq!(Path::new(snap["path"].as_str().unwrap()), studio.course);
    let lesson = snap["course"]["modules"][0]["lessons"][0]["id"].clone();
    let snap = studio.ok(
        json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": lesson, "title": "Over HTTP"}}),
    );
    assert_eq!(snap["undo_label"], "Rename lesson");
    assert!(
        studio
            .ok(json!({"cmd": "blueprints"}))
            .as_array()
            .unwrap()
            .len()
            >= 4
    );
    let report = studio.ok(json!({"cmd": "check"}));
    assert!(report["findings"].is_array());

    // Errors: status and {code, message}.
    let reply = studio.call(json!({"cmd": "duplicate", "kind": "block", "id": "nope"}));
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["code"], "not_found");
    let reply = studio.call(json!({"cmd": "apply", "edit": {"op": "delete-lesson", "id": "gone"}}));
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json()["code"], "invalid_edit");
    let reply = studio.call(json!({"cmd": "open_course", "path": "/no/such/file.trellis"}));
    assert_eq!(reply.status, 404);
    let reply = studio.request(
        "POST",
        "/api/call",
        &[("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["code"], "bad_input");
    let reply = studio.request(
        "POST",
        "/api/call",
        &[("Content-Type", "text/plain")],
        br#"{"cmd":"snapshot"}"#,
    );
    assert_eq!(reply.status, 415);
    let reply = studio.request("GET", "/api/call", &[], b"");
    assert_eq!(reply.status, 405);

    // Publish over HTTP, then download the package from the studio.
    let zip = studio.course.with_file_name("http.zip");
    let report = studio.ok(json!({"cmd": "publish", "target": "scorm12", "path": zip}));
    assert!(zip.is_file());
    assert!(report["file_count"].as_u64().unwrap() > 0);
    let link = report["download"].as_str().unwrap();
    let got = studio.request("GET", link, &[], b"");
    assert_eq!(got.status, 200);
    assert!(got.headers.contains("application/zip"));
    assert!(got.headers.contains("attachment; filename=\"http.zip\""));
    assert_eq!(got.body, std::fs::read(&zip).unwrap());
    // Publishing to the same file again keeps its number; a folder has none.
    let again = studio.ok(json!({"cmd": "publish", "target": "scorm12", "path": zip}));
    assert_eq!(again["download"], link);
    let folder = studio.course.with_file_name("http-folder");
    let report =
        studio.ok(json!({"cmd": "publish", "target": "web", "path": folder, "folder": true}));
    assert!(report.get("download").is_none());
    // Only what was published is served.
    for other in [
        "/api/download/7",
        "/api/download/x",
        "/api/download/..%2Fcourse.trellis",
    ] {
        assert_eq!(
            studio.request("GET", other, &[], b"").status,
            404,
            "{other}"
        );
    }
    std::fs::remove_file(&zip).unwrap();
    assert_eq!(studio.request("GET", link, &[], b"").status, 404);
}

/// Browser mode: a package or an exported course asked for as a download
/// is written where the studio keeps downloads, named for the course, and
/// served as an attachment; no path on the server is needed.
#[test]
fn publish_and_export_as_downloads() {
    let studio = start(&[]);
    let title = studio.ok(json!({"cmd": "snapshot"}))["course"]["info"]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let report = studio.ok(json!({"cmd": "publish", "target": "scorm2004", "download": true}));
    let written = PathBuf::from(report["path"].as_str().unwrap());
    assert_eq!(
        written.file_name().unwrap().to_string_lossy(),
        format!("{title} - SCORM 2004.zip")
    );
    assert_ne!(
        written.parent(),
        studio.course.parent(),
        "not beside the course"
    );
    let got = studio.request("GET", report["download"].as_str().unwrap(), &[], b"");
    assert_eq!(got.status, 200);
    assert!(got.headers.contains("application/zip"));
    let encoded = format!("{title} - SCORM 2004.zip").replace(' ', "%20");
    assert!(
        got.headers.contains(&format!("filename*=UTF-8''{encoded}")),
        "{}",
        got.headers
    );
    assert_eq!(got.body, std::fs::read(&written).unwrap());
    assert!(got.body.windows(15).any(|w| w == b"imsmanifest.xml"));

    let report = studio.ok(json!({"cmd": "export", "download": true}));
    assert_eq!(report["zip"], true);
    let got = studio.request("GET", report["download"].as_str().unwrap(), &[], b"");
    assert_eq!(got.status, 200);
    let top = format!("{title}/course.toml");
    assert!(got.body.windows(top.len()).any(|w| w == top.as_bytes()));

    let reply = studio.call(json!({"cmd": "snapshot", "download": true}));
    assert_eq!(reply.status, 400);
}

#[test]
fn ui_preview_and_events() {
    let studio = start(&[]);
    let page = studio.request("GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<html"));
    assert!(page.headers.contains("default-src 'self'"));
    // Paths without a file get the page (the UI routes), missing files 404.
    assert_eq!(studio.request("GET", "/lesson/x", &[], b"").status, 200);
    assert_eq!(studio.request("GET", "/missing.js", &[], b"").status, 404);
    assert_eq!(
        studio.request("GET", "/../Cargo.toml", &[], b"").status,
        404
    );

    let preview = studio.request("GET", "/preview/", &[], b"");
    assert_eq!(preview.status, 200);
    assert!(preview.headers.contains("text/html"));
    let redirect = studio.request("GET", "/preview", &[], b"");
    assert_eq!(redirect.status, 308);
    let js = studio.request("GET", "/preview/trellis.js", &[], b"");
    assert_eq!(js.status, 200);
    assert!(js.headers.contains("text/javascript"));
    assert_eq!(
        studio.request("GET", "/preview/nothing", &[], b"").status,
        404
    );
    // Lessons on demand, and the page opened on one: the query passes on.
    let snap = studio.ok(json!({"cmd": "snapshot"}));
    let last = snap["course"]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap().iter())
        .last()
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let part = studio.request("GET", &format!("/preview/lessons/{last}.json"), &[], b"");
    assert_eq!(part.status, 200);
    assert!(part.headers.contains("application/json"));
    let part: Value = serde_json::from_str(&part.text()).unwrap();
    assert_eq!(part["id"], last.as_str());
    let html = part["html"].as_str().unwrap();
    let opened = studio.request("GET", &format!("/preview/?lesson={last}"), &[], b"");
    assert!(opened.text().contains(html));
    assert!(
        !studio
            .request("GET", "/preview/", &[], b"")
            .text()
            .contains(html)
    );
    let redirect = studio.request("GET", &format!("/preview?lesson={last}"), &[], b"");
    assert!(
        redirect
            .headers
            .contains(&format!("/preview/?lesson={last}")),
        "{}",
        redirect.headers
    );

    // An edit made by another client reaches an events listener.
    let before = studio.ok(json!({"cmd": "snapshot"}))["revision"]
        .as_u64()
        .unwrap();
    let mut events = TcpStream::connect(("127.0.0.1", studio.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        events,
        "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        studio.port
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut seen = Vec::new();
    let mut read_revision = |seen: &mut Vec<u64>| loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if let Some(data) = line.trim().strip_prefix("data: ") {
            let v: Value = serde_json::from_str(data).unwrap();
            seen.push(v["revision"].as_u64().unwrap());
            return;
        }
    };
    read_revision(&mut seen);
    assert_eq!(seen, [before]);
    let lesson =
        studio.ok(json!({"cmd": "snapshot"}))["course"]["modules"][0]["lessons"][0]["id"].clone();
    let t = Instant::now();
    studio.ok(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": lesson, "title": "Seen in the preview"}}));
    read_revision(&mut seen);
    assert_eq!(seen, [before, before + 1]);
    assert!(t.elapsed() < Duration::from_secs(2));
    let preview = studio.request("GET", "/preview/", &[], b"");
    assert!(preview.text().contains("Seen in the preview"));
}

#[test]
fn guards_host_origin_and_size() {
    let studio = start(&[]);
    let snapshot = br#"{"cmd":"snapshot"}"#;
    let evil = studio.request(
        "POST",
        "/api/call",
        &[
            ("Host", "evil.example:80"),
            ("Content-Type", "application/json"),
        ],
        snapshot,
    );
    assert_eq!(evil.status, 403);
    assert_eq!(evil.json()["code"], "forbidden");
    let port = studio.port.to_string();
    let localhost = format!("localhost:{port}");
    let ok = studio.request(
        "POST",
        "/api/call",
        &[("Host", &localhost), ("Content-Type", "application/json")],
        snapshot,
    );
    assert_eq!(ok.status, 200);
    let cross = studio.request(
        "POST",
        "/api/call",
        &[
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        snapshot,
    );
    assert_eq!(cross.status, 403);
    let same_origin = format!("http://127.0.0.1:{port}");
    let same = studio.request(
        "POST",
        "/api/call",
        &[
            ("Origin", &same_origin),
            ("Content-Type", "application/json"),
        ],
        snapshot,
    );
    assert_eq!(same.status, 200);
    let huge = vec![b' '; 65 * 1024 * 1024];
    let big = studio.request(
        "POST",
        "/api/call",
        &[("Content-Type", "application/json")],
        &huge,
    );
    assert_eq!(big.status, 413);
}

#[test]
fn token_is_required_when_set() {
    let studio = start(&["--token", "s3cret"]);
    let snapshot = br#"{"cmd":"snapshot"}"#;
    let json = ("Content-Type", "application/json");
    let none = studio.request("POST", "/api/call", &[json], snapshot);
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["code"], "forbidden");
    let wrong = studio.request(
        "POST",
        "/api/call",
        &[json, ("Authorization", "Bearer nope")],
        snapshot,
    );
    assert_eq!(wrong.status, 401);
    let right = studio.request(
        "POST",
        "/api/call",
        &[json, ("Authorization", "Bearer s3cret")],
        snapshot,
    );
    assert_eq!(right.status, 200);
    assert!(right.headers.contains("trellis_token=s3cret"));
    assert_eq!(studio.request("GET", "/preview/", &[], b"").status, 401);
    assert_eq!(
        studio
            .request(
                "GET",
                "/preview/",
                &[("Cookie", "trellis_token=s3cret")],
                b""
            )
            .status,
        200
    );
    assert_eq!(
        studio
            .request("GET", "/preview/?token=s3cret", &[], b"")
            .status,
        200
    );
    assert_eq!(studio.request("GET", "/events", &[], b"").status, 401);
    assert_eq!(
        studio.request("GET", "/api/download/0", &[], b"").status,
        401
    );
    // The UI's own files need no token.
    assert_eq!(studio.request("GET", "/", &[], b"").status, 200);
}

#[test]
fn other_addresses_need_a_token() {
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["studio", "--host", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token"));
}
