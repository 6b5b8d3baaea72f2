//! `trellis studio` over HTTP: the app API, the preview, the events, and the
//! guards (Host, Origin, token, body size, the folders it writes in), with a
//! raw std TcpStream client.

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
    /// This run's key, from the printed address.
    token: String,
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
    let (child, port, line) = common::spawn_server(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .arg("studio")
            .arg(&course)
            .args(["--port", "0"])
            .args(extra)
            .env("TRELLIS_CONFIG_DIR", dir.path().join("config"))
            .env("TRELLIS_COURSES_DIR", dir.path().join("courses"))
            .env_remove("TRELLIS_STUDIO_TOKEN")
            .current_dir(root()),
    );
    let Some(token) = line.split("#token=").nth(1).map(|t| t.trim().to_owned()) else {
        let mut child = child;
        let _ = child.kill();
        let _ = child.wait();
        panic!("the address carries the key: {line}");
    };
    Studio {
        child,
        port,
        token,
        _dir: dir,
        course,
    }
}

impl Studio {
    /// A request showing the key (unless it names its own `Authorization`
    /// or `Cookie`).
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let bearer = format!("Bearer {}", self.token);
        let mut headers = headers.to_vec();
        if !headers.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("cookie")
        }) {
            headers.push(("Authorization", &bearer));
        }
        common::request(self.port, method, path, &headers, body)
    }

    /// A request without the key, as another account on the machine would
    /// send.
    fn anonymous(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        common::request(self.port, method, path, headers, body)
    }

    /// The course's folder (the studio may write there).
    fn folder(&self) -> &Path {
        self.course.parent().unwrap()
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
    let missing = studio.folder().join("no-such-file.trellis");
    let reply = studio.call(json!({"cmd": "open_course", "path": missing}));
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
        "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {}\r\nAccept: text/event-stream\r\n\r\n",
        studio.port, studio.token
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
    // Issue 19, 5: a sandboxed frame or a file:// page sends `Origin: null`.
    let null = studio.request(
        "POST",
        "/api/call",
        &[("Origin", "null"), ("Content-Type", "application/json")],
        snapshot,
    );
    assert_eq!(null.status, 403, "{}", null.text());
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
    let key = "0123456789abcdefXYZ-strong";
    let studio = start(&["--token", key]);
    assert_eq!(studio.token, key);
    let snapshot = br#"{"cmd":"snapshot"}"#;
    let json = ("Content-Type", "application/json");
    let none = studio.anonymous("POST", "/api/call", &[json], snapshot);
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["code"], "forbidden");
    let wrong = studio.anonymous(
        "POST",
        "/api/call",
        &[json, ("Authorization", "Bearer nope")],
        snapshot,
    );
    assert_eq!(wrong.status, 401);
    let right = studio.request("POST", "/api/call", &[json], snapshot);
    assert_eq!(right.status, 200);
    let cookie = format!("trellis_studio_{}={key}", studio.port);
    assert!(right.headers.contains(&cookie), "{}", right.headers);
    assert_eq!(studio.anonymous("GET", "/preview/", &[], b"").status, 401);
    assert_eq!(
        studio
            .anonymous("GET", "/preview/", &[("Cookie", &cookie)], b"")
            .status,
        200
    );
    assert_eq!(
        studio
            .anonymous("GET", &format!("/preview/?token={key}"), &[], b"")
            .status,
        200
    );
    assert_eq!(studio.anonymous("GET", "/events", &[], b"").status, 401);
    assert_eq!(
        studio.anonymous("GET", "/api/download/0", &[], b"").status,
        401
    );
    // The UI's own files need no token.
    assert_eq!(studio.anonymous("GET", "/", &[], b"").status, 200);
}

