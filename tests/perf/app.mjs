// Performance figures of the editor (browser mode) and of `trellis studio`,
// for docs/performance.md ("Editor in a browser"). Not part of the test
// suite. Real `trellis studio` (release build), real Debian Chromium
// (headless, playwright-core); nothing mocked.
//
//   node tests/perf/app.mjs [--bin PATH] [--ui DIR] [--large FILE] [--edits 50]
//                           [--session 10000] [--only edit|open|memory|heap] [--top 25]
//
// --bin   the trellis binary (default $CARGO_TARGET_DIR/release/trellis)
// --ui    the UI folder to serve (default ui/dist)
// --large the large generated course file; made when missing with
//         `cargo run --release -p trellis-app --example large_course -- FILE`
//
// Figures:
// - edit-to-preview: from the moment the UI sends the `apply` call carrying
//   the author's change (fetch wrapper in the page) to the first frame
//   painted after the new text is in the preview's shown lesson (polled
//   every animation frame; resolution one frame, ~16 ms); and
//   typing-to-visible: from the keystroke (a `beforeinput` event in the
//   page) to the same moment, so it includes the text field's commit delay.
//   Each edit appends a word to the first text block of the lesson shown,
//   with the keyboard, as an author would.
// - opening the large course: `open_course` through the API on a fresh
//   studio, then loading the editor page until the outline, the lesson and
//   the preview are drawn.
// - memory: VmRSS and VmHWM of the studio process (from /proc) after a
//   session of --session edits through /api/call (each `apply` followed by
//   the `preview_update` the editor would make) with the large course open.
// - typing (only with --only typing): input latency per key while typing
//   into a paragraph of the large generated course on the lesson canvas,
//   --keys keystrokes at --key-gap ms (default 60 ms, a fast typist): from
//   each keydown's own timestamp (the moment the key was pressed) to a task
//   posted from the first animation frame after it, i.e. the frame that
//   shows the letter has been produced; and key handled: from the keydown's
//   timestamp to a task posted from the keydown, which runs once the key's
//   own task (its events, the editor's transaction and update) is done,
//   i.e. the main thread's part without the wait for the next frame; and
//   the renderer main thread's CPU time per key while typing (Chromium's
//   Performance.getMetrics ThreadTime, with its script, style and layout
//   parts), which a loaded machine does not stretch (--profile: a CPU
//   profile of the first burst, the --top functions by self time; --trace
//   FILE: a Chromium trace of it, the main thread's events by name); then,
//   after the author pauses, from
//   the last keystroke to the first frame painted with the text in the
//   preview (the field commits after 120 ms of quiet).
// - heap (only with --only heap): where the editor's JavaScript memory goes
//   with the large course open: a V8 heap snapshot of the editor and its
//   preview after a full collection, summed by constructor (the --top
//   largest). Chromium's heap stands in for JavaScriptCore's (the desktop
//   window's), which has no such tool here: the same objects, near enough
//   the same sizes.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const BIN = opt("bin", path.join(target, "release", "trellis"));
const UI = opt("ui", path.join(repo, "ui", "dist"));
const EDITS = Number(opt("edits", 50));
const SESSION = Number(opt("session", 10000));
const ONLY = opt("only", "");
const TOP = Number(opt("top", 25));
const PROFILE = process.argv.includes("--profile");
const TRACE = opt("trace", "");
const KEYS = Number(opt("keys", 400));
const KEY_GAP = Number(opt("key-gap", 60));
const LARGE = opt("large", path.join(os.tmpdir(), "trellis-perf-large.trellis"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];

function largeCourse() {
  if (!fs.existsSync(LARGE)) {
    execFileSync("cargo", ["run", "--quiet", "--release", "-p", "trellis-app", "--example", "large_course", "--", LARGE],
      { cwd: repo, stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: target } });
  }
  // Each run edits a copy, so that every run starts from the same course.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trellis-perf-")), "large.trellis");
  fs.copyFileSync(LARGE, copy);
  return copy;
}

