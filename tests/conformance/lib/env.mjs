// What every browser suite shares: the published packages, a loopback static
// server, Chromium through playwright-core.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { loadCourse } from "./course.mjs";
import { frenchExample } from "../../translation/omegat.mjs";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const testsDir = path.join(repo, "tests");
export const EXAMPLES = ["phishing-awareness", "safe-forklift-operation"];
/**
 * Courses a real translation tool made from an example, run by the suites
 * like the examples: the phishing example translated into French by OmegaT
 * (translation/omegat.mjs), published with `--lang fr`.
 */
export const TRANSLATED = { "phishing-awareness.fr": { example: "phishing-awareness", lang: "fr" } };
/** The examples and the translated courses. */
export const SUITE_COURSES = [...EXAMPLES, ...Object.keys(TRANSLATED)];
export const TARGETS = ["scorm12", "scorm2004", "cmi5", "xapi", "web"];
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];

/** The trellis CLI binary (built once by run.sh; built here when missing). */
export function cli() {
  const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
  const bin = process.env.TRELLIS_CLI || path.join(target, "debug", "trellis");
  if (!process.env.TRELLIS_CLI) {
    execFileSync("cargo", ["build", "-q", "-p", "trellis-cli"], { cwd: repo, stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CARGO_TARGET_DIR: target } });
  }
  return bin;
}

/**
 * The folder of a published package (example × target). run.sh publishes them
 * all into TRELLIS_PACKAGES; a test file run on its own publishes what it needs.
 */
let own;
const packagesRoot = () => process.env.TRELLIS_PACKAGES || (own ??= fs.mkdtempSync(path.join(os.tmpdir(), "trellis-pkgs-")));
export function packageDir(example, target) {
  const dir = path.join(packagesRoot(), `${example}.${target}`);
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    const lang = TRANSLATED[example]?.lang;
    publishCourse(courseDir(example), target, dir, lang ? ["--lang", lang] : []);
  }
  return dir;
}

/**
 * The course folder of an example, or of a translated course (made when
 * missing; run.sh makes it once before the suites start).
 */
export function courseDir(name) {
  if (!TRANSLATED[name]) return path.join(repo, "examples", name);
  const dir = path.join(packagesRoot(), `${name}.course`);
  if (!fs.existsSync(path.join(dir, "translations"))) frenchExample(cli(), dir);
  return dir;
}

/** The answer key of an example or translated course (lib/course.mjs), in its language. */
export function exampleCourse(name) {
  return loadCourse(courseDir(name), TRANSLATED[name]?.lang ?? null);
}

/**
 * Publishes the course folder `src` for `target` and unzips the package into `dir`, as an LMS would.
 * `extra` are further `trellis publish` options (e.g. ["--reporting", "passed-incomplete"]).
 */
export function publishCourse(src, target, dir, extra = []) {
  const zip = `${dir}.zip`;
  execFileSync(cli(), ["publish", src, "--target", target, "-o", zip, ...extra],
    { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("unzip", ["-q", "-o", zip, "-d", dir]);
  return dir;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css",
  ".png": "image/png", ".jpg": "image/jpeg", ".json": "application/json", ".vtt": "text/vtt", ".xml": "application/xml",
  ".svg": "image/svg+xml", ".gif": "image/gif", ".webp": "image/webp", ".webm": "video/webm", ".mp4": "video/mp4",
  ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".m4a": "audio/mp4", ".wav": "audio/wav" };

/** Serves files from `roots` (url prefix → folder) plus `routes` (exact path → handler). */
export async function serve(roots, routes = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const route = routes[url.pathname];
    if (route) return route(req, res, url);
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      const file = path.resolve(dir, rel);
      if (!file.startsWith(path.resolve(dir) + path.sep)) break;
      return fs.readFile(file, (err, body) => {
        if (err) { res.writeHead(404); res.end(); return; }
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" });
        res.end(body);
      });
    }
    res.writeHead(404); res.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.url = `http://127.0.0.1:${server.address().port}`;
  server.stop = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });
  return server;
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A fresh browser context that never leaves the machine (media on other
 * hosts fails fast). `options` go to `newContext`.
 */
export async function context(browser, options = {}) {
  const ctx = await browser.newContext(options);
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return ctx;
}

const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * axe-core on the page as shown now: its serious and critical violations,
 * one line per node. The page's context must bypass the package's
 * Content-Security-Policy (`bypassCSP`), which rightly refuses the inline
 * script axe is injected as.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_SCRIPT });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} at ${n.target.join(" ")}`));
}
