//! What `trellis` does to files on disk: read commands never write to the
//! course, and publish never follows a planted link, never writes over its
//! course, and leaves no half package (nor hidden leftovers) after a full
//! disk or Ctrl-C. Real files throughout: SQLite course files, symlinks,
//! read-only permissions, a file-size limit standing in for a full disk,
//! and a real SIGINT.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;
use common::{fails, ok, root, text};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn example() -> PathBuf {
    root().join("examples/phishing-awareness")
}

/// The example course imported into a course file in `dir`.
fn course_file(dir: &Path) -> PathBuf {
    let course = dir.join("course.trellis");
    ok(&["import", p(&example()), "-o", p(&course)]);
    course
}

/// Names starting with a dot in `dir`: the hidden files publish works in.
fn hidden(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Everything that says whether a file was written to.
#[derive(Debug, PartialEq)]
struct Snapshot {
    /// SHA-256 of the bytes (short to print when a test fails).
    sha256: String,
    modified: SystemTime,
    side_files: Vec<&'static str>,
}

fn snapshot(path: &Path) -> Snapshot {
    let side = |suffix: &str| {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s).exists()
    };
    Snapshot {
        sha256: trellis_assets::sha256_hex(&std::fs::read(path).unwrap()),
        modified: std::fs::metadata(path).unwrap().modified().unwrap(),
        side_files: ["-wal", "-shm", "-journal"]
            .into_iter()
            .filter(|s| side(s))
            .collect(),
    }
}

/// `info`, `check`, `comments` and `publish` on a schema-1 course file in
/// rollback-journal mode, made read-only: each works, and the file keeps
/// its bytes, time, journal mode and schema version (an older Trellis can
/// still open it). They used to open it read-write: upgrading it to the
/// current schema and switching it to WAL. The read-only permission stops
/// writes only for users other than root; as root (CI) the unchanged bytes
/// and time are the proof, since SQLite itself is asked to open it
/// read-only.
#[cfg(unix)]
#[test]
fn read_commands_leave_the_course_file_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let current = course_file(dir.path());
    let course = dir.path().join("older.trellis");
    trellis_store::older::write_schema_v1(&current, &course).unwrap();
    std::fs::set_permissions(&course, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(&course);
    let header = |b: &[u8]| (b[18], b[19], b[60..64].to_vec());
    assert_eq!(
        header(&std::fs::read(&course).unwrap()),
        (1, 1, vec![0, 0, 0, 1])
    );

    assert!(ok(&["info", p(&course)]).contains("Phishing"));
    let check = common::trellis(&["check", p(&course)]);
    assert!(
        check.status.code().is_some_and(|c| c <= 1),
        "{}",
        text(&check.stderr)
    );
    ok(&["comments", p(&course)]);
    ok(&["comments", "--format", "json", p(&course)]);
    let package = dir.path().join("out.zip");
    ok(&["publish", p(&course), "--target", "web", "-o", p(&package)]);
    assert!(package.is_file());
    ok(&["export", p(&course), "-o", p(&dir.path().join("text"))]);

    assert_eq!(snapshot(&course), before);
}

/// A file SQLite cannot read gets the author's words, not SQLite's "file
/// is not a database".
#[test]
fn a_damaged_course_file_is_described_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let course = course_file(dir.path());
    let mut bytes = std::fs::read(&course).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for (i, b) in bytes[100..page * 2].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&course, &bytes).unwrap();
    for command in ["info", "check", "comments"] {
        let err = fails(&[command, p(&course)], 3);
        assert!(
            err.contains("is not a Trellis course file, or it is damaged"),
            "{command}: {err}"
        );
        assert!(!err.contains("database"), "{command}: {err}");
    }
}

