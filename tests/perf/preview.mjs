// The editor's preview page on its own: how big it is, how long `trellis
// studio` takes to serve it, and, in Debian Chromium (headless,
// playwright-core), how soon the first lesson shows, how much the tab's
// renderer process holds, and how long a later lesson takes to arrive.
//
// Run (from tests/, after `cargo build --release -p trellis-cli`):
//   node perf/preview.mjs --course LARGE.trellis [--bin PATH] [--runs 3] [--fetches 5]
// The course file is copied for each run (studio holds it open).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const BIN = arg("bin", path.join(target, "release", "trellis"));
const COURSE = arg("course");
const RUNS = Number(arg("runs", 3));
const FETCHES = Number(arg("fetches", 5));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
if (!COURSE) { console.error("--course FILE is required"); process.exit(2); }

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function startStudio() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-pp-"));
  const config = path.join(work, "config");
  fs.mkdirSync(config);
  const course = path.join(work, "course.trellis");
  fs.copyFileSync(COURSE, course);
  const child = spawn(BIN, ["studio", "--port", "0", course], { cwd: work, env: { ...process.env, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const [, url, token] = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start: ${out}`)), 60000);
    const onData = (d) => { out += d; const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\w+)/.exec(out); if (m) { clearTimeout(timer); resolve(m); } };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`studio exited (${code}): ${out}`)); });
  });
  return {
    // The preview with the key as a query: the answer sets the cookie the
    // page's own requests then carry.
    url, preview: `${url}/preview/?token=${token}`,
    async stop() {
      if (child.exitCode == null) { child.kill("SIGTERM"); await new Promise((r) => { child.once("exit", r); setTimeout(r, 3000); }); }
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** VmRSS (KiB) of the renderer processes below `root` (this script: the browser it launched, one tab open). */
function rendererRss(root) {
  const procs = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      procs.push({
        pid: Number(pid),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1]),
        rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        renderer: fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer"),
      });
    } catch { /* gone */ }
  }
  const mine = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  return procs.filter((p) => p.renderer && mine.has(p.pid)).reduce((s, p) => s + p.rss, 0);
}

const rows = [];
for (let run = 0; run < RUNS; run++) {
  const studio = await startStudio();
  try {
    // Serving: time to the last byte of /preview/ (drawn at each request).
    const serve = [];
    let bytes = 0;
    for (let i = 0; i < FETCHES; i++) {
      const t = performance.now();
      const r = await fetch(studio.preview);
      bytes = (await r.arrayBuffer()).byteLength;
      serve.push(performance.now() - t);
    }
    // Chromium: first lesson shown (player booted), renderer memory, a later lesson.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(studio.preview, { waitUntil: "commit", timeout: 120000 });
    await page.waitForFunction(() => {
      const s = document.querySelector(".t-page:not([hidden])");
      return document.body?.classList.contains("t-js") && s && s.querySelector(".t-block");
    }, null, { timeout: 120000, polling: "raf" });
    const first = await page.evaluate(() => performance.now());
    await page.waitForLoadState("load");
    await page.waitForTimeout(1500);
    const rss = rendererRss(process.pid);
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    const n = await page.locator(".t-menu a[data-page]").count();
    const later = await page.evaluate(async (i) => {
      const t = performance.now();
      document.querySelector(`.t-menu a[data-page="${i}"]`).click();
      await new Promise((resolve) => {
        const tick = () => { const s = document.querySelector(`.t-page[data-page="${i}"]`); if (s && !s.hasAttribute("data-lazy") && s.querySelector(".t-block")) resolve(); else requestAnimationFrame(tick); };
        tick();
      });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t;
    }, n - 2);
    await browser.close();
    rows.push({ bytes, serve: median(serve), first, rss, heap, later });
    console.log(`run ${run + 1}: page ${(bytes / 1024).toFixed(0)} KiB, served in ${median(serve).toFixed(0)} ms (median of ${FETCHES}: ${serve.map((x) => x.toFixed(0)).join(", ")}), first lesson ${first.toFixed(0)} ms, renderer VmRSS ${(rss / 1024).toFixed(0)} MiB, JS heap ${(heap / 1048576).toFixed(1)} MiB, lesson ${n - 1} shown in ${later.toFixed(0)} ms`);
  } finally {
    await studio.stop();
  }
}
const m = (k) => median(rows.map((r) => r[k]));
console.log(`median of ${RUNS}: page ${(m("bytes") / 1024).toFixed(0)} KiB, served ${m("serve").toFixed(0)} ms, first lesson ${m("first").toFixed(0)} ms, renderer VmRSS ${(m("rss") / 1024).toFixed(0)} MiB, JS heap ${(m("heap") / 1048576).toFixed(1)} MiB, a later lesson ${m("later").toFixed(0)} ms`);
