// Starts the real `trellis studio` on a free loopback port with a temporary
// config folder and a temporary course folder, and a headless Debian
// Chromium driven by playwright-core. Everything is stopped by PID.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { afterEach } from "node:test";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
export const SCREENSHOTS = path.join(repo, "docs", "screenshots");

/** The trellis binary: $TRELLIS_BIN, else built with cargo (-p trellis-cli). */
export function trellisBin() {
  if (process.env.TRELLIS_BIN) return process.env.TRELLIS_BIN;
  const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
  execFileSync("cargo", ["build", "--quiet", "-p", "trellis-cli"], {
    cwd: repo, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CARGO_TARGET_DIR: target },
  });
  return path.join(target, "debug", "trellis");
}

/** ui/dist, built with `npm ci && npm run build` when missing. */
export function uiDist() {
  const dist = path.join(repo, "ui", "dist");
  if (!fs.existsSync(path.join(dist, "index.html")) || process.env.TRELLIS_UI_REBUILD) {
    const ui = path.join(repo, "ui");
    if (!fs.existsSync(path.join(ui, "node_modules"))) execFileSync("npm", ["ci"], { cwd: ui, stdio: "inherit" });
    execFileSync("npm", ["run", "build"], { cwd: ui, stdio: "inherit" });
  }
  return dist;
}

/**
 * Starts `bin ARGS` (a server that prints its `http://127.0.0.1:PORT/…`
 * address) and resolves with that address, the child and `stop()`; fails
 * when no address is printed within `startTimeout` milliseconds.
 */
export async function spawnServer(bin, args, { cwd, env = process.env, name = "the server", startTimeout = 20000 } = {}) {
  const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise((resolve, reject) => {
    // A server that has not started by then is stopped, so it cannot keep
    // the test process alive.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start: ${out}`));
    }, startTimeout);
    const onData = (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}): ${out}`)); });
  });
  return {
    url, child,
    async stop() {
      if (child.exitCode == null) {
        child.kill("SIGTERM");
        await new Promise((r) => { child.once("exit", r); setTimeout(r, 3000); });
      }
    },
  };
}

export async function startStudio({ course } = {}) {
  const bin = trellisBin();
  const dist = uiDist();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-ui-"));
  const config = path.join(work, "config");
  fs.mkdirSync(config);
  const args = ["studio", "--port", "0", "--ui-dir", dist];
  if (course) args.push(course);
  const server = await spawnServer(bin, args, {
    cwd: work,
    // New courses made without a path (browser mode) go to `work`.
    env: { ...process.env, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config, TRELLIS_COURSES_DIR: work },
    name: "studio",
  });
  // This run's key, from the printed address (`…/#token=KEY`).
  const token = /#token=([^&\s]+)/.exec(server.url)?.[1];
  if (!token) throw new Error(`studio printed no key: ${server.url}`);
  return {
    ...server, work, token,
    /**
     * Lets a browser context in without opening the editor (the preview
     * on its own): shows the key as the editor does, and the context keeps
     * the cookie the answer sets.
     */
    async admit(context) {
      const r = await context.request.post(new URL("/api/session", server.url).href, { headers: { Authorization: `Bearer ${token}` } });
      if (r.status() !== 204) throw new Error(`studio did not take its key: HTTP ${r.status()}`);
    },
  };
}

/**
 * Writes a text-format course folder: `course.toml` and one file under
 * `lessons/` per entry of `lessons` (file name → text). Returns `folder`.
 */
export function writeCourse(folder, course, lessons) {
  fs.mkdirSync(path.join(folder, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(folder, "course.toml"), course);
  for (const [name, text] of Object.entries(lessons)) fs.writeFileSync(path.join(folder, "lessons", name), text);
  return folder;
}

/**
 * The editor open on a course file made for one test file. `source` is an
 * example's folder name under examples/, or a function that writes a
 * course folder into the given folder and returns its path; the real
 * `trellis import` makes `<work>/<name>.trellis` from it, `prepare(bin,
 * file)` may change that file before the studio opens it, and a Chromium
 * page shows the editor. `close()` stops all of it and removes `work`.
 */
export async function openEditor(source, { name = "course", viewport = { width: 1440, height: 900 }, prepare } = {}) {
  const bin = trellisBin();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `trellis-${name}-`));
  let studio, browser;
  const close = async () => {
    await browser?.close();
    await studio?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const folder = typeof source === "function" ? source(work) : path.join(repo, "examples", source);
    const file = path.join(work, `${name}.trellis`);
    execFileSync(bin, ["import", folder, "-o", file], { stdio: ["ignore", "ignore", "inherit"] });
    prepare?.(bin, file);
    studio = await startStudio({ course: file });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    await page.goto(studio.url);
    await page.locator(".shell").waitFor();
    return { bin, work, file, studio, browser, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Launches Chromium. Every page of every context it opens is watched: a
 * console error or warning, an uncaught page error, or an HTTP answer of 400
 * or more fails the test it happened in (see `expectHttp`, `expectConsole`).
 */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  // `browser.newPage()` makes its context through `newContext()` too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watch(await newContext(options));
  return browser;
}

// What the browser reported since the last test ended, and what the running
// test said it expects.
const problems = [];
let expected = [];

async function watch(context) {
  // The suites run offline: the media URLs of the examples and other outside
  // addresses get an empty answer rather than a network error.
  await context.route((url) => /^https?:$/.test(url.protocol) && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname),
    (route) => route.fulfill({ status: 204 }));
  context.on("console", (msg) => {
    const type = msg.type();
    if (type !== "error" && type !== "warning" && type !== "assert") return;
    problems.push({ kind: "console", text: `console ${type}: ${msg.text()}`, url: msg.location()?.url ?? "" });
  });
  context.on("weberror", (e) => problems.push({ kind: "console", text: `uncaught: ${e.error()?.stack ?? e.error()}`, url: "" }));
  context.on("response", (r) => {
    if (r.status() >= 400) {
      // The command sent, so that a refused API call says which it was.
      const body = (r.request().postData() ?? "").slice(0, 120);
      problems.push({ kind: "http", status: r.status(), url: r.url(), text: `HTTP ${r.status()} for ${r.request().method()} ${r.url()}${body ? ` ${body}` : ""}` });
    }
  });
  return context;
}