/// Issue 19, 1 and 5: the default studio (loopback, no `--token`) has a
/// random key of its own, printed in the address; the cookie it sets is
/// named for studio and its port, and a cookie of the old shared name, or
/// of another server, does not open it.
#[test]
fn the_default_studio_needs_its_key() {
    let studio = start(&[]);
    assert_eq!(studio.token.len(), 32, "{}", studio.token);
    assert!(studio.token.chars().all(|c| c.is_ascii_hexdigit()));
    let snapshot = br#"{"cmd":"snapshot"}"#;
    let json = ("Content-Type", "application/json");
    let none = studio.anonymous("POST", "/api/call", &[json], snapshot);
    assert_eq!(
        none.status, 401,
        "another account must not drive the editor"
    );
    assert!(none.json()["message"].as_str().unwrap().contains("#token="));
    for path in ["/preview/", "/events", "/api/download/0"] {
        assert_eq!(
            studio.anonymous("GET", path, &[], b"").status,
            401,
            "{path}"
        );
    }
    // What the editor does first: show the key, get the cookie.
    let bearer = format!("Bearer {}", studio.token);
    let session = studio.anonymous("POST", "/api/session", &[("Authorization", &bearer)], b"");
    assert_eq!(session.status, 204);
    let cookie = format!("trellis_studio_{}={}", studio.port, studio.token);
    assert!(session.headers.contains(&cookie), "{}", session.headers);
    assert!(session.headers.contains("HttpOnly; SameSite=Strict"));
    assert_eq!(
        studio
            .anonymous("GET", "/preview/", &[("Cookie", &cookie)], b"")
            .status,
        200
    );
    for other in [
        format!("trellis_token={}", studio.token),
        format!("trellis_review_{}={}", studio.port, studio.token),
        format!("trellis_studio_1={}", studio.token),
    ] {
        let reply = studio.anonymous("GET", "/preview/", &[("Cookie", &other)], b"");
        assert_eq!(reply.status, 401, "{other}");
    }
    assert_eq!(
        studio
            .anonymous(
                "POST",
                "/api/session",
                &[("Authorization", "Bearer 0123")],
                b""
            )
            .status,
        401
    );
}

/// Issue 19, 5: `--token` must be hard to guess.
#[test]
fn weak_tokens_are_refused() {
    for weak in [
        "a",
        "s3cret",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ab ab ab ab ab ab ab ab ab",
    ] {
        let config = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(["studio", "--port", "0", "--token", weak])
            .env("TRELLIS_CONFIG_DIR", config.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A studio that took the token would run until stopped.
        let t = Instant::now();
        while child.try_wait().unwrap().is_none() && t.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "--token {weak:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("openssl rand -hex 16"), "{err}");
    }
}

/// Issue 19, 2: whoever holds the key can write only inside the folders
/// the author chose (the course's, the one new courses go to, those given
/// with --write-dir), never to hidden names there, and only files of the
/// kind asked for; everything else is refused with a plain message and
/// nothing is written.
#[test]
fn writes_stay_in_the_chosen_folders() {
    let outside = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    let studio = start(&["--write-dir", chosen.path().to_str().unwrap()]);
    let refused = |command: Value, gone: &Path| {
        let reply = studio.call(command.clone());
        assert_eq!(reply.status, 403, "{command}: {}", reply.text());
        let message = reply.json()["message"].as_str().unwrap().to_owned();
        assert!(!gone.exists(), "{command} wrote {}", gone.display());
        message
    };
    // Outside every folder: a package, an export, a new or imported course.
    let zip = outside.path().join("evil.zip");
    let message = refused(
        json!({"cmd": "publish", "target": "scorm12", "path": zip}),
        &zip,
    );
    assert!(message.contains("--write-dir"), "{message}");
    assert!(
        message.contains(&studio.folder().display().to_string()),
        "{message}"
    );
    let folder = outside.path().join("site");
    refused(
        json!({"cmd": "publish", "target": "web", "path": folder, "folder": true}),
        &folder,
    );
    let export = outside.path().join("export");
    refused(json!({"cmd": "export", "path": export}), &export);
    let export_zip = outside.path().join("export.zip");
    refused(
        json!({"cmd": "export", "path": export_zip, "zip": true}),
        &export_zip,
    );
    let course = outside.path().join("new.trellis");
    refused(
        json!({"cmd": "new_course", "blueprint": "compliance-training", "path": course}),
        &course,
    );
    let example = root().join("examples/phishing-awareness");
    refused(
        json!({"cmd": "import_folder", "folder": example, "path": course}),
        &course,
    );
    // A shell start-up file, even in an allowed folder, and `..` out of it.
    let rc = studio.folder().join(".bashrc");
    let message = refused(
        json!({"cmd": "publish", "target": "scorm12", "path": rc}),
        &rc,
    );
    assert!(message.contains("hidden"), "{message}");
    let hidden = studio.folder().join(".config/autostart");
    refused(json!({"cmd": "export", "path": hidden}), &hidden);
    let up = studio.folder().join("../escaped.zip");
    refused(
        json!({"cmd": "publish", "target": "scorm12", "path": up}),
        &up,
    );
    // Only a zip is written as a package.
    let script = studio.folder().join("run.sh");
    refused(
        json!({"cmd": "publish", "target": "scorm12", "path": script}),
        &script,
    );
    // A link inside the folder that leads out of it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), studio.folder().join("link")).unwrap();
        let through = studio.folder().join("link/through.zip");
        refused(
            json!({"cmd": "publish", "target": "scorm12", "path": through}),
            &outside.path().join("through.zip"),
        );
    }
    // Opening a course file elsewhere for editing is a write too.
    let elsewhere = outside.path().join("other.trellis");
    std::fs::copy(&studio.course, &elsewhere).unwrap();
    let reply = studio.call(json!({"cmd": "open_course", "path": elsewhere}));
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);

    // Inside: the course's folder, the --write-dir one, new courses' folder.
    let here = studio.folder().join("here.zip");
    studio.ok(json!({"cmd": "publish", "target": "scorm12", "path": here}));
    assert!(here.is_file());
    let there = chosen.path().join("there.zip");
    studio.ok(json!({"cmd": "publish", "target": "scorm12", "path": there}));
    assert!(there.is_file());
    studio.ok(json!({"cmd": "export", "path": chosen.path().join("text")}));
    assert!(chosen.path().join("text/course.toml").is_file());
    let made = studio.ok(json!({"cmd": "new_course", "blueprint": "compliance-training"}));
    let made = PathBuf::from(made["path"].as_str().unwrap());
    assert!(made.starts_with(studio.folder()), "{}", made.display());
}

