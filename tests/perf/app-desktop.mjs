// Desktop figures for docs/performance.md ("Desktop app"): the
// real `trellis-desktop` window under Xvfb, driven over WebDriver
// (tauri-driver + WebKitWebDriver), as tests/desktop/smoke.py does. Not part
// of the test suite.
//
//   node tests/perf/app-desktop.mjs --binary PATH --course FILE_OR_FOLDER
//        [--tauri-driver PATH] [--edits 20] [--runs 3] [--session 10000 [--pace 200] [--burst]]
//
// - app start to an open course: from the WebDriver request that launches
//   the app to the lesson title field showing the course's first lesson
//   (so it includes WebKitWebDriver's own start, a pessimistic figure);
//   also from the trellis-desktop process's start (its start time in
//   /proc, 10 ms resolution) and from the editor page's own start
//   (`performance.now()` in the page) to the same moment. That moment is
//   the field holding the title in the DOM, before it is painted (the
//   `lesson-painted` mark below), and WebDriver slows the window's start
//   in ways the app alone does not see: tests/perf/app-start-screen.py
//   measures the start from the screen instead; then how much
//   later the preview frame had loaded its page (memory and edits wait
//   for it); and where the page's own time went: its navigation timing
//   and the editor's marks (`trellis:script`, `templates`, `snapshot`,
//   `lesson`: the first lesson's DOM is built, `lesson-painted`: two frames
//   later, `painted`: when the preview's first page is asked for);
// - edit-to-preview: lesson-title edits committed through the editor (value
//   set, then the field left, which commits at once); the figure is the
//   editor's own measure (`window.__trellisPreview.ms`: from the `apply`
//   being sent to two frames after the preview changed), because the
//   preview frame is on another origin; whether the frame was reloaded is
//   read from its address;
// - memory: VmRSS / VmHWM of trellis-desktop and of its WebKit processes;
// - with --session N, after the last run's edits: N more edits made in the
//   window through its own transport (`trellis_call` over Tauri IPC, from a
//   script in the page: a text block of the open lesson rewritten each
//   time), while the editor follows the revision events and the preview
//   swaps the lesson. Each edit waits, as an author does, until the editor
//   and the preview show the one before, and until --pace ms (default 200:
//   five edits a second, a fast author) have passed since the one before
//   (--pace 0: at once; with --burst, only for the core's answer: edits
//   then come faster than the window takes them in). Memory printed at
//   1,000, 2,000, 5,000 and N edits, and once the window has caught up.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const BINARY = path.resolve(opt("binary", "/var/tmp/trellis-target/debug/trellis-desktop"));
const COURSE = path.resolve(opt("course", "examples/phishing-awareness"));
const DRIVER = opt("tauri-driver", "/var/tmp/trellis-tools/bin/tauri-driver");
const EDITS = Number(opt("edits", 20));
const RUNS = Number(opt("runs", 3));
const SESSION = Number(opt("session", 0));
const BURST = process.argv.includes("--burst");
const PACE = Number(opt("pace", 200));
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
async function waitFor(what, fn, timeout = 60000, every = 20) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch { /* not yet */ }
    await sleep(every);
  }
  throw new Error(`timed out waiting for ${what}`);
}
function memoryOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
    return { name: /^Name:\s+(.*)$/m.exec(s)[1], rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024 };
  } catch { return null; }
}
/** How long ago process `pid` started, in ms (from /proc, 10 ms steps). */
function ageOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const started = Number(fields[19]) / 100; // starttime, in clock ticks (100 Hz) since boot
    const uptime = Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    return Math.round((uptime - started) * 1000);
  } catch { return null; }
}
function descendants(pid) {
  const out = [];
  for (const d of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${d}/status`, "utf8"))[1]);
      if (ppid === pid) out.push(Number(d), ...descendants(Number(d)));
    } catch { /* gone */ }
  }
  return out;
}

const FIELD = `for (const l of document.querySelectorAll('label')) if (l.textContent.trim() === 'Lesson title' && l.htmlFor) { const e = document.getElementById(l.htmlFor); if (e && e.value) return e; } return null;`;
const EDIT = `const [el, v] = arguments; el.focus(); el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); el.blur(); return true;`;

/** VmRSS and VmHWM of trellis-desktop and its WebKit processes, as one line. */
function appMemory(driverPid) {
  return descendants(driverPid).map(memoryOf).filter((m) => m && /trellis|WebKit/.test(m.name))
    .map((m) => `${m.name} VmRSS ${Math.round(m.rss)} MiB (VmHWM ${Math.round(m.hwm)})`).join("; ");
}

/** `--session N`: N edits through the window's own transport, memory at checkpoints. */
async function editSession(s, script, driverPid) {
  // A batch of edits per script call keeps each WebDriver request short.
  const BATCH = `const from = arguments[0], n = arguments[1], BURST = arguments[2], PACE = arguments[3], done = arguments[arguments.length - 1];
    const call = (command) => window.__TAURI_INTERNALS__.invoke('trellis_call', { command });
    (async () => {
      const snap = await call({ cmd: 'snapshot' });
      const open = snap.course.modules.flatMap((m) => m.lessons).find((l) => l.blocks);
      const block = open.blocks.find((b) => b.content.kind === 'text');
      const t0 = performance.now();
      const shown = (rev) => Number(document.querySelector('.statusbar').dataset.revision) >= rev
        && (window.__trellisPreview?.revision ?? -1) >= rev;
      for (let i = from; i < from + n; i++) {
        block.content.markdown = 'Session edit ' + i + ': ' + 'the learner reads this paragraph. '.repeat(1 + (i % 5));
        const sent = performance.now();
        const r = await call({ cmd: 'apply', edit: { op: 'update-block', block } });
        const until = performance.now() + 10000;
        while (!BURST && !shown(r.revision)) {
          if (performance.now() > until) throw new Error('the window did not show revision ' + r.revision + ' within 10 s');
          await new Promise((ok) => requestAnimationFrame(ok));
        }
        const wait = sent + PACE - performance.now();
        if (!BURST && wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      }
      return performance.now() - t0;
    })().then((ms) => done({ ms }), (e) => done({ error: String(e && e.message || e) }));`;
  await s("POST", "/timeouts", { script: 600000 });
  const checkpoints = [1000, 2000, 5000, SESSION].filter((n, i, a) => n <= SESSION && a.indexOf(n) === i);
  let made = 0, ms = 0;
  const t0 = performance.now();
  for (const upTo of checkpoints) {
    while (made < upTo) {
      const n = Math.min(250, upTo - made);
      const r = await s("POST", "/execute/async", { script: BATCH, args: [made, n, BURST, PACE] });
      if (r?.error) throw new Error(`session edit ${made}: ${r.error}`);
      ms += r.ms;
      made += n;
    }
    console.log(`session: after ${made} edits (${(ms / made).toFixed(1)} ms per edit in the page): ${appMemory(driverPid)}`);
  }
  // Let the editor and the preview catch up, then once more.
  await waitFor("the editor to catch up", () => script(`return window.__trellisPreview && window.__trellisPreview.revision >= Number(document.querySelector('.statusbar').dataset.revision) && document.querySelector('.statusbar').dataset.pending === '0';`), 120000, 100);
  await sleep(2000);
  console.log(`session: ${made} edits in ${Math.round((performance.now() - t0) / 1000)} s; caught up: ${appMemory(driverPid)}`);
}

const display = 90 + Math.floor(Math.random() * 9);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-desktop-perf-"));
const procs = [];
const xvfb = spawn("Xvfb", [`:${display}`, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], { stdio: "ignore" });
procs.push(xvfb);
const env = { ...process.env, DISPLAY: `:${display}`, TRELLIS_CONFIG_DIR: path.join(work, "config"), TMPDIR: work };
try {
  await waitFor("Xvfb", () => fs.existsSync(`/tmp/.X11-unix/X${display}`), 10000);
  const port = await freePort(), native = await freePort();
  const driver = spawn(DRIVER, ["--port", String(port), "--native-port", String(native), "--native-driver", "/usr/bin/WebKitWebDriver"], { env, stdio: "ignore" });
  procs.push(driver);
  // tauri-driver drops a request unanswered when its pooled connection to
  // WebKitWebDriver has just closed (see tests/desktop/smoke.py): sent again, at most twice.
  const wd = async (method, p, body, tries = 3) => {
    let r;
    try {
      r = await fetch(`http://127.0.0.1:${port}${p}`, { method, headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    } catch (e) {
      if (tries <= 1 || e?.cause?.code !== "UND_ERR_SOCKET") throw e;
      console.error(`note: ${method} ${p}: ${e.cause.message}; sent again`);
      return wd(method, p, body, tries - 1);
    }
    const j = await r.json();
    if (!r.ok) throw new Error(`${method} ${p}: ${JSON.stringify(j).slice(0, 300)}`);
    return j.value;
  };
  await waitFor("tauri-driver", () => wd("GET", "/status"), 20000);
  const starts = [], fromProcess = [], fromPage = [];
  for (let run = 0; run < RUNS; run++) {
    // Each run opens its own copy of a course file.
    let course = COURSE;
    if (fs.statSync(COURSE).isFile()) { course = path.join(work, `run${run}.trellis`); fs.copyFileSync(COURSE, course); }
    const t0 = performance.now();
    const session = (await wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: BINARY, args: [course] } } } })).sessionId;
    const s = (m, p, b) => wd(m, `/session/${session}${p}`, b);
    const script = (src, ...args) => s("POST", "/execute/sync", { script: src, args });
    const field = await waitFor("the lesson title field", () => script(FIELD), 120000);
    const start = performance.now() - t0;
    const pid = descendants(driver.pid).find((p) => memoryOf(p)?.name === "trellis-desktop");
    const age = pid ? ageOf(pid) : null;
    const page = Math.round(await script("return performance.now();"));
    starts.push(start);
    if (age != null) fromProcess.push(age);
    fromPage.push(page);
    // Where the page's time went: the navigation's timing and the editor's own marks.
    // The marks of the first frames land a little after the field shows.
    await sleep(300);
    const marks = await script(`const n = performance.getEntriesByType('navigation')[0] || {};
      const out = { responseEnd: n.responseEnd, domInteractive: n.domInteractive };
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('trellis:')) out[m.name.slice(8)] = m.startTime;
      return out;`);
    console.log(`  page marks (ms from its start): ${Object.entries(marks).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ")}`);
    console.log(`run ${run + 1}: app start to open course ${Math.round(start)} ms (from the process start ${age} ms, from the page's start ${page} ms)`);
    // The editor asks for the preview page once it has painted the course:
    // memory and edits wait for the page to be in the frame.
    const previewAt = await waitFor("the preview page", () => script(`const f = document.querySelector('.frame-wrap iframe'); return f && Number(f.dataset.revision) >= 0 ? performance.now() : null;`), 120000);
    console.log(`  preview page loaded ${Math.round(previewAt - page)} ms after the course was shown`);
    if (run === RUNS - 1) {
      console.log(`memory with the course open: ${appMemory(driver.pid)}`);
      const figures = [], events = [], swaps = [];
      let reloads = 0;
      for (let i = 0; i < EDITS; i++) {
        const before = await script(`return [document.querySelector('.frame-wrap iframe').src, Number(document.querySelector('.statusbar').dataset.revision)];`);
        await script(EDIT, field, `Lesson edited ${i} ${Date.now() % 1e5}`);
        const r = await waitFor("the preview", () => script(`const p = window.__trellisPreview, rev = Number(document.querySelector('.statusbar').dataset.revision); return p && rev > arguments[0] && p.revision >= rev ? [p.ms, document.querySelector('.frame-wrap iframe').src, p.event, p.swapped] : null;`, before[1]), 60000, 10);
        figures.push(r[0]);
        if (r[2] != null) events.push(r[2]);
        if (r[3] != null) swaps.push(r[3]);
        if (r[1] !== before[0]) reloads++;
        await sleep(400);
      }
      figures.sort((a, b) => a - b);
      console.log(`edit-to-preview (editor's measure): median ${figures[Math.floor(figures.length / 2)]} ms, p95 ${figures[Math.round(0.95 * (figures.length - 1))]} ms, max ${figures[figures.length - 1]} ms (n=${figures.length}); ${reloads} reloaded the preview`);
      const mid = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : "-"; };
      console.log(`  of which, medians from the apply being sent: revision event received ${mid(events)} ms, lessons swapped in the preview ${mid(swaps)} ms (then two frames)`);
      console.log(`memory after ${EDITS} edits: ${appMemory(driver.pid)}`);
      if (SESSION) await editSession(s, script, driver.pid);
    }
    await s("DELETE", "");
    await sleep(1000);
  }
  const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return Math.round(v[Math.floor(v.length / 2)]); };
  console.log(`app start to open course: median ${median(starts)} ms of ${starts.length} runs (from the process start ${median(fromProcess)} ms, from the page's start ${median(fromPage)} ms)`);
} finally {
  for (const p of procs.reverse()) if (p.exitCode == null) p.kill("SIGTERM");
  await sleep(500);
  fs.rmSync(work, { recursive: true, force: true });
}