/**
 * The running test expects an answer with this status from a URL matching
 * `url` (a RegExp or a substring): it, and the browser's "Failed to load
 * resource" line about it, do not fail the test.
 */
export function expectHttp(status, url) {
  expected.push({ kind: "http", status, url });
}

/** The running test expects a console error or warning matching `text`. */
export function expectConsole(text) {
  expected.push({ kind: "console", text });
}

const matches = (pattern, s) => (pattern instanceof RegExp ? pattern.test(s) : s.includes(pattern));

function unexpected(p) {
  return !expected.some((e) => {
    if (e.kind === "http") {
      if (p.kind === "http") return p.status === e.status && matches(e.url, p.url);
      // Chromium logs each failed load as a console error as well.
      return p.url && matches(e.url, p.url) && p.text.includes(`status of ${e.status}`);
    }
    return p.kind === "console" && matches(e.text, p.text);
  });
}

/** Fails (throws) when the browser reported a problem no test expected. */
export function assertCleanConsole() {
  const found = problems.splice(0).filter(unexpected);
  expected = [];
  if (found.length) {
    const lines = found.slice(0, 20).map((p) => `  ${p.text}${p.url && p.kind === "console" ? ` (${p.url})` : ""}`);
    if (found.length > 20) lines.push(`  … and ${found.length - 20} more`);
    throw new Error(`The browser reported ${found.length} problem(s) during this test:\n${lines.join("\n")}`);
  }
}

// Every test of a file that imports the harness is checked when it ends.
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 50)); // messages still on their way
  assertCleanConsole();
});

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until no call is pending and the status bar says "Saved". */
export async function saved(page) {
  await page.waitForTimeout(350); // fields commit after 120 ms (text) or 300 ms (numbers) of quiet
  await page.waitForFunction(() => {
    const bar = document.querySelector(".statusbar");
    return bar?.dataset.pending === "0" && document.querySelector(".saved")?.textContent === "Saved";
  }, null, { timeout: 10000 });
}

/** Runs `action` and waits for the course revision to move and calls to settle. */
export async function changes(page, action) {
  const rev = Number(await page.locator(".statusbar").getAttribute("data-revision"));
  await action();
  await page.waitForFunction((r) => Number(document.querySelector(".statusbar")?.dataset.revision) > r, rev, { timeout: 10000 });
  await saved(page);
}

/** A small valid RGB PNG (a blue-to-orange gradient), for the asset import. */
export function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = y * (w * 3 + 1) + 1 + x * 3;
    raw[o] = Math.round(255 * x / w); raw[o + 1] = 110; raw[o + 2] = Math.round(255 * (1 - x / w));
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/**
 * A copy of `block` with the text of every field its placeholder marks name
 * (`prompt`, `choices.<id>.feedback`, `nodes.<id>.ending`…, see
 * docs/text-format.md) written over with `text(path)`, as an author
 * replacing a blueprint's guidance would. The marks stay: the core clears
 * each one whose text changed.
 */
export function replacePlaceholders(block, text) {
  const copy = structuredClone(block);
  for (const p of copy.placeholders ?? []) {
    const parts = p.split(".");
    const c = copy.content;
    // A question's own texts sit beside its answer; the answer's inside it.
    const own = ["prompt", "hint", "correct_feedback", "incorrect_feedback"];
    let at = c.answer && !own.includes(parts[0]) ? c.answer : c;
    while (parts.length > 1) {
      const [key, item] = parts.splice(0, 2);
      at = key === "accepted" ? { list: at[key], i: Number(item) } : at[key].find((x) => x.id === item);
      if (at.list) { at.list[at.i] = text(p); break; }
    }
    if (at.list) continue;
    if (parts[0] === "ending") at.ending.label = text(p);
    else at[parts[0]] = text(p);
  }
  return copy;
}

/** Every placeholder of the open course replaced through the app's edits (`api` calls /api/call). */
export async function replaceAllPlaceholders(api, text = (p, i) => `Our own words (${i}).`) {
  let n = 0;
  const s = await api({ cmd: "snapshot", full: true });
  if (s.course.info.placeholders?.length) {
    await api({ cmd: "apply", edit: { op: "set-course-info", info: { ...s.course.info, description: "Written by the course team.", authors: ["Course team"] } } });
  }
  for (const o of s.course.objectives.filter((o) => o.placeholder)) {
    await api({ cmd: "apply", edit: { op: "update-objective", objective: { ...o, statement: `Apply what lesson ${++n} teaches.` } } });
  }
  for (const b of s.course.modules.flatMap((m) => m.lessons.flatMap((l) => l.blocks))) {
    if (b.placeholders?.length) await api({ cmd: "apply", edit: { op: "update-block", block: replacePlaceholders(b, (p) => text(p, ++n)) } });
  }
}

/** Runs the command palette entry labelled `label` in `page`, as an author would. */
export async function palette(page, label) {
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Command" }).fill(label);
  await page.getByRole("option", { name: label }).first().waitFor();
  await page.keyboard.press("Enter");
}
