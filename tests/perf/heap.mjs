// Where the editor's JavaScript memory goes, for docs/benchmarks.md: the
// editor (browser mode, real `trellis studio`, release build) on a course in
// Debian Chromium, then a V8 heap snapshot after a full collection, summed by
// constructor. Chromium's heap stands in for JavaScriptCore's (the desktop
// window's), which has no such tool here: the same objects, near enough the
// same sizes. Not part of the test suite.
//
//   node tests/perf/heap.mjs --course FILE [--bin PATH] [--ui DIR] [--top 25]
import { spawn } from "node:child_process";
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
const COURSE = opt("course");
const TOP = Number(opt("top", 25));
if (!COURSE) throw new Error("--course FILE is required");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-heap-"));
const course = path.join(work, "course.trellis");
fs.copyFileSync(COURSE, course);
const studio = spawn(BIN, ["studio", "--port", "0", "--ui-dir", UI, course], {
  cwd: work, env: { ...process.env, TRELLIS_CONFIG_DIR: work, XDG_CONFIG_HOME: work }, stdio: ["ignore", "pipe", "pipe"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error(`studio did not start: ${out}`)), 60000);
  const onData = (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  studio.stdout.on("data", onData);
  studio.stderr.on("data", onData);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--js-flags=--expose-gc"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.locator(".card").first().waitFor({ timeout: 60000 });
  await page.waitForFunction(() => Number(document.querySelector(".frame-wrap iframe")?.getAttribute("data-revision")) >= 0, null, { timeout: 60000 });
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  const chunks = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => chunks.push(e.chunk));
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  const snap = JSON.parse(chunks.join(""));
  const meta = snap.snapshot.meta;
  const F = meta.node_fields.length;
  const iType = meta.node_fields.indexOf("type");
  const iName = meta.node_fields.indexOf("name");
  const iSize = meta.node_fields.indexOf("self_size");
  const types = meta.node_types[0];
  const by = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += F) {
    const type = types[snap.nodes[i + iType]];
    const name = type === "object" || type === "native" || type === "closure" ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
    const key = type === "closure" ? `(closure) ${name}`.slice(0, 60) : name.slice(0, 60);
    const size = snap.nodes[i + iSize];
    total += size;
    const e = by.get(key) ?? { count: 0, size: 0 };
    e.count++; e.size += size;
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
  for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
    console.log(`  ${mib(e.size).padStart(7)}  ${String(e.count).padStart(8)}  ${k}`);
  }
} finally {
  await browser.close();
  studio.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
