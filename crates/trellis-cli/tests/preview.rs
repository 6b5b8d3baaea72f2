//! `trellis preview` end to end: it serves the rendered course with its
//! assets on 127.0.0.1, and a browser waiting on `/__trellis/wait` learns of
//! a change to the course folder (and of a broken lesson file, and of its fix).

use std::path::Path;
use std::process::{Child, Command};

mod common;
use common::root;

/// A running `trellis preview`, killed when dropped.
struct Preview {
    child: Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(course: &Path) -> Self {
        let (child, port, _) = common::spawn_server(
            Command::new(env!("CARGO_BIN_EXE_trellis"))
                .arg("preview")
                .arg(course)
                .args(["--port", "0"]),
        );
        Self { child, port }
    }

    fn get(&self, path: &str) -> common::Reply {
        common::request(self.port, "GET", path, &[], b"")
    }

    /// Waits (long poll) until the revision is no longer `rev`.
    fn wait_past(&self, rev: u64) -> u64 {
        for _ in 0..4 {
            let now: u64 = self
                .get(&format!("/__trellis/wait?rev={rev}"))
                .text()
                .parse()
                .unwrap();
            if now != rev {
                return now;
            }
        }
        panic!("the preview never noticed the change");
    }
}

#[test]
fn serves_the_course_and_follows_edits_to_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    common::copy_tree(&root().join("examples/phishing-awareness"), &course);
    let preview = Preview::start(&course);

    let page = preview.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .to_ascii_lowercase()
            .contains("content-type: text/html")
    );
    let html = page.text();
    assert!(html.contains("Phishing awareness for office staff"));
    assert!(
        html.contains("/__trellis/wait?rev="),
        "the page reloads itself"
    );
    for file in ["/trellis.js", "/assets/images/fake-email.png"] {
        assert_eq!(preview.get(file).status, 200, "{file}");
    }
    assert_eq!(preview.get("/nope.html").status, 404);
    // The last lesson's job aid links, and the files they open, made from
    // the course on disk when asked for.
    assert!(html.contains("<a href=\"job-aid/index.html\" target=\"_blank\""));
    let phone = preview.get("/job-aid/index.html");
    assert_eq!(phone.status, 200);
    assert!(
        phone
            .text()
            .contains("<h1>Phishing awareness for office staff</h1>")
    );
    let pdf = preview.get("/job-aid/job-aid-letter.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert!(
        pdf.headers
            .to_ascii_lowercase()
            .contains("content-type: application/pdf")
    );
    assert_eq!(preview.get("/job-aid/other.pdf").status, 404);

    // An edit to a lesson file shows up as a new revision with the new text.
    let lesson = course.join("lessons/what-is-phishing.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(
        &lesson,
        text.replace(
            "title = \"What phishing is",
            "title = \"Edited: what phishing is",
        ),
    )
    .unwrap();
    let rev = preview.wait_past(1);
    assert!(preview.get("/").text().contains("Edited: what phishing is"));

    // A broken file shows the error, with its place, and the page still reloads.
    std::fs::write(&lesson, "+++\nid = \n").unwrap();
    let broken = preview.wait_past(rev);
    let page = preview.get("/").text();
    assert!(page.contains("The course cannot be shown"), "{page}");
    assert!(page.contains("lessons/what-is-phishing.md"), "{page}");
    assert!(page.contains("/__trellis/wait?rev="));

    // Fixed again: the course is back.
    std::fs::write(&lesson, text).unwrap();
    preview.wait_past(broken);
    assert!(preview.get("/").text().contains("What phishing is"));
}

/// A page on another site that rebinds its own name to 127.0.0.1 (DNS
/// rebinding) must not read the course: the preview answers only requests
/// for its own address, and not those sent by another site's page.
#[test]
fn refuses_requests_for_other_hosts_and_from_other_sites() {
    let preview = Preview::start(&root().join("examples/phishing-awareness"));
    let port = preview.port;
    for path in ["/", "/index.html", "/__trellis/wait?rev=0"] {
        let foreign = common::request(port, "GET", path, &[("Host", "evil.example")], b"");
        assert_eq!(foreign.status, 403, "{path}: {}", foreign.text());
        assert!(!foreign.text().contains("Phishing awareness"), "{path}");
        let rebound = common::request(
            port,
            "GET",
            path,
            &[("Host", &format!("evil.example:{port}"))],
            b"",
        );
        assert_eq!(rebound.status, 403, "{path}");
        let other_site =
            common::request(port, "GET", path, &[("Origin", "http://evil.example")], b"");
        assert_eq!(other_site.status, 403, "{path}");
    }
    // Its own address, by number or by name, still works.
    assert_eq!(preview.get("/").status, 200);
    let by_name = common::request(
        port,
        "GET",
        "/",
        &[("Host", &format!("localhost:{port}"))],
        b"",
    );
    assert_eq!(by_name.status, 200);
    assert!(
        by_name
            .text()
            .contains("Phishing awareness for office staff")
    );
}
