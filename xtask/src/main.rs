//! `cargo xtask`: everything needed to set up, demo, test and benchmark
//! Trellis on a fresh Debian or Ubuntu machine.
//!
//! - `cargo xtask demo`  — installs what is missing, then runs the main job on
//!   an example course (see [`demo`]).
//! - `cargo xtask test`  — installs what is missing, then runs the whole test
//!   suite: the UI build, rustfmt, clippy, every crate's tests, the desktop
//!   smoke test in the real window, the .deb installed, used and removed
//!   (the package test), and the browser suites (`tests/run.sh`).
//! - `cargo xtask ui`    — builds the editor UI (ui/dist), which `trellis
//!   studio` and the desktop app embed when they are compiled.
//! - `cargo xtask bundle [--debug]` — the desktop app's installable
//!   packages (.deb, .rpm) with Tauri's bundler; see [`bundle`].
//! - `cargo xtask bench` — runs every benchmark (the bench binary in release
//!   mode, then the paint times in headless Chromium); see [`bench`].
//! - `cargo xtask fuzz TARGET --minutes N` — coverage-guided fuzzing of one
//!   target with AFL++ (cargo-afl, installed when missing); `cargo xtask
//!   fuzz --smoke` fuzzes every target for a few seconds without AFL (part
//!   of `cargo xtask test`); see [`fuzz`].
//! - `cargo xtask setup [TASK]` — only the installation step, for every
//!   task or for TASK.
//!
//! Each task installs only the Debian packages its own path needs: `demo`
//! without a display builds no desktop app, so it installs no WebKitGTK.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Debian packages, by what needs them, so that each task installs only
/// what its own path uses (see [`needs`]).
///
/// Building the `trellis` command: every task.
const BUILD_PACKAGES: &[(&str, &str)] = &[
    ("pkg-config", "building -sys crates"),
    ("build-essential", "building bundled SQLite"),
];

/// Building the desktop app: `cargo xtask demo` with a display, and the tests.
const DESKTOP_PACKAGES: &[(&str, &str)] = &[
    (
        "libwebkit2gtk-4.1-dev",
        "the desktop app (Tauri's WebKitGTK)",
    ),
    ("libssl-dev", "the desktop app"),
    ("libxdo-dev", "the desktop app's menus"),
    ("libayatana-appindicator3-dev", "the desktop app"),
    ("librsvg2-dev", "the desktop app's icons"),
];

/// Only the test suite.
const TEST_PACKAGES: &[(&str, &str)] = &[
    (
        "poppler-utils",
        "pdfinfo, pdftotext, pdffonts, pdftoppm: reading the job aid's PDF back",
    ),
    (
        "qpdf",
        "checking the job aid's PDF and reading its structure tree",
    ),
    ("zbar-tools", "zbarimg: decoding the job aid's QR codes"),
    (
        "libxml2-utils",
        "xmllint: validating manifests against the official schemas",
    ),
    ("xvfb", "the desktop smoke test's virtual display"),
    ("xauth", "the desktop smoke test's virtual display"),
    (
        "webkit2gtk-driver",
        "WebKitWebDriver: the desktop smoke test drives the window",
    ),
    ("python3", "the desktop smoke test's WebDriver client"),
    (
        "python3-venv",
        "the Ralph LRS's virtual environment (tests/run.sh)",
    ),
    ("chromium", "the browser suites (tests/run.sh)"),
    (
        "sqlite3",
        "editor tests read what the course file stores (its SQLite tables)",
    ),
    (
        "fontconfig",
        "fc-query: the bundled fonts' letters are checked against their files",
    ),
    (
        "unzip",
        "the conformance suite unzips packages as an LMS would",
    ),
    (
        "pandoc",
        "the document import's fixtures and round trip (Markdown to Word)",
    ),
    (
        "libreoffice-writer",
        "the document import's Word fixtures, converted from their .fodt sources",
    ),
    (
        "libreoffice-impress",
        "the document import's PowerPoint fixtures, converted from their .fodp sources",
    ),
    (
        "xdg-utils",
        "xdg-mime: the package test asks which type a course file is and which app opens it",
    ),
    (
        "libfile-mimeinfo-perl",
        "mimetype: what xdg-mime uses outside a desktop session to read the MIME database",
    ),
    (
        "desktop-file-utils",
        "desktop-file-validate: the package test checks the installed desktop entry",
    ),
    (
        "omegat",
        "the translation suite: OmegaT translates an exported XLIFF (tests/translation)",
    ),
    (
        "libreoffice-calc",
        "the results import's Excel and ODS fixtures, converted from CSV reports",
    ),
    (
        "gnome-keyring",
        "the keyring test: GNOME Keyring's daemon serves the Secret Service (tests/results)",
    ),
    (
        "libsecret-tools",
        "secret-tool: the keyring test reads back what Trellis kept in the Secret Service",
    ),
    ("dbus-daemon", "the keyring test's private D-Bus session"),
    (
        "dbus-bin",
        "dbus-send: the keyring test waits for the Secret Service on its bus",
    ),
];

