#!/usr/bin/env python3
"""Desktop smoke test: the real Trellis window under Xvfb, over WebDriver.

Starts Xvfb and tauri-driver (with WebKitWebDriver) by PID, launches the
debug `trellis-desktop` on an example course folder, then:

1. waits for the course to open (measures app start to open course);
2. edits the first lesson's title in the editor and waits until the preview
   frame shows it (measures edit to preview);
3. opens the second lesson and waits until the preview shows it whole
   (the preview page carries one lesson; the player fetches the others);
4. checks the tracking view shows what the preview would report;
   then edits a paragraph in place on the lesson canvas (click, Ctrl+End,
   Ctrl+B, typing, Ctrl+B) and waits until the preview shows the words in
   bold and the course holds them as Markdown;
5. publishes a SCORM 1.2 zip through the window's `trellis_call` (the
   Publish panel's save dialog is native, out of WebDriver's reach) and
   checks the zip;
6. optionally saves a screenshot of the window as the course opened.

Plain HTTP from the standard library; no other dependency. Usage:

    smoke.py --binary target/debug/trellis-desktop --course examples/phishing-awareness \
             [--tauri-driver PATH] [--screenshot docs/screenshots/desktop.png] [--open-only]

`--open-only` stops after step 1 (tests/desktop/package.py runs the
installed app this way).
"""

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_display():
    for n in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return n
    raise RuntimeError("no free X display number")


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def request(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        # tauri-driver forwards each request over a pooled keep-alive
        # connection to WebKitWebDriver, with hyper's retry of canceled
        # requests turned off: when that connection has just been closed,
        # tauri-driver drops ours with no answer at all (and logs "Error
        # serving connection"). Such a request is sent again, at most twice.
        # Every request here is a read, or an edit whose repeat the checks
        # would see (a title typed twice is not the expected title).
        for attempt in range(3):
            req = urllib.request.Request(self.base + path, data=data, method=method)
            req.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(req, timeout=timeout) as res:
                    return json.loads(res.read() or b"{}").get("value")
            except urllib.error.HTTPError as e:
                raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from None
            except (urllib.error.URLError, ConnectionError, OSError) as e:
                dropped = isinstance(getattr(e, "reason", e), http.client.RemoteDisconnected)
                if not dropped or attempt == 2:
                    raise RuntimeError(f"{method} {path}: {e}") from None
                print(f"note  {method} {path}: {e}; sent again", flush=True)
                time.sleep(0.1)

    def s(self, method, path, body=None, timeout=60):
        return self.request(method, f"/session/{self.session}{path}", body, timeout)

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def script_async(self, source, *args, timeout=60):
        return self.s("POST", "/execute/async", {"script": source, "args": list(args)}, timeout)


def wait_for(what, fn, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = fn()
            if value:
                return value
        except RuntimeError as e:
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last})" if last else ""))


# Finds the input labelled `label` (by <label for>, or aria-label).
FIND_FIELD = """
const want = arguments[0];
for (const label of document.querySelectorAll('label')) {
  if (label.textContent.trim() === want && label.htmlFor) {
    const el = document.getElementById(label.htmlFor);
    if (el && el.offsetParent !== null) return el;
  }
}
for (const el of document.querySelectorAll('input[aria-label], textarea[aria-label]')) {
  if (el.getAttribute('aria-label') === want && el.offsetParent !== null) return el;
}
return null;
"""

CALL = """
const done = arguments[arguments.length - 1];
window.__TAURI_INTERNALS__.invoke('trellis_call', { command: arguments[0] })
  .then((r) => done({ ok: r }), (e) => done({ error: e }));
"""