/// A symlink planted at the hidden name publish used (`.OUT.partial`)
/// pointed the package at any file the author can write. Publish now
/// creates a fresh name exclusively and leaves the plant and its target be.
#[cfg(unix)]
#[test]
fn publish_does_not_follow_a_planted_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"the author's file").unwrap();
    let out = dir.path().join("out.zip");
    std::os::unix::fs::symlink(&victim, dir.path().join(".out.zip.partial")).unwrap();
    ok(&[
        "publish",
        p(&example()),
        "--target",
        "scorm12",
        "-o",
        p(&out),
    ]);
    assert_eq!(std::fs::read(&victim).unwrap(), b"the author's file");
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    assert_eq!(hidden(dir.path()), [".out.zip.partial"]);
}

/// `-o` naming the course itself, by any path, is refused even with
/// `--force`: it would replace the course with the package.
#[test]
fn publish_refuses_to_write_over_its_course() {
    let dir = tempfile::tempdir().unwrap();
    let course = course_file(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let before = std::fs::read(&course).unwrap();
    let other_spelling = dir.path().join("sub/../course.trellis");
    let link = dir.path().join("link.trellis");
    std::fs::hard_link(&course, &link).unwrap();
    for output in [&course, &other_spelling, &link] {
        let err = fails(
            &[
                "publish",
                p(&course),
                "--target",
                "web",
                "-o",
                p(output),
                "--force",
            ],
            3,
        );
        assert!(err.contains("is the course itself"), "{err}");
        assert_eq!(std::fs::read(&course).unwrap(), before);
    }
    ok(&["info", p(&course)]);
}

/// Runs `trellis ARGS` with a limit on the size of any file it writes
/// (`ulimit -f`, in 512-byte blocks under `sh`): writing past it fails as
/// on a full disk. SIGXFSZ, which would kill the process instead, is
/// ignored.
fn trellis_with_file_limit(blocks: u32, args: &[&str]) -> std::process::Output {
    let mut script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(root())
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("trellis-files-test-cache"),
        )
        .output()
        .unwrap()
}

/// A disk that fills up while publishing: one clean error line (the zip
/// library's "ZipWriter::drop: failed to finalize archive" used to be
/// glued to it), no package, no hidden leftovers, and for `--folder` no
/// half site, so the retry works instead of saying the folder is not empty.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_half_package_and_a_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("out.zip");
    let site = dir.path().join("site");
    let course = example();
    for (out, extra) in [(&zip, None), (&site, Some("--folder"))] {
        let mut args = vec!["publish", p(&course), "--target", "web", "-o", p(out)];
        args.extend(extra);
        let run = trellis_with_file_limit(40, &args);
        assert_eq!(run.status.code(), Some(3), "{}", text(&run.stderr));
        let err = text(&run.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err:?}");
        assert!(err.starts_with("error: could not publish"), "{err}");
        assert!(
            !err.contains("ZipWriter") && !err.contains("finalize"),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert!(
            !err.contains("os error"),
            "the system's words once, not twice: {err}"
        );
        assert!(!out.exists(), "{} was left", out.display());
        assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
        ok(&args);
        assert!(out.exists());
    }
    assert!(site.join("index.html").is_file());
}

/// A PNG of `w` × `h` pixels, slow enough to resize that a publish is
/// still running when interrupted.
fn big_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Ctrl-C while publishing removes the hidden package being built: an
/// interrupted run used to leave `.OUT.partial` behind.
#[cfg(unix)]
#[test]
fn ctrl_c_while_publishing_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    copy_dir(&example(), &course);
    let big = big_png(4000, 3000);
    for image in ["fake-email.png", "link-preview.png", "report-button.png"] {
        std::fs::write(course.join("assets/images").join(image), &big).unwrap();
    }
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("course.zip");
    let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["publish", p(&course), "--target", "web", "-o", p(&out)])
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while hidden(&out_dir).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "publish ended before it could be interrupted"
        );
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("nothing was published"));
    assert!(hidden(&out_dir).is_empty(), "{:?}", hidden(&out_dir));
    assert!(!out.exists());
}