async function startStudio(course) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-perf-"));
  const config = path.join(work, "config");
  fs.mkdirSync(config);
  const args = ["studio", "--port", "0", "--ui-dir", UI];
  if (course) args.push(course);
  const child = spawn(BIN, args, { cwd: work, env: { ...process.env, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const printed = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start: ${out}`)), 60000);
    const onData = (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)#token=(\w+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`studio exited (${code}): ${out}`)); });
  });
  const [link, url, token] = printed;
  return {
    url: link, child, work,
    async call(command) {
      const r = await fetch(`${url}api/call`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(command) });
      const body = await r.json();
      if (!r.ok) throw new Error(`${command.cmd}: ${JSON.stringify(body)}`);
      return body;
    },
    memory() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(status)[1]);
      return { rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024 };
    },
    async stop() {
      if (child.exitCode == null) {
        child.kill("SIGTERM");
        await new Promise((r) => { child.once("exit", r); setTimeout(r, 5000); });
      }
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Installed in the editor page before its scripts: times of keystrokes and sent applies. */
function instrument() {
  window.__perf = { inputs: [], applies: [], loads: 0 };
  document.addEventListener("beforeinput", () => window.__perf.inputs.push(performance.now()), true);
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const body = init && typeof init.body === "string" ? init.body : "";
    if (body.startsWith('{"cmd":"apply"')) window.__perf.applies.push({ t: performance.now(), body });
    return fetch0.apply(this, arguments);
  };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round((p / 100) * (s.length - 1)))];
};
const summary = (xs) => `median ${Math.round(pct(xs, 50))} ms, p95 ${Math.round(pct(xs, 95))} ms, min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))} (n=${xs.length})`;

async function openEditor(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.locator(".card").first().waitFor({ timeout: 60000 });
  await page.waitForFunction(() => Number(document.querySelector(".frame-wrap iframe")?.getAttribute("data-revision")) >= 0, null, { timeout: 60000 });
  return page;
}

/**
 * Resolves with the page's clock at the first frame painted after the
 * preview's shown lesson holds `marker` (polled every animation frame).
 */
function previewShows(page, marker) {
  return page.evaluate((m) => new Promise((resolve, reject) => {
    const start = performance.now();
    const tick = () => {
      let doc = null;
      try { doc = document.querySelector(".frame-wrap iframe")?.contentDocument; } catch { /* loading */ }
      const shown = doc?.querySelector(".t-page:not([hidden])");
      if (shown && shown.textContent.includes(m)) {
        requestAnimationFrame(() => resolve(performance.now()));
        return;
      }
      if (performance.now() - start > 60000) { reject(new Error(`preview never showed ${m}`)); return; }
      requestAnimationFrame(tick);
    };
    tick();
  }), marker);
}

/** Appends a word to the first text block `n` times; returns the timings. */
async function editLoop(page, n, label) {
  const editor = page.locator('.card[data-kind="text"] .rt-content').first();
  await editor.scrollIntoViewIfNeeded();
  const e2p = [], t2v = [];
  let reloads = 0;
  for (let i = 0; i < n; i++) {
    const marker = `zq${Date.now() % 1e7}x${i}`;
    await editor.click();
    await page.keyboard.press("Control+End");
    // Marks the preview's document: a reload replaces it.
    await page.evaluate(() => { document.querySelector(".frame-wrap iframe").contentDocument.__perfMark = true; });
    // Start watching the preview before typing.
    const watch = previewShows(page, marker);
    await page.keyboard.insertText(` ${marker}`);
    const visible = await watch;
    const r = await page.evaluate((m) => {
      const p = window.__perf;
      const input = p.inputs[p.inputs.length - 1];
      const apply = p.applies.find((a) => a.body.includes(m));
      return { input, sent: apply?.t, reloaded: !document.querySelector(".frame-wrap iframe").contentDocument.__perfMark };
    }, marker);
    e2p.push(visible - r.sent);
    t2v.push(visible - r.input);
    if (r.reloaded) reloads++;
    // Let the design check and the rest of the UI settle, as between words.
    await page.waitForFunction(() => document.querySelector(".statusbar")?.dataset.pending === "0", null, { timeout: 30000 });
    await page.waitForTimeout(400);
  }
  console.log(`${label}: edit-to-preview ${summary(e2p)}`);
  console.log(`${label}: typing-to-visible ${summary(t2v)}`);
  console.log(`${label}: ${reloads} of ${n} edits reloaded the preview page`);
  return { e2p, t2v, reloads };
}

/** The functions that took the most of a CPU profile's time (self time per key, ms). */
function printProfile(profile, keys) {
  const dt = new Map();
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    dt.set(key, (dt.get(key) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`profile of ${keys} keys, self time per key:`);
  for (const [k, ms] of [...dt].filter(([k]) => !k.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${(ms / keys).toFixed(3).padStart(7)} ms  ${k}`);
}