fn main() -> std::process::ExitCode {
    match run_task() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_task() -> Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    match task {
        // `cargo xtask setup TASK`: only what TASK needs (the release
        // workflow installs what `bundle` builds with).
        "setup" if rest.first().is_some_and(|t| t != "setup") => {
            setup(&needs(&rest[0], has_display()))?
        }
        "setup" | "demo" | "test" | "ui" | "bundle" => setup(&needs(task, has_display()))?,
        "fuzz" => setup(&needs(task, false))?,
        _ => {}
    }
    match task {
        "setup" => Ok(()),
        "demo" => demo(rest),
        "test" => test(),
        "ui" => build_ui(false),
        "bundle" => bundle(rest).map(drop),
        "bench" => bench(rest),
        "fuzz" => fuzz(rest),
        "help" | "--help" | "-h" => {
            println!(
                "usage: cargo xtask <setup|demo|test|ui|bundle|bench|fuzz>\n       \
                 cargo xtask bundle [--debug]\n       \
                 cargo xtask fuzz TARGET [--minutes N | --seconds N] | --smoke [--afl] [--seconds N] | --replay\n       \
                 fuzz targets: {}",
                FUZZ_TARGETS.join(", ")
            );
            Ok(())
        }
        other => bail!("unknown task `{other}`; try `cargo xtask help`"),
    }
}

/// The workspace root. `cargo run` sets CARGO_MANIFEST_DIR for the process;
/// that is preferred to the compile-time value, because a build shared
/// through CARGO_TARGET_DIR may have been compiled in another clone.
fn root() -> PathBuf {
    let manifest = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, echoing it, failing on non-zero exit.
fn run(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("could not start `{program}`"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Whether there is a display to open the desktop app on.
fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| env::var_os(v).is_some_and(|d| !d.is_empty()))
}

/// The Debian packages a task needs: building the CLI always; the desktop
/// app's build packages when the task builds it (`demo` only when there is
/// a `display` to open it on); the test tools for `test` and `setup`.
/// Node.js (for the editor UI) is added by [`setup`] for every task.
fn needs(task: &str, display: bool) -> Vec<&'static (&'static str, &'static str)> {
    let groups: &[&[(&str, &str)]] = match task {
        "ui" => &[],
        "fuzz" => &[BUILD_PACKAGES],
        "demo" if !display => &[BUILD_PACKAGES],
        "demo" | "bundle" => &[BUILD_PACKAGES, DESKTOP_PACKAGES],
        _ => &[BUILD_PACKAGES, DESKTOP_PACKAGES, TEST_PACKAGES],
    };
    groups.iter().flat_map(|g| g.iter()).collect()
}