/// Issue 19, 1 and 2: whoever holds the key reads files by path (assets,
/// course folders, review files) only inside the folders the author chose,
/// never hidden ones there, so the author's other files cannot be imported
/// as an asset and read back through `/preview/`.
#[test]
fn reads_stay_in_the_chosen_folders() {
    let outside = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    let studio = start(&["--write-dir", chosen.path().to_str().unwrap()]);
    // Text tracks are assets, so any text file renamed `.vtt` would do.
    let secret = b"WEBVTT\n\n00:00.000 --> 00:01.000\nthe author's private key\n";
    let assets = || studio.ok(json!({"cmd": "assets"})).to_string();
    let before = assets();
    let refused = |command: Value| {
        let reply = studio.call(command.clone());
        assert_eq!(reply.status, 403, "{command}: {}", reply.text());
        let message = reply.json()["message"].as_str().unwrap().to_owned();
        assert!(
            !message.contains("private key"),
            "{command} showed the file: {message}"
        );
        message
    };

    // A file outside every chosen folder, as an asset.
    let private = outside.path().join("id_ed25519.vtt");
    std::fs::write(&private, secret).unwrap();
    let message = refused(json!({"cmd": "import_asset", "path": private}));
    assert!(message.contains("reads files only inside"), "{message}");
    assert!(message.contains("--write-dir"), "{message}");
    assert_eq!(
        studio
            .request("GET", "/preview/assets/id_ed25519.vtt", &[], b"")
            .status,
        404
    );
    // A hidden file inside a chosen folder, and a link out of one.
    let hidden = studio.folder().join(".ssh");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::write(hidden.join("key.vtt"), secret).unwrap();
    let message = refused(json!({"cmd": "import_asset", "path": hidden.join("key.vtt")}));
    assert!(message.contains("hidden"), "{message}");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&private, chosen.path().join("innocent.vtt")).unwrap();
        refused(json!({"cmd": "import_asset", "path": chosen.path().join("innocent.vtt")}));
    }
    // A course folder and a review file outside.
    let folder = outside.path().join("course");
    common::copy_tree(&root().join("examples/phishing-awareness"), &folder);
    let message = refused(json!({"cmd": "import_folder", "folder": folder}));
    assert!(message.contains("reads files only inside"), "{message}");
    let review = outside.path().join("dana.trellis-review");
    std::fs::write(&review, b"{}").unwrap();
    refused(json!({"cmd": "import_review", "path": review}));
    // A document to import as a new course.
    let document = outside.path().join("handbook.md");
    std::fs::write(&document, b"# Private handbook\n\nNot for the studio.\n").unwrap();
    let message = refused(json!({"cmd": "import_document", "document": document}));
    assert!(message.contains("reads files only inside"), "{message}");
    refused(json!({"cmd": "import_document", "document": outside.path().join("none.docx")}));
    // Whether a file exists outside is not told either.
    refused(json!({"cmd": "open_course", "path": outside.path().join("none.trellis")}));
    refused(json!({"cmd": "reveal", "path": private}));
    assert_eq!(assets(), before, "nothing was imported");

    // Inside the chosen folders the same calls work, and the asset is
    // served back.
    let picked = chosen.path().join("notes.vtt");
    let notes = b"WEBVTT\n\n00:00.000 --> 00:01.000\nnotes the author chose\n";
    std::fs::write(&picked, notes).unwrap();
    studio.ok(json!({"cmd": "import_asset", "path": picked}));
    let served = studio.request("GET", "/preview/assets/notes.vtt", &[], b"");
    assert_eq!(served.status, 200);
    assert_eq!(served.body, notes);
    let inside = chosen.path().join("course");
    std::fs::rename(&folder, &inside).unwrap();
    studio.ok(json!({"cmd": "import_folder", "folder": inside}));
}