TWO_FRAMES = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--course", required=True)
    ap.add_argument("--tauri-driver", default=shutil.which("tauri-driver") or "tauri-driver")
    ap.add_argument("--native-driver", default="/usr/bin/WebKitWebDriver")
    ap.add_argument("--screenshot")
    ap.add_argument("--open-only", action="store_true",
                    help="only check that the window opens the course (the package test)")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    course = os.path.abspath(args.course)
    work = tempfile.mkdtemp(prefix="trellis-desktop-test-")
    procs = []
    passed = failed = 0
    figures = {}

    def stop_all():
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    try:
        env = dict(os.environ)
        if not env.get("TRELLIS_DESKTOP_USE_DISPLAY"):
            display = free_display()
            xvfb = subprocess.Popen(
                ["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            procs.append(xvfb)
            wait_for("Xvfb", lambda: os.path.exists(f"/tmp/.X11-unix/X{display}"), 10)
            env["DISPLAY"] = f":{display}"
        env["TRELLIS_CONFIG_DIR"] = os.path.join(work, "config")
        env["TMPDIR"] = work
        port, native = free_port(), free_port()
        driver_log = open(os.path.join(work, "tauri-driver.log"), "wb")
        driver = subprocess.Popen(
            [args.tauri_driver, "--port", str(port), "--native-port", str(native),
             "--native-driver", args.native_driver],
            env=env, stdout=driver_log, stderr=subprocess.STDOUT,
        )
        procs.append(driver)
        wd = WebDriver(port)
        wait_for("tauri-driver", lambda: wd.request("GET", "/status") is not None, 20)

        t0 = time.monotonic()
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": binary, "args": [course]}}}}
        wd.session = wd.request("POST", "/session", caps)["sessionId"]

        def check(name, fn):
            nonlocal passed, failed
            t = time.monotonic()
            try:
                fn()
                passed += 1
                print(f"ok    {name} ({time.monotonic() - t:.2f} s)")
            except Exception as e:  # noqa: BLE001 - report every failure the same way
                failed += 1
                print(f"FAIL  {name}: {e}")

        state = {}

        def in_preview(source, *script_args):
            """Runs `source` in the preview frame (found afresh: a revision may
            reload it); None while there is no frame."""
            wd.s("POST", "/frame", {"id": None})
            frame = wd.script("return document.querySelector('iframe');")
            if not frame:
                return None
            try:
                wd.s("POST", "/frame", {"id": frame})
                return wd.script(source, *script_args)
            finally:
                wd.s("POST", "/frame", {"id": None})

        def opens_course():
            field = wait_for("the lesson title field",
                             lambda: wd.script(FIND_FIELD, "Lesson title")
                             or wd.script(FIND_FIELD, "Course title"), 60)
            wait_for("a title in the field",
                     lambda: wd.s("GET", f"/element/{field[ELEMENT]}/property/value"), 30)
            figures["app start to open course"] = time.monotonic() - t0
            snap = wd.script_async(CALL, {"cmd": "snapshot"})["ok"]
            assert snap["path"].endswith(".trellis"), snap["path"]
            assert snap["course"]["info"]["title"], "the course has a title"
            state["field"] = field

        def edit_shows_in_preview():
            field = state["field"]
            new = "Edited in the desktop smoke test"
            el = field[ELEMENT]
            wd.s("POST", f"/element/{el}/clear", {})
            t = time.monotonic()
            wd.s("POST", f"/element/{el}/value", {"text": new + "\ue004"})  # then Tab

            def preview_has_title():
                text = in_preview("return document.body ? document.body.innerText : '';")
                return new in (text or "")

            wait_for("the new title in the preview", preview_has_title, 20, interval=0.02)
            figures["edit to preview"] = time.monotonic() - t
            snap = wd.script_async(CALL, {"cmd": "snapshot"})["ok"]
            titles = [l["title"] for m in snap["course"]["modules"] for l in m["lessons"]]
            assert new in titles or snap["course"]["info"]["title"] == new, titles

        def preview_fetches_another_lesson():
            # Opening another lesson in the editor shows it in the preview,
            # which fetches its blocks (lessons/<id>.json on the
            # trellis-preview:// origin) the first time it is shown.
            wd.s("POST", "/frame", {"id": None})
            rows = wd.s("POST", "/elements", {"using": "css selector", "value": ".t-lesson"})
            assert len(rows) > 1, "the example has several lessons"
            target = wd.s("GET", f"/element/{rows[1][ELEMENT]}/attribute/data-id")
            wd.s("POST", f"/element/{rows[1][ELEMENT]}/click", {})

            def shown_whole():
                return in_preview(
                    "const s = document.getElementById('lesson-' + arguments[0]);"
                    "return !!s && !s.hidden && !s.hasAttribute('data-lazy')"
                    " && s.querySelectorAll('[id^=block-]').length > 0;",
                    target)

            wait_for("the second lesson drawn in the preview", shown_whole, 20, interval=0.05)
            state["second"] = target

        def tracking_follows_the_preview():
            # The preview (trellis-preview://) posts what an LMS would record
            # to the editor (tauri://localhost) after each report: the
            # tracking view names the lesson shown and counts it as viewed.
            wd.s("POST", "/frame", {"id": None})
            snap = wd.script_async(CALL, {"cmd": "snapshot"})["ok"]
            title = next(l["title"] for m in snap["course"]["modules"] for l in m["lessons"]
                         if l["id"] == state["second"])

            def shows():
                text = wd.script("const t = document.querySelector('.tracking');"
                                 "return t ? t.textContent : '';") or ""
                viewed = re.search(r"(\d+) of \d+ lessons", text)
                return title in text and viewed and int(viewed.group(1)) >= 2

            wait_for("the tracking view to show the second lesson", shows, 20, interval=0.05)

        def paragraph_edited_in_place_shows_bold():
            # The open lesson's first paragraph, clicked on the canvas and
            # typed into as a person does.
            wd.s("POST", "/frame", {"id": None})
            box = wait_for("a paragraph on the canvas", lambda: wd.script(
                "const el = document.querySelector('.card[data-kind=\"text\"] [role=\"textbox\"]');"
                "if (el) el.scrollIntoView({block: 'center'}); return el;"), 20)
            block = wd.script("return arguments[0].closest('.card').dataset.block;", box)
            wd.s("POST", f"/element/{box[ELEMENT]}/click", {})
            editor = wait_for("the paragraph's editor to have focus", lambda: wd.script(
                "return document.querySelector('.card[data-block=\"' + arguments[0] + '\"] .rt-content.ProseMirror-focused');",
                block), 20)
            # The caret to the end of the paragraph, then bold from the
            # floating toolbar (WebKitWebDriver's typed keys do not hold Ctrl
            # for letters, so Ctrl+B is left to the browser suites) and the
            # words typed.
            wd.script(
                "const r = document.createRange(); r.selectNodeContents(arguments[0]); r.collapse(false);"
                "const s = getSelection(); s.removeAllRanges(); s.addRange(r);", editor)
            time.sleep(0.2)
            bold = wait_for("the floating toolbar's Bold button", lambda: wd.script(
                "return document.querySelector('.card[data-block=\"' + arguments[0] + '\"] button[aria-label=\"Bold\"]');",
                block), 20)
            words = "bold in place"
            t = time.monotonic()
            wd.s("POST", f"/element/{editor[ELEMENT]}/value", {"text": " "})
            wd.s("POST", f"/element/{bold[ELEMENT]}/click", {})
            wd.s("POST", f"/element/{editor[ELEMENT]}/value", {"text": words})

            def bold_in_preview():
                return in_preview(
                    "const b = document.querySelector('#block-' + arguments[0] + ' strong:last-of-type');"
                    "return !!b && b.textContent === arguments[1];", block, words)

            wait_for("the bold words in the preview", bold_in_preview, 20, interval=0.02)
            figures["paragraph edit to bold in preview"] = time.monotonic() - t
            # What the course file holds, not only what the preview shows.
            wd.s("POST", "/frame", {"id": None})
            snap = wd.script_async(CALL, {"cmd": "snapshot", "full": True})["ok"]
            found = [b["content"].get("markdown", "") for m in snap["course"]["modules"]
                     for l in m["lessons"] for b in (l.get("blocks") or []) if b["id"] == block]
            assert found and found[0].endswith(f" **{words}**"), found

        def publishes_scorm12():
            out = os.path.join(work, "published", "course-scorm12.zip")
            os.makedirs(os.path.dirname(out))
            result = wd.script_async(CALL, {"cmd": "publish", "target": "scorm12", "path": out})
            assert "ok" in result, result
            with open(out, "rb") as f:
                assert f.read(2) == b"PK", "a zip"
            assert result["ok"]["file_count"] > 3, result["ok"]

        def screenshot():
            wd.script_async(TWO_FRAMES)
            png = base64.b64decode(wd.s("GET", "/screenshot"))
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
            with open(args.screenshot, "wb") as f:
                f.write(png)

        check("the window opens the example course", opens_course)
        if args.screenshot:
            check("screenshot of the window", screenshot)
        if "field" in state and not args.open_only:
            check("a title edited in the editor shows in the preview", edit_shows_in_preview)
            check("the preview shows another lesson, fetched when shown", preview_fetches_another_lesson)
            if "second" in state:
                check("the tracking view follows the preview across origins", tracking_follows_the_preview)
            check("a paragraph edited in place shows bold in the preview", paragraph_edited_in_place_shows_bold)
        if not args.open_only:
            check("the window publishes a SCORM 1.2 zip", publishes_scorm12)
        try:
            wd.s("DELETE", "", timeout=20)
        except RuntimeError:
            pass
    finally:
        stop_all()
    for name, secs in figures.items():
        print(f"figure: {name}: {secs * 1000:.0f} ms")
    if failed:
        print(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