/** The renderer main thread's events of a trace, by name (total duration per key, ms), the --top largest. */
function printTrace(file, keys) {
  const events = JSON.parse(fs.readFileSync(file, "utf8")).traceEvents;
  const main = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const by = new Map();
  for (const e of events) {
    if (e.ph !== "X" || !main.has(`${e.pid}:${e.tid}`)) continue;
    by.set(e.name, (by.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  console.log(`trace of ${keys} keys, main-thread events (CPU time per key, nested ones counted in their parents too):`);
  for (const [k, ms] of [...by].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(ms / keys).toFixed(3).padStart(7)} ms  ${k}`);
}

/** Keystroke latency on the canvas, and the preview after a pause, in the large course. */
async function typingFigures(browser) {
  const studio = await startStudio(largeCourse());
  try {
    const page = await openEditor(browser, studio.url);
    await page.evaluate(() => {
      window.__keys = [];
      window.__handled = [];
      document.addEventListener("keydown", (e) => {
        const pressed = e.timeStamp;
        // Handled: a task posted now runs once the key's own task (keydown,
        // beforeinput, input, the editor's update and its microtasks) is done.
        const done = new MessageChannel();
        done.port1.onmessage = () => window.__handled.push(performance.now() - pressed);
        done.port2.postMessage(0);
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => window.__keys.push(performance.now() - pressed);
          ch.port2.postMessage(0);
        });
      }, true);
    });
    // The first paragraph of the lesson (its editor starts when clicked, if not yet).
    const editor = page.locator('.card[data-kind="text"] [role="textbox"]').first();
    await editor.scrollIntoViewIfNeeded();
    await editor.click();
    await page.locator(".rt-content.ProseMirror-focused").waitFor({ timeout: 30000 });
    await page.keyboard.press("Control+End");
    const words = "the quick brown fox jumps over the lazy dog ";
    const lat = [], pause = [];
    // The renderer's main-thread CPU time while the keys are typed (the
    // field commits only after a pause, so this is the keys' own work),
    // which the machine's load does not stretch as it does wall time.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const cpu = { ThreadTime: 0, ScriptDuration: 0, LayoutDuration: 0, RecalcStyleDuration: 0 };
    let typed = 0;
    for (let run = 0; typed < KEYS; run++) {
      const marker = `zq${run}x`;
      const text = ` ${words.repeat(2).slice(0, 80)}${marker}`;
      const before = await metrics();
      if (PROFILE && run === 0) { await cdp.send("Profiler.enable"); await cdp.send("Profiler.start"); }
      if (TRACE && run === 0) await page.context().browser().startTracing(page, { path: TRACE, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
      await page.keyboard.type(text, { delay: KEY_GAP });
      const after = await metrics();
      if (PROFILE && run === 0) printProfile((await cdp.send("Profiler.stop")).profile, text.length);
      if (TRACE && run === 0) { await page.context().browser().stopTracing(); printTrace(TRACE, text.length); }
      for (const k of Object.keys(cpu)) cpu[k] += (after[k] - before[k]) * 1000;
      // The preview is watched from the last key on (it cannot show the
      // text before the field commits, 120 ms later): watching it during
      // the typing would put the watcher's work on every key.
      const last = await page.evaluate(() => performance.now());
      const visible = await previewShows(page, marker);
      pause.push(visible - last);
      typed += text.length;
      await page.waitForFunction(() => document.querySelector(".statusbar")?.dataset.pending === "0", null, { timeout: 30000 });
      await page.waitForTimeout(400);
    }
    lat.push(...(await page.evaluate(() => window.__keys)));
    const handled = await page.evaluate(() => window.__handled);
    const blocks = await page.locator(".card").count();
    console.log(`typing on the canvas (large course, lesson of ${blocks} blocks, ${KEY_GAP} ms between keys): key handled ${summary(handled)}`);
    console.log(`typing on the canvas: key-to-frame ${summary(lat)}`);
    const per = (k) => (cpu[k] / typed).toFixed(2);
    console.log(`typing on the canvas: main-thread CPU per key ${per("ThreadTime")} ms (script ${per("ScriptDuration")}, style ${per("RecalcStyleDuration")}, layout ${per("LayoutDuration")})`);
    console.log(`typing on the canvas: last key to the text in the preview ${summary(pause)}`);
    await page.close();
  } finally { await studio.stop(); }
}

async function editFigures(browser) {
  const example = path.join(repo, "examples", "phishing-awareness");
  let studio = await startStudio(example);
  try {
    const page = await openEditor(browser, studio.url);
    await editLoop(page, EDITS, "example (phishing-awareness)");
    await page.close();
  } finally { await studio.stop(); }
  studio = await startStudio(largeCourse());
  try {
    const page = await openEditor(browser, studio.url);
    await editLoop(page, EDITS, "large generated course");
    await page.close();
  } finally { await studio.stop(); }
}

async function openFigures(browser) {
  const course = largeCourse();
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const studio = await startStudio(null);
    try {
      const t0 = performance.now();
      await studio.call({ cmd: "open_course", path: course });
      const open = performance.now() - t0;
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const t1 = performance.now();
      await page.goto(studio.url);
      await page.locator(".card").first().waitFor({ timeout: 60000 });
      const editor = performance.now() - t1;
      await page.waitForFunction(() => {
        const f = document.querySelector(".frame-wrap iframe");
        return Number(f?.getAttribute("data-revision")) >= 0 && f.contentDocument?.querySelector(".t-page:not([hidden])");
      }, null, { timeout: 120000 });
      const preview = performance.now() - t1;
      runs.push({ open, editor, preview });
      console.log(`open large course: open_course ${Math.round(open)} ms; editor drawn ${Math.round(editor)} ms later; preview shown ${Math.round(preview)} ms after page load started`);
      await page.close();
    } finally { await studio.stop(); }
  }
  const med = (k) => Math.round(pct(runs.map((r) => r[k]), 50));
  console.log(`open large course (median of 3): open_course ${med("open")} ms + editor ${med("editor")} ms = ${med("open") + med("editor")} ms; preview shown at ${med("open") + med("preview")} ms`);
}

async function memoryFigures() {
  const studio = await startStudio(largeCourse());
  try {
    // As the editor does: the snapshot (one lesson whole), then the lessons it opens.
    const snap = await studio.call({ cmd: "snapshot" });
    const ids = snap.course.modules.flatMap((m) => m.lessons).slice(0, 60).map((l) => l.id);
    const opened = await studio.call({ cmd: "lessons", ids });
    const blocks = opened.flatMap((l) => l.blocks).filter((b) => b.content.kind === "text");
    console.log(`memory with the large course open: ${JSON.stringify(studio.memory())} MiB`);
    let rev = snap.revision;
    const t0 = performance.now();
    for (let i = 0; i < SESSION; i++) {
      const b = structuredClone(blocks[i % Math.min(400, blocks.length)]);
      b.content.markdown += ` edit ${i}`;
      const s = await studio.call({ cmd: "apply", edit: { op: "update-block", block: b } });
      await studio.call({ cmd: "preview_update", from: rev });
      rev = s.revision;
      if ((i + 1) % 1000 === 0) console.log(`  ${i + 1} edits, ${Math.round((performance.now() - t0) / 1000)} s: ${JSON.stringify(studio.memory())} MiB`);
    }
    const m = studio.memory();
    console.log(`memory after ${SESSION} edits with the large course open: VmRSS ${Math.round(m.rss)} MiB, VmHWM ${Math.round(m.hwm)} MiB (${Math.round((performance.now() - t0) / SESSION)} ms per edit round trip)`);
  } finally { await studio.stop(); }
}

async function heapFigures(browser) {
  const studio = await startStudio(largeCourse());
  try {
    const page = await openEditor(browser, studio.url);
    await page.waitForTimeout(2000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const usage = await cdp.send("Runtime.getHeapUsage");
    const chunks = [];
    cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => chunks.push(e.chunk));
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    const snap = JSON.parse(chunks.join(""));
    const fields = snap.snapshot.meta.node_fields;
    const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
    const types = snap.snapshot.meta.node_types[0];
    const by = new Map();
    let total = 0;
    for (let i = 0; i < snap.nodes.length; i += fields.length) {
      const type = types[snap.nodes[i + iType]];
      const name = ["object", "native", "closure"].includes(type) ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
      const key = (type === "closure" ? `(closure) ${name}` : name).slice(0, 60);
      const e = by.get(key) ?? { count: 0, size: 0 };
      e.count++;
      e.size += snap.nodes[i + iSize];
      total += snap.nodes[i + iSize];
      by.set(key, e);
    }
    const mib = (b) => (b / 1048576).toFixed(1);
    console.log(`heap used ${mib(usage.usedSize)} MiB of ${mib(usage.totalSize)} MiB; snapshot self sizes ${mib(total)} MiB`);
    const dom = await page.evaluate(() => ({
      editor: document.getElementsByTagName("*").length,
      preview: document.querySelector(".frame-wrap iframe")?.contentDocument?.getElementsByTagName("*").length ?? null,
    }));
    console.log(`DOM elements: editor ${dom.editor}, preview ${dom.preview}`);
    console.log("self size by constructor (MiB, count):");
    for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, TOP))
      console.log(`  ${mib(e.size).padStart(7)}  ${String(e.count).padStart(8)}  ${k}`);
  } finally { await studio.stop(); }
}

console.log(`trellis: ${BIN}\nui: ${UI}\n${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
if (ONLY === "typing") {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try { await typingFigures(browser); } finally { await browser.close(); }
}
if (!ONLY || ONLY === "edit" || ONLY === "open" || ONLY === "heap") {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    if (!ONLY || ONLY === "edit") await editFigures(browser);
    if (!ONLY || ONLY === "open") await openFigures(browser);
    if (ONLY === "heap") await heapFigures(browser);
  } finally { await browser.close(); }
}
if (!ONLY || ONLY === "memory") await memoryFigures();