/// Installs the `packages` and Node.js when the machine lacks them.
/// Repeated runs cost nothing: each step first checks whether it is needed.
fn setup(packages: &[&(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| {
            !Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
                .unwrap_or(false)
        })
        .collect();
    let mut missing = missing;
    // Node.js builds the editor UI, and runs the player's encoder in the
    // Rust tests and the browser suites.
    if !command_works("node", &["--version"]) || !command_works(npm(), &["--version"]) {
        missing.extend(["nodejs", "npm"]);
    }
    if !missing.is_empty() {
        install_debian(&missing)?;
    }
    Ok(())
}

/// npm's command: a batch file on Windows, which `Command` does not find
/// by its bare name.
fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

/// Whether `program args` runs and exits successfully.
fn command_works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether this process runs as root (else package installs go through sudo).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn install_debian(packages: &[&str]) -> Result<()> {
    if Command::new("apt-get").arg("--version").output().is_err() {
        bail!(
            "these packages are missing and this is not a Debian or Ubuntu machine: {}",
            packages.join(" ")
        );
    }
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| -> Result<()> {
        let mut full: Vec<&str> = sudo.to_vec();
        full.push("apt-get");
        full.extend_from_slice(args);
        // Wait for another apt or dpkg process to release its lock.
        full.splice(
            sudo.len() + 1..sudo.len() + 1,
            ["-o", "DPkg::Lock::Timeout=300"],
        );
        let (program, rest) = full.split_first().expect("non-empty");
        let status = Command::new(program)
            .args(rest)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .with_context(|| format!("could not start {program}"))?;
        if !status.success() {
            bail!("`{}` failed ({status})", full.join(" "));
        }
        Ok(())
    };
    eprintln!("installing Debian packages: {}", packages.join(" "));
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// The main job on an embedded default: build the editor UI, import the example course, check it
/// as a designer would, publish it as a SCORM 1.2 package, then open it in
/// the desktop app (or, without a display, say how to open the same editor
/// in a browser). The UI comes first, so the `trellis` built here already
/// holds the editor that `trellis studio` serves.
fn demo(args: &[String]) -> Result<()> {
    build_ui(false)?;
    let example = args
        .first()
        .cloned()
        .unwrap_or_else(|| "examples/phishing-awareness".into());
    let out_dir = root().join("out");
    std::fs::create_dir_all(&out_dir)?;
    let file = out_dir.join("demo.trellis");
    let package = out_dir.join("demo-scorm12.zip");
    for old in [&file, &package] {
        if old.exists() {
            std::fs::remove_file(old)?;
        }
    }
    let file = file.to_string_lossy().into_owned();
    let package = package.to_string_lossy().into_owned();
    let trellis = |args: &[&str]| {
        let mut full = vec!["run", "--quiet", "--package", "trellis-cli", "--"];
        full.extend_from_slice(args);
        run(&cargo(), &full)
    };
    trellis(&["import", &example, "-o", &file])?;
    trellis(&["info", &file])?;
    trellis(&["check", &file])?;
    trellis(&["publish", &file, "--target", "scorm12", "-o", &package])?;
    println!("\nCourse file: {file}\nSCORM 1.2 package, ready for an LMS: {package}");
    if has_display() {
        println!("\nOpening the course in the Trellis desktop app; close the window to finish.");
        run(
            &cargo(),
            &[
                "run",
                "--quiet",
                "--package",
                "trellis-desktop",
                "--",
                &file,
            ],
        )?;
    } else {
        println!(
            "\nNo display (DISPLAY is unset), so the desktop app was not opened. To edit the course:\n  \
             in a browser:  cargo run -p trellis-cli -- studio {file}   (then open the address it prints)\n  \
             on a desktop:  cargo xtask demo   (with a display: installs what the desktop app needs and opens it)"
        );
    }
    Ok(())
}

/// The whole test suite, as CI runs it.
fn test() -> Result<()> {
    let cargo = cargo();
    // The UI first: `trellis studio` and the desktop app embed ui/dist.
    build_ui(true)?;
    run(&cargo, &["fmt", "--all", "--check"])?;
    run(
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(&cargo, &["test", "--workspace"])?;
    // The fuzzing smoke run: the corpora and saved findings replayed, then
    // every target fuzzed for a few seconds without AFL (no AFL++ to build,
    // no instrumented build; see `fuzz`).
    fuzz(&["--smoke".to_owned()])?;
    desktop_test()?;
    package_test()?;
    // Browser suites: packages under scorm-again, cmi5 against Ralph, axe,
    // the editor against `trellis studio`, the player's own tests.
    run("bash", &["tests/run.sh"])?;
    Ok(())
}

/// Builds the editor UI into ui/dist (`npm ci` when its dependencies are
/// missing or older than the lock file), type-checking it first when
/// `check` is set (`cargo xtask test`). `trellis studio` and the desktop app
/// embed ui/dist when they are compiled, and refuse to start without it.
fn build_ui(check: bool) -> Result<()> {
    let ui = root().join("ui");
    let installed = ui.join("node_modules").join(".package-lock.json");
    let stale = match (
        installed.metadata(),
        ui.join("package-lock.json").metadata(),
    ) {
        (Ok(have), Ok(want)) => have.modified()? < want.modified()?,
        _ => true,
    };
    let npm = |args: &[&str]| -> Result<()> {
        eprintln!("$ (ui) npm {}", args.join(" "));
        let status = Command::new(npm())
            .args(args)
            .current_dir(&ui)
            .status()
            .context("could not start npm")?;
        if !status.success() {
            bail!("`npm {}` in ui/ failed ({status})", args.join(" "));
        }
        Ok(())
    };
    if stale {
        npm(&["ci", "--no-audit", "--no-fund"])?;
    }
    if check {
        // Type-check the Svelte and TypeScript sources, lint them and the
        // player's scripts (ESLint), and check their formatting (Prettier).
        npm(&["run", "check"])?;
        npm(&["run", "lint"])?;
        npm(&["run", "format:check"])?;
    }
    npm(&["run", "build"])
}

/// Where tools installed for the tests (tauri-driver) are kept between runs.
fn tools_dir() -> PathBuf {
    env::var_os("TRELLIS_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/trellis-tools"))
}

/// The cargo target folder.
fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The desktop smoke test (tests/desktop): the real window under Xvfb,
/// driven over WebDriver by tauri-driver and WebKitWebDriver. Linux only.
fn desktop_test() -> Result<()> {
    if !cfg!(target_os = "linux") {
        eprintln!("desktop smoke test skipped: it runs on Linux (WebKitWebDriver)");
        return Ok(());
    }
    run(&cargo(), &["build", "--package", "trellis-desktop"])?;
    let driver = tauri_driver()?;
    let binary = target_dir().join("debug").join("trellis-desktop");
    run(
        "python3",
        &[
            "tests/desktop/smoke.py",
            "--binary",
            &binary.to_string_lossy(),
            "--course",
            "examples/phishing-awareness",
            "--tauri-driver",
            &driver.to_string_lossy(),
        ],
    )
}

/// tauri-driver (the WebDriver server for Tauri windows), installed into
/// [`tools_dir`] with `cargo install` when missing.
fn tauri_driver() -> Result<PathBuf> {
    let driver = tools_dir().join("bin").join("tauri-driver");
    if !driver.is_file() {
        eprintln!("installing tauri-driver into {}", tools_dir().display());
        let status = Command::new(cargo())
            .args(["install", "tauri-driver", "--locked"])
            .env("CARGO_INSTALL_ROOT", tools_dir())
            .env_remove("CARGO_TARGET_DIR")
            .status()
            .context("could not start cargo install")?;
        if !status.success() {
            bail!("`cargo install tauri-driver --locked` failed ({status})");
        }
    }
    Ok(driver)
}

/// The version of Tauri's command-line tool that `cargo xtask bundle` runs:
/// the npm package `@tauri-apps/cli`, whose bundler makes the installers.
const TAURI_CLI_VERSION: &str = "2.12.6";

/// Tauri's command-line tool, installed with npm (a prebuilt binary, so
/// nothing is compiled) into [`tools_dir`] when missing.
fn tauri_cli() -> Result<PathBuf> {
    let prefix = tools_dir().join(format!("tauri-cli-{TAURI_CLI_VERSION}"));
    let bin = prefix.join("node_modules").join(".bin").join("tauri");
    if !command_works(&bin.to_string_lossy(), &["--version"]) {
        eprintln!(
            "installing Tauri's CLI {TAURI_CLI_VERSION} into {}",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)?;
        let status = Command::new(npm())
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("@tauri-apps/cli@{TAURI_CLI_VERSION}"))
            .status()
            .context("could not start npm")?;
        if !status.success() {
            bail!("installing @tauri-apps/cli@{TAURI_CLI_VERSION} with npm failed ({status})");
        }
    }
    Ok(bin)
}

/// The installers `cargo xtask bundle` makes on Linux.
const LINUX_BUNDLES: &[&str] = &["deb", "rpm"];

/// `cargo xtask bundle [--debug]`: the desktop app's installable packages
/// (.deb and .rpm) with Tauri's bundler, from the app built in release mode
/// (`--debug`: from the debug build, as the package test does). The editor
/// UI and the app are built first; the bundler (`tauri bundle`) only packs
/// the binary, the icons, the desktop entry and the course file type
/// (src-tauri/tauri.conf.json, `bundle`). Prints and returns the packages,
/// found in `$CARGO_TARGET_DIR/{release,debug}/bundle/{deb,rpm}/`.
fn bundle(args: &[String]) -> Result<Vec<PathBuf>> {
    let mut debug = false;
    for arg in args {
        match arg.as_str() {
            "--debug" => debug = true,
            "--release" => debug = false,
            other => bail!("unknown bundle argument `{other}`; try `cargo xtask bundle [--debug]`"),
        }
    }
    if cfg!(target_os = "linux") {
        build_ui(false)?;
    }
    bundle_kinds(debug, LINUX_BUNDLES)
}

/// [`bundle`] of the `kinds` given (`deb`, `rpm`), from the debug build
/// when `debug` is set, with the editor UI as it is in ui/dist.
fn bundle_kinds(debug: bool, kinds: &[&str]) -> Result<Vec<PathBuf>> {
    if !cfg!(target_os = "linux") {
        bail!(
            "`cargo xtask bundle` makes the Linux packages; Windows and macOS installers are \
             built by the release workflow (.github/workflows/release.yml)"
        );
    }
    let profile = if debug { "debug" } else { "release" };
    let mut build = vec!["build", "--package", "trellis-desktop"];
    if !debug {
        build.push("--release");
    }
    run(&cargo(), &build)?;
    let out = target_dir().join(profile).join("bundle");
    for kind in kinds {
        let dir = out.join(kind);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    let cli = tauri_cli()?;
    let bundles = kinds.join(",");
    // `--no-binary-patching`: the bundler would otherwise write into the
    // binary cargo built (a marker for Tauri's updater, which Trellis does
    // not use), and cargo would build it again for the tests.
    let mut bundle_args = vec![
        "bundle",
        "--ci",
        "--no-binary-patching",
        "--bundles",
        &bundles,
    ];
    if debug {
        bundle_args.push("--debug");
    }
    eprintln!("$ (src-tauri) tauri {}", bundle_args.join(" "));
    let status = Command::new(&cli)
        .args(&bundle_args)
        .current_dir(root().join("src-tauri"))
        .env("CARGO_TARGET_DIR", target_dir())
        .status()
        .context("could not start Tauri's CLI")?;
    if !status.success() {
        bail!("`tauri {}` failed ({status})", bundle_args.join(" "));
    }
    let mut packages = Vec::new();
    for kind in kinds {
        let dir = out.join(kind);
        let found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("the bundler made no {}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == *kind))
            .collect();
        if found.len() != 1 {
            bail!("expected one .{kind} in {}, found {found:?}", dir.display());
        }
        packages.extend(found);
    }
    for package in &packages {
        let size = package.metadata()?.len();
        println!("{} ({:.1} MB)", package.display(), size as f64 / 1e6);
    }
    Ok(packages)
}

/// The package test (tests/desktop/package.py): the .deb of a debug
/// [`bundle`] installed on this machine with apt-get, its files, desktop
/// entry and course file type checked, a course opened by the installed
/// app in the real window (through tests/desktop/smoke.py), then the
/// package removed and checked gone. Needs root or sudo, like [`setup`].
fn package_test() -> Result<()> {
    if !cfg!(target_os = "linux") {
        eprintln!("package test skipped: it installs the Linux .deb");
        return Ok(());
    }
    // Only the .deb, which the test installs: the .rpm would add the time
    // of compressing the binary once more. `cargo xtask test` has built
    // the editor UI already.
    let packages = bundle_kinds(true, &["deb"])?;
    let deb = packages
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .context("the bundle has no .deb")?;
    run(&cargo(), &["build", "--package", "trellis-cli"])?;
    let driver = tauri_driver()?;
    let cli = target_dir().join("debug").join("trellis");
    let mut args = vec![
        "tests/desktop/package.py".to_owned(),
        "--deb".to_owned(),
        deb.to_string_lossy().into_owned(),
        "--trellis".to_owned(),
        cli.to_string_lossy().into_owned(),
        "--tauri-driver".to_owned(),
        driver.to_string_lossy().into_owned(),
    ];
    if !is_root() {
        args.push("--sudo".to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("python3", &args)
}

/// Benchmarks, in release mode; see docs/performance.md.
/// `cargo xtask bench`: every benchmark, each printing Markdown tables for
/// docs/performance.md — the course file (`store`), the design check after
/// an edit (`check`), the large course published to every target
/// (`publish-large`), the peer-shaped course and the examples
/// (`peer-course`), then paint times of those packages in headless Chromium
/// (`tests/perf/paint.mjs`). `cargo xtask bench ARGS` runs only the bench
/// binary with ARGS (e.g. `publish-large`).
fn bench(args: &[String]) -> Result<()> {
    let bin = |extra: &[&str]| -> Result<()> {
        let mut full = vec![
            "run",
            "--release",
            "--quiet",
            "--package",
            "trellis-bench",
            "--",
        ];
        full.extend(extra);
        run(&cargo(), &full)
    };
    if !args.is_empty() {
        return bin(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    bin(&["store"])?;
    bin(&["check"])?;
    bin(&["publish-large"])?;
    let packages = env::temp_dir().join(format!("trellis-bench-{}", std::process::id()));
    let packages_arg = packages.to_string_lossy().into_owned();
    let result = (|| -> Result<()> {
        bin(&["peer-course", "--packages", &packages_arg])?;
        let chromium = env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if !Path::new(&chromium).exists() {
            eprintln!(
                "paint times skipped: no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)"
            );
            return Ok(());
        }
        if !root().join("tests/node_modules/playwright-core").is_dir() {
            run(
                npm(),
                &[
                    "ci",
                    "--prefix",
                    "tests",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ],
            )?;
        }
        run("node", &["tests/perf/paint.mjs", &packages_arg])
    })();
    let _ = std::fs::remove_dir_all(&packages);
    result
}

/// The fuzz targets (fuzz/src/bin), each with its seed corpus under
/// fuzz/corpus/TARGET.
const FUZZ_TARGETS: &[&str] = &[
    "text_import",
    "review_import",
    "open_course",
    "markdown",
    "ooxml",
    "gift",
    "xliff",
];

/// How long `cargo xtask fuzz --smoke` fuzzes each target, in seconds.
const FUZZ_SMOKE_SECONDS: u64 = 5;
/// How long `cargo xtask fuzz --smoke --afl` fuzzes each target, in seconds.
const FUZZ_AFL_SMOKE_SECONDS: u64 = 10;

/// `cargo xtask fuzz`: coverage-guided fuzzing with AFL++ through cargo-afl,
/// on the stable toolchain. Installs cargo-afl (`cargo install`) and builds
/// AFL++'s runtime (`cargo afl config --build`) when missing, builds the
/// targets in fuzz/ (their own workspace) in release mode, and runs
/// `afl-fuzz` on the target's seed corpus for the time given, resuming the
/// previous run's queue from fuzz/out/TARGET. Prints executions, exec/s,
/// paths and edges found and crashes from AFL's fuzzer_stats, and fails
/// when a crash or hang was saved (copy it into fuzz/regressions/TARGET and
/// fix it; see docs/performance.md, "Fuzzing").
///
/// - `cargo xtask fuzz TARGET --minutes N` (or `--seconds N`; default 10 minutes)
/// - `cargo xtask fuzz --smoke [--seconds N]`: the replay below, then every
///   target fuzzed without AFL for 5 s each (fuzz/src/blind.rs: mutations
///   of the seeds, no coverage guidance), in an ordinary debug build; what
///   `cargo xtask test` runs, since it needs neither cargo-afl nor AFL++
/// - `cargo xtask fuzz --smoke --afl [--seconds N]`: every target under
///   AFL++, 10 s each, from its seeds alone
/// - `cargo xtask fuzz --replay`: every seed and saved finding through the
///   targets' bodies without AFL (`cargo test` in fuzz/)
fn fuzz(args: &[String]) -> Result<()> {
    let mut targets = Vec::new();
    let mut seconds = None;
    let mut smoke = false;
    let mut replay = false;
    let mut afl = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut number = |unit: u64| -> Result<u64> {
            let n: u64 = it
                .next()
                .and_then(|v| v.parse().ok())
                .with_context(|| format!("{arg} needs a whole number"))?;
            Ok(n * unit)
        };
        match arg.as_str() {
            "--minutes" => seconds = Some(number(60)?),
            "--seconds" => seconds = Some(number(1)?),
            "--smoke" => smoke = true,
            "--afl" => afl = true,
            "--replay" => replay = true,
            t if FUZZ_TARGETS.contains(&t) => targets.push(t),
            other => bail!(
                "unknown fuzz argument `{other}`; targets: {}",
                FUZZ_TARGETS.join(", ")
            ),
        }
    }
    let manifest = root().join("fuzz").join("Cargo.toml");
    let manifest = manifest.to_string_lossy().into_owned();
    if replay {
        return run_fuzz_cargo(&["test", "--manifest-path", &manifest]);
    }
    if smoke && !afl {
        run_fuzz_cargo(&["test", "--manifest-path", &manifest])?;
        let seconds = seconds.unwrap_or(FUZZ_SMOKE_SECONDS).to_string();
        return run_fuzz_cargo(&[
            "run",
            "--manifest-path",
            &manifest,
            "--bin",
            "blind",
            "--",
            "--seconds",
            &seconds,
        ]);
    }
    if smoke {
        targets = FUZZ_TARGETS.to_vec();
    }
    if targets.is_empty() {
        bail!(
            "name a target ({}) or give --smoke",
            FUZZ_TARGETS.join(", ")
        );
    }
    let seconds = seconds.unwrap_or(if smoke { FUZZ_AFL_SMOKE_SECONDS } else { 600 });
    install_cargo_afl()?;
    run_fuzz_cargo(&[
        "afl",
        "build",
        "--release",
        "--features",
        "afl",
        "--bins",
        "--manifest-path",
        &manifest,
    ])?;
    let mut failed = Vec::new();
    for target in targets {
        let stats = fuzz_one(target, seconds, smoke)?;
        println!("\n{target}: {}", stats.summary());
        if stats.crashes > 0 || stats.hangs > 0 {
            failed.push(format!(
                "{target}: {} crashes, {} hangs in {}",
                stats.crashes,
                stats.hangs,
                stats.out.display()
            ));
        }
    }
    if !failed.is_empty() {
        bail!(
            "fuzzing found faults. Copy each input into fuzz/regressions/TARGET, see the panic \
             with `cargo xtask fuzz --replay` (or run the target binary in {} with the input on \
             its standard input; `cargo afl tmin` minimises it), fix it, and add it as a test in \
             the owning crate:\n  {}",
            fuzz_target_dir().join("release").display(),
            failed.join("\n  ")
        );
    }
    Ok(())
}

/// Where the fuzz package is built: beside the main workspace's builds.
fn fuzz_target_dir() -> PathBuf {
    target_dir().join("fuzz")
}

/// Runs cargo on the fuzz package, with its own target folder.
fn run_fuzz_cargo(args: &[&str]) -> Result<()> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo())
        .args(args)
        .env("CARGO_TARGET_DIR", fuzz_target_dir())
        .current_dir(root().join("fuzz"))
        .status()
        .context("could not start cargo")?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Installs cargo-afl and builds AFL++ (from the source cargo-afl ships,
/// with the C compiler of build-essential) when they are missing.
fn install_cargo_afl() -> Result<()> {
    if !command_works(&cargo(), &["afl", "--version"]) {
        eprintln!("installing cargo-afl (AFL++ for Rust on the stable toolchain)");
        let status = Command::new(cargo())
            .args(["install", "cargo-afl", "--locked"])
            .env_remove("CARGO_TARGET_DIR")
            .status()
            .context("could not start cargo install")?;
        if !status.success() {
            bail!("`cargo install cargo-afl --locked` failed ({status})");
        }
    }
    // Builds AFL++ once per Rust version; says so and fails when it is
    // already built, which is what we want to know.
    let out = Command::new(cargo())
        .args(["afl", "config", "--build"])
        .output()
        .context("could not start `cargo afl config`")?;
    let said = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && !said.contains("already built") {
        eprint!("{said}");
        bail!("`cargo afl config --build` failed ({})", out.status);
    }
    Ok(())
}

/// What AFL's fuzzer_stats says about a run.
#[derive(Debug, Default, PartialEq)]
struct FuzzStats {
    run_time: u64,
    execs: u64,
    execs_per_sec: f64,
    corpus: u64,
    edges: u64,
    total_edges: u64,
    coverage: String,
    crashes: u64,
    hangs: u64,
    out: PathBuf,
}

impl FuzzStats {
    fn parse(text: &str) -> Self {
        let mut s = FuzzStats::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            let n = || value.parse().unwrap_or(0);
            match key.trim() {
                "run_time" => s.run_time = n(),
                "execs_done" => s.execs = n(),
                "execs_per_sec" => s.execs_per_sec = value.parse().unwrap_or(0.0),
                "corpus_count" => s.corpus = n(),
                "edges_found" => s.edges = n(),
                "total_edges" => s.total_edges = n(),
                "bitmap_cvg" => s.coverage = value.to_owned(),
                "saved_crashes" => s.crashes = n(),
                "saved_hangs" => s.hangs = n(),
                _ => {}
            }
        }
        s
    }

    fn summary(&self) -> String {
        format!(
            "{} s, {} executions ({:.0}/s), corpus {} paths, {} edges of {} ({}), {} crashes, {} hangs",
            self.run_time,
            self.execs,
            self.execs_per_sec,
            self.corpus,
            self.edges,
            self.total_edges,
            self.coverage,
            self.crashes,
            self.hangs
        )
    }
}

/// Fuzzes one target for `seconds`, resuming its queue in fuzz/out/TARGET;
/// a `smoke` run starts from the seeds alone, in fuzz/out/smoke/TARGET, so
/// that it takes the same short time however long the earlier runs were.
fn fuzz_one(target: &str, seconds: u64, smoke: bool) -> Result<FuzzStats> {
    let fuzz = root().join("fuzz");
    let out = if smoke {
        let out = fuzz.join("out").join("smoke").join(target);
        if out.exists() {
            std::fs::remove_dir_all(&out)?;
        }
        out
    } else {
        fuzz.join("out").join(target)
    };
    std::fs::create_dir_all(&out)?;
    let binary = fuzz_target_dir().join("release").join(target);
    let corpus = fuzz.join("corpus").join(target);
    let dict = fuzz.join("dict").join(format!("{target}.dict"));
    let seconds_arg = seconds.to_string();
    let mut args: Vec<String> = ["afl", "fuzz", "-V", &seconds_arg, "-t", "2000"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if dict.is_file() {
        args.extend(["-x".into(), dict.to_string_lossy().into_owned()]);
    }
    args.extend([
        "-i".into(),
        corpus.to_string_lossy().into_owned(),
        "-o".into(),
        out.to_string_lossy().into_owned(),
        "--".into(),
        binary.to_string_lossy().into_owned(),
    ]);
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo())
        .args(&args)
        .current_dir(&fuzz)
        // Resume the previous queue when there is one; no screen UI when
        // the output is not a terminal; run where a crash is not reported
        // to a core-dump helper (containers, CI); share the cores.
        .env("AFL_AUTORESUME", "1")
        .env("AFL_SKIP_CPUFREQ", "1")
        .env("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1")
        .env("AFL_NO_AFFINITY", "1")
        .env("AFL_NO_UI", "1")
        // Hash maps seeded at random in libraries (ammonia's) make some
        // paths look unstable; not worth a line per new path.
        .env("AFL_NO_WARN_INSTABILITY", "1")
        .status()
        .context("could not start `cargo afl fuzz`")?;
    if !status.success() {
        bail!("`cargo afl fuzz` for {target} failed ({status})");
    }
    let stats_file = out.join("default").join("fuzzer_stats");
    let text = std::fs::read_to_string(&stats_file)
        .with_context(|| format!("no stats at {}", stats_file.display()))?;
    let mut stats = FuzzStats::parse(&text);
    stats.out = out.join("default");
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::{BUILD_PACKAGES, DESKTOP_PACKAGES, FuzzStats, TEST_PACKAGES, needs};

    /// The release workflow runs the Tauri CLI `cargo xtask bundle` runs.
    #[test]
    fn the_release_workflow_uses_the_bundles_cli_version() {
        let workflow = std::fs::read_to_string(
            super::root()
                .join(".github")
                .join("workflows")
                .join("release.yml"),
        )
        .expect("the release workflow");
        let pinned = format!("@tauri-apps/cli@{}", super::TAURI_CLI_VERSION);
        assert!(
            workflow.contains(&pinned),
            "release.yml should run {pinned}"
        );
        assert!(workflow.contains("tauri-apps/tauri-action@"));
    }

    #[test]
    fn fuzzer_stats_are_read() {
        let stats = FuzzStats::parse(
            "start_time        : 1\nrun_time          : 60\nexecs_done        : 12345\n\
             execs_per_sec     : 205.75\ncorpus_count      : 321\nbitmap_cvg        : 4.20%\n\
             saved_crashes     : 2\nsaved_hangs       : 0\nedges_found       : 2752\n\
             total_edges       : 65536\n",
        );
        assert_eq!(stats.execs, 12345);
        assert_eq!(stats.corpus, 321);
        assert_eq!(stats.edges, 2752);
        assert_eq!(stats.crashes, 2);
        assert_eq!(stats.coverage, "4.20%");
        assert!(stats.summary().contains("12345 executions (206/s)"));
    }

    fn names(task: &str, display: bool) -> Vec<&'static str> {
        needs(task, display).iter().map(|(p, _)| *p).collect()
    }

    #[test]
    fn the_demo_without_a_display_installs_no_desktop_toolchain() {
        let demo = names("demo", false);
        assert_eq!(demo, ["pkg-config", "build-essential"]);
        for (package, _) in DESKTOP_PACKAGES.iter().chain(TEST_PACKAGES) {
            assert!(!demo.contains(package), "{package}");
        }
    }

    #[test]
    fn each_task_installs_what_its_path_uses() {
        let with_display = names("demo", true);
        assert!(with_display.contains(&"libwebkit2gtk-4.1-dev"));
        assert!(!with_display.contains(&"xvfb"), "the demo runs no test");
        assert!(names("ui", false).is_empty(), "the UI needs only Node.js");
        let bundle = names("bundle", false);
        assert!(
            bundle.contains(&"libwebkit2gtk-4.1-dev"),
            "bundling builds the app"
        );
        assert!(!bundle.contains(&"xvfb"), "bundling runs no test");
        let every: Vec<&str> = BUILD_PACKAGES
            .iter()
            .chain(DESKTOP_PACKAGES)
            .chain(TEST_PACKAGES)
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(names("test", false), every);
        assert_eq!(names("setup", false), every);
    }
}
