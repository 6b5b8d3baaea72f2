#!/usr/bin/env python3
"""Package test: the desktop app's .deb installed on this machine, used, removed.

`cargo xtask test` runs it on the .deb of `cargo xtask bundle --debug`:

1. the package's name, version (the workspace's) and listed files;
2. `apt-get install` of the .deb, as a user installs a download;
3. the installed files: the app, its icons, the desktop entry (valid, opens
   files: `Exec=trellis-desktop %f`, the course MIME type) and the course
   file type for shared-mime-info;
4. the association as the desktop sees it: `xdg-mime query filetype` names a
   `.trellis` course file `application/vnd.trellis+sqlite`, also without its
   extension (by its contents), and `xdg-mime query default` names Trellis's
   desktop entry;
5. the installed app started as the desktop entry says (its Exec line with
   `%f` replaced by the course file) opens the course in the real window
   under Xvfb, through tests/desktop/smoke.py --open-only (WebDriver);
6. `apt-get purge`: every file and folder the package added is gone, and the
   course type and its default app with them.

Needs root, or `--sudo`. The course file is made with the `trellis` command
given (`--trellis`) from examples/phishing-awareness.

    package.py --deb PATH --trellis target/debug/trellis --tauri-driver PATH [--sudo]
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

MIME = "application/vnd.trellis+sqlite"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def out(cmd, **kw):
    """The standard output of `cmd`, stripped; fails with its error output."""
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise AssertionError(f"{shlex.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}")
    return res.stdout.strip()


def workspace_version():
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        return tomllib.load(f)["workspace"]["package"]["version"]


def desktop_entry(path):
    """The `[Desktop Entry]` group of a desktop file as a dict."""
    entry, group = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                group = line
            elif group == "[Desktop Entry]" and "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                entry[key.strip()] = value.strip()
    return entry


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deb", required=True)
    ap.add_argument("--trellis", required=True, help="the trellis command, to make a course file")
    ap.add_argument("--tauri-driver", required=True)
    ap.add_argument("--sudo", action="store_true", help="install and remove through sudo")
    args = ap.parse_args()
    deb = os.path.abspath(args.deb)
    root_cmd = ["sudo"] if args.sudo else []
    apt = root_cmd + ["apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    work = tempfile.mkdtemp(prefix="trellis-package-test-")
    passed = failed = 0
    state = {}
    started = time.monotonic()

    def check(name, fn):
        nonlocal passed, failed
        t = time.monotonic()
        try:
            fn()
            passed += 1
            print(f"ok    {name} ({time.monotonic() - t:.2f} s)", flush=True)
            return True
        except Exception as e:  # noqa: BLE001 - report every failure the same way
            failed += 1
            print(f"FAIL  {name}: {e}", flush=True)
            return False

    def package_holds_the_app():
        name = out(["dpkg-deb", "--field", deb, "Package"])
        version = out(["dpkg-deb", "--field", deb, "Version"])
        assert version == workspace_version(), f"version {version}, workspace {workspace_version()}"
        listing = out(["dpkg-deb", "--contents", deb])
        # Paths as installed: "./usr/bin/x" or "usr/bin/x" in the archive.
        files = ["/" + line.split()[-1].removeprefix("./").lstrip("/") for line in listing.splitlines()]
        for want in ["/usr/bin/trellis-desktop", "/usr/share/mime/packages/trellis-course.xml"]:
            assert want in files, f"{want} not in the package: {files}"
        desktops = [f for f in files if f.startswith("/usr/share/applications/") and f.endswith(".desktop")]
        assert len(desktops) == 1, desktops
        icons = [f for f in files if f.startswith("/usr/share/icons/hicolor/") and f.endswith(".png")]
        assert icons, f"no icon in {files}"
        state.update(name=name, desktop=desktops[0], icons=icons)
        # What existed before: the folders the package shares with the system stay.
        state["before"] = {f for f in files if f and os.path.lexists(f)}
        installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name],
                                   capture_output=True, text=True).stdout
        if "install ok installed" in installed:
            print(f"note  {name} was installed before the test; it is replaced and then removed")

    def installs():
        res = subprocess.run(apt + ["install", "--no-install-recommends", deb], env=env,
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        status = out(["dpkg-query", "-W", "-f=${Status} ${Version}", state["name"]])
        assert status == f"install ok installed {workspace_version()}", status
        state["installed"] = [p for p in out(["dpkg", "-L", state["name"]]).splitlines() if p]

    def files_in_place():
        installed = state["installed"]
        for f in ["/usr/bin/trellis-desktop", state["desktop"], *state["icons"],
                  "/usr/share/mime/packages/trellis-course.xml"]:
            assert f in installed, f"dpkg does not list {f}"
            assert os.path.isfile(f), f"{f} is not on disk"
        assert os.access("/usr/bin/trellis-desktop", os.X_OK)
        out(["desktop-file-validate", state["desktop"]])
        entry = desktop_entry(state["desktop"])
        assert entry.get("Type") == "Application", entry
        assert entry.get("Name") == "Trellis", entry
        exec_line = shlex.split(entry.get("Exec", ""))
        assert exec_line == ["trellis-desktop", "%f"], f"Exec={entry.get('Exec')}"
        assert MIME in entry.get("MimeType", "").split(";"), f"MimeType={entry.get('MimeType')}"
        icon = entry.get("Icon", "")
        assert any(os.path.basename(i) == icon + ".png" for i in state["icons"]), (icon, state["icons"])
        state["exec"] = exec_line

    def course_file():
        path = os.path.join(work, "Phishing awareness.trellis")
        out([args.trellis, "import", os.path.join(ROOT, "examples", "phishing-awareness"), "-o", path])
        state["course"] = path

    def desktop_knows_the_type():
        course = state["course"]
        kind = out(["xdg-mime", "query", "filetype", course])
        assert kind == MIME, f"xdg-mime query filetype: {kind!r}"
        # Without the extension, by its contents (SQLite, application_id TRLS).
        bare = os.path.join(work, "course-without-extension")
        shutil.copyfile(course, bare)
        kind = out(["xdg-mime", "query", "filetype", bare])
        assert kind == MIME, f"by contents: {kind!r}"
        default = out(["xdg-mime", "query", "default", MIME])
        assert default == os.path.basename(state["desktop"]), f"xdg-mime query default: {default!r}"

    def opens_course_as_the_desktop_does():
        # The Exec line of the desktop entry, %f replaced by the file opened.
        program = shutil.which(state["exec"][0])
        assert program == "/usr/bin/trellis-desktop", program
        res = subprocess.run(
            [sys.executable, os.path.join(HERE, "smoke.py"), "--binary", program,
             "--course", state["course"], "--tauri-driver", args.tauri_driver, "--open-only"],
            capture_output=True, text=True, timeout=300)
        print("\n".join("      " + line for line in res.stdout.splitlines()), flush=True)
        assert res.returncode == 0, res.stderr[-2000:]
        assert "1 passed, 0 failed" in res.stdout, res.stdout

    def removes_cleanly():
        res = subprocess.run(apt + ["purge", state["name"]], env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", state["name"]],
                                capture_output=True, text=True).stdout
        assert "installed" not in status or "not-installed" in status, status
        left = [p for p in state["installed"] if p not in state["before"] and os.path.lexists(p)]
        assert not left, f"left behind: {left}"
        kind = subprocess.run(["xdg-mime", "query", "filetype", state["course"]],
                              capture_output=True, text=True).stdout.strip()
        assert kind != MIME, "the course type outlived the package"
        default = subprocess.run(["xdg-mime", "query", "default", MIME],
                                 capture_output=True, text=True).stdout.strip()
        assert not default, f"a default app outlived the package: {default}"

    try:
        if check("the package holds the app, its icons, desktop entry and course type", package_holds_the_app):
            if check("apt-get installs the .deb", installs):
                check("the installed files and desktop entry", files_in_place)
                if check("a course file made by trellis import", course_file):
                    check("the desktop knows a course file and the app that opens it", desktop_knows_the_type)
                    if "exec" in state:
                        check("the installed app opens the course in its window", opens_course_as_the_desktop_does)
                check("apt-get purge removes everything the package added", removes_cleanly)
    finally:
        if "installed" in state and failed:
            subprocess.run(apt + ["purge", state["name"]], env=env, capture_output=True)
    print(f"figure: package test: {time.monotonic() - started:.1f} s")
    if failed:
        print(f"files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
