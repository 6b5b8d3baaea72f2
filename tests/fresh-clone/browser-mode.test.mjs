// Browser mode from a fresh clone, as the README tells a new user:
// the repository's files as a clone has them (tracked and not ignored, with
// any uncommitted changes; no ui/node_modules, no ui/dist, no out/), then
//  1. the README's browser-mode command before anything was built stops
//     with the one command to run, and serves nothing;
//  2. `cargo xtask demo` with no display asks for no desktop or test
//     packages (seen through dpkg-query), builds the editor, makes
//     out/demo.trellis and prints how to open it in a browser;
//  3. that printed command serves the real editor: the built ui/dist, not
//     the page a binary without the editor holds, and in Chromium the
//     editor opens the course file and lists the lessons the file holds.
//
// The clone and its own cargo target folder live at fixed places beside
// CARGO_TARGET_DIR (TRELLIS_FRESH_CLONE_TARGET overrides the latter), with
// the files' modification times kept, so cargo reuses the clone's builds
// between runs. The clone never builds into the repository's target folder:
// cargo names a workspace crate's build by its path inside the workspace,
// so the two would take turns overwriting one build, and a build made from
// the clone's files would pass for the repository's. The first run compiles
// every dependency of `trellis` and `xtask` once (README: the first run);
// later runs take 1 to 2 minutes (npm ci, the UI build, `trellis` twice).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { repo, spawnServer, CHROMIUM, ARGS } from "../ui/harness.mjs";
import { loadCourse } from "../conformance/lib/course.mjs";

const outer = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const clone = `${outer}-fresh-clone`;
const target = process.env.TRELLIS_FRESH_CLONE_TARGET || `${outer}-fresh-clone-target`;
const config = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-fresh-config-"));
// As a new user's shell: no display, nothing pointing at another build.
const env = { ...process.env, CARGO_TARGET_DIR: target, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config };
for (const name of ["DISPLAY", "WAYLAND_DISPLAY", "TRELLIS_BIN", "TRELLIS_CLI", "TRELLIS_UI_DIST", "CARGO_MANIFEST_DIR"]) delete env[name];
const MINUTES = 60_000;
let server, browser;

after(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(config, { recursive: true, force: true });
});

/** The repository's files as a fresh clone holds them, modification times kept. */
function makeClone() {
  fs.rmSync(clone, { recursive: true, force: true });
  fs.mkdirSync(clone, { recursive: true });
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo })
    .toString().split("\0").filter((f) => f && fs.existsSync(path.join(repo, f)));
  for (const f of listed) {
    const from = path.join(repo, f);
    const to = path.join(clone, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    const st = fs.statSync(from);
    fs.chmodSync(to, st.mode);
    fs.utimesSync(to, st.atime, st.mtime);
  }
  for (const absent of ["ui/node_modules", "ui/dist", "out", "target"]) assert.ok(!fs.existsSync(path.join(clone, absent)), absent);
}

/** Runs a README command (a shell line) in the clone; its exit status and output. */
function readme(line, { extraEnv = {}, timeout = 30 * MINUTES } = {}) {
  const start = Date.now();
  const r = spawnSync("bash", ["-c", line], { cwd: clone, env: { ...env, ...extraEnv }, encoding: "utf8", timeout, killSignal: "SIGKILL" });
  console.log(`# ${line}: ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}\n${r.stderr}` };
}

test("browser mode from a fresh clone, with only the README's commands, is the real editor", { timeout: 60 * MINUTES }, async () => {
  makeClone();
  const text = fs.readFileSync(path.join(clone, "README.md"), "utf8");
  const demo = "cargo xtask demo";
  const studio = "cargo run -p trellis-cli -- studio out/demo.trellis";
  assert.ok(text.includes(demo) && text.includes(studio), "the README gives both commands");

  // 1. Browser mode before the editor was built: a clear refusal, no page.
  const early = readme(studio);
  assert.equal(early.status, 3, `refused with status 3:\n${early.out}`);
  assert.match(early.stderr, /compiled before the editor was built/);
  assert.match(early.stderr, /^\s+cargo xtask ui$/m, "names the one command to run");
  assert.doesNotMatch(early.out, /http:\/\/127\.0\.0\.1/, "served nothing");

  // 2. The README's first command, with no display. Which Debian packages it
  //    asks for is seen through dpkg-query, which says each is installed
  //    (this machine has them; a fresh one would get exactly these).
  const shim = path.join(config, "bin");
  const asked = path.join(config, "dpkg-asked");
  fs.mkdirSync(shim);
  fs.writeFileSync(path.join(shim, "dpkg-query"), `#!/bin/sh\nfor a; do last="$a"; done\necho "$last" >>'${asked}'\nprintf 'install ok installed'\n`, { mode: 0o755 });
  const run = readme(demo, { extraEnv: { PATH: `${shim}:${process.env.PATH}` } });
  assert.equal(run.status, 0, `cargo xtask demo failed:\n${run.out}`);
  const packages = fs.readFileSync(asked, "utf8").trim().split("\n");
  assert.ok(packages.includes("build-essential"), `asked for ${packages}`);
  for (const desktopOnly of ["libwebkit2gtk-4.1-dev", "libxdo-dev", "webkit2gtk-driver", "xvfb"]) {
    assert.ok(!packages.includes(desktopOnly), `no display, yet the demo wants ${desktopOnly}`);
  }
  assert.ok(fs.existsSync(path.join(clone, "ui/dist/index.html")), "the demo built the editor");
  assert.ok(fs.existsSync(path.join(clone, "out/demo-scorm12.zip")), "the demo published the course");
  const file = path.join(clone, "out/demo.trellis");
  const printed = /in a browser:\s+(cargo run -p trellis-cli -- studio \S+)/.exec(run.stdout)?.[1];
  assert.equal(printed, `cargo run -p trellis-cli -- studio ${file}`, `the demo says how to open the editor:\n${run.stdout}`);

  // What the course file holds, read back through the clone's own `trellis`
  // (before studio opens it: a course file has one writer at a time).
  const trellis = path.join(target, "debug", "trellis");
  const stored = JSON.parse(execFileSync(trellis, ["info", "--format", "json", file], { env }));
  const folder = path.join(config, "exported");
  execFileSync(trellis, ["export", file, "-o", folder], { env });
  const lessons = loadCourse(folder).lessons.map((l) => l.id);
  assert.equal(lessons.length, stored.lessons);
  assert.ok(lessons.length > 3, "the course file holds the example's lessons");

  // 3. The printed command (on a free port), in Chromium.
  const [program, ...args] = printed.split(" ");
  // `cargo run` may still compile (a dependency built with other features
  // for the demo), so the server is given the time a build takes.
  server = await spawnServer(program, [...args, "--port", "0"], { cwd: clone, env, name: "studio from the clone", startTimeout: 20 * MINUTES });
  const origin = new URL(server.url).origin;
  const served = await (await fetch(`${origin}/`)).text();
  assert.equal(served, fs.readFileSync(path.join(clone, "ui/dist/index.html"), "utf8"), "the page is the built editor");
  assert.doesNotMatch(served, /was not built/);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction((n) => document.querySelectorAll(".outline .t-lesson").length === n, lessons.length, { timeout: 30000 });
  const shown = await page.locator(".outline .t-lesson").evaluateAll((ls) => ls.map((l) => l.dataset.id));
  assert.deepEqual(shown, lessons, "the editor's outline lists the lessons of the course file, in order");
  assert.ok(await page.getByText(stored.title).first().isVisible(), "the course's title is shown");
  assert.deepEqual(errors, []);
});