/// Issue 19, 5: `--write-dir` must name a folder.
#[test]
fn write_dir_must_exist() {
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["studio", "--port", "0", "--write-dir", "/no/such/folder"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no folder there"));
}

/// Issue 19, 5: the preview is framed only by the editor's own page and
/// runs no script but the player's files.
#[test]
fn the_preview_has_a_content_security_policy() {
    let studio = start(&[]);
    let page = studio.request("GET", "/preview/", &[], b"");
    assert_eq!(page.status, 200);
    let headers = page.headers.to_ascii_lowercase();
    let csp = headers
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy: "))
        .unwrap_or_else(|| panic!("no CSP: {headers}"));
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    assert!(headers.contains("x-frame-options: sameorigin"), "{headers}");
    let js = studio.request("GET", "/preview/trellis.js", &[], b"");
    assert!(js.headers.to_ascii_lowercase().contains("x-frame-options"));
}

/// Other addresses than loopback get a key too (a random one unless
/// `--token` gives a strong one).
#[test]
fn other_addresses_have_a_key_too() {
    let config = tempfile::tempdir().unwrap();
    let (mut child, _port, line) = common::spawn_server(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(["studio", "--host", "0.0.0.0", "--port", "0"])
            .env("TRELLIS_CONFIG_DIR", config.path()),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("#token="), "{line}");
}

/// Issue 19, 5: a command other than a file import is small; a huge one
/// (which the core would hold many times over) is refused before it runs.
#[test]
fn huge_commands_are_refused() {
    let studio = start(&[]);
    let lesson =
        studio.ok(json!({"cmd": "snapshot"}))["course"]["modules"][0]["lessons"][0]["id"].clone();
    let title = "t".repeat(5 * 1024 * 1024);
    let reply = studio.call(
        json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": lesson, "title": title}}),
    );
    assert_eq!(reply.status, 413, "{}", reply.text());
    let message = reply.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("`apply` is too large"), "{message}");
    // A file of that size is still taken.
    let data = "A".repeat(5 * 1024 * 1024);
    let reply = studio.call(json!({"cmd": "import_asset", "name": "big.txt", "data_base64": data}));
    assert_ne!(reply.status, 413, "{}", reply.text());
}

/// The key may come from `TRELLIS_STUDIO_TOKEN` (a command line is seen by
/// every account in `ps`), and is checked like `--token`.
#[test]
fn the_key_from_the_environment() {
    let key = "env-given-key-0123456789abcdef";
    let config = tempfile::tempdir().unwrap();
    let (mut child, port, line) = common::spawn_server(
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(["studio", "--port", "0"])
            .env("TRELLIS_CONFIG_DIR", config.path())
            .env("TRELLIS_STUDIO_TOKEN", key),
    );
    let bearer = format!("Bearer {key}");
    let reply = common::request(
        port,
        "POST",
        "/api/session",
        &[("Authorization", &bearer)],
        b"",
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.ends_with(&format!("#token={key}\n")), "{line:?}");
    assert_eq!(reply.status, 204);
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["studio", "--port", "0"])
        .env("TRELLIS_CONFIG_DIR", config.path())
        .env("TRELLIS_STUDIO_TOKEN", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too short"));
}
