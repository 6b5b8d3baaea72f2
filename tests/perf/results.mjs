// Performance of learners' results in the editor, for docs/performance.md
// ("Learners' results"). Not part of the test suite. Real `trellis studio`,
// real Debian Chromium (headless, playwright-core); nothing mocked.
//
//   node tests/perf/results.mjs [--bin PATH] [--ui DIR] [--n 100000] [--rounds 20]
//
// --bin   the trellis binary (default $CARGO_TARGET_DIR/release/trellis,
//         else …/debug/trellis)
// --ui    the UI folder to serve (default ui/dist)
// --n     answered statements in the course file (2,000 learners, every
//         question of the phishing-awareness example), imported with
//         `trellis results import`
//
// Figures:
// - the `results` command: the whole report the editor fetches when a course
//   opens (and when the Results view opens), timed in the page around its
//   /api/call request (median and worst of --rounds);
// - lesson to figures: from clicking a lesson in the outline to the first
//   animation frame in which every question card of that lesson shows its
//   figures (resolution one frame), alternating between the example's lessons
//   with questions (median and worst of --rounds).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const release = path.join(target, "release", "trellis");
const bin = arg("bin", fs.existsSync(release) ? release : path.join(target, "debug", "trellis"));
const ui = arg("ui", path.join(repo, "ui", "dist"));
const N = Number(arg("n", 100000));
const ROUNDS = Number(arg("rounds", 20));
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-perf-results-"));
const course = path.join(work, "phishing.trellis");
execFileSync(bin, ["import", path.join(repo, "examples", "phishing-awareness"), "-o", course], { cwd: work });
const empty = JSON.parse(execFileSync(bin, ["results", course, "--format", "json"], { encoding: "utf8" }));
const questions = empty.all.questions.map((q) => ({ block: q.block, lesson: q.lesson, choices: q.choices.map((c) => c.id) }));

// N answers, as the xAPI player sends them.
const lines = path.join(work, "statements.jsonl");
const out = fs.openSync(lines, "w");
let seed = 24;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
let chunk = [];
for (let i = 0; i < N; i++) {
  const q = questions[i % questions.length];
  const learner = Math.floor(rand() * 2000);
  const ok = rand() < 0.6;
  const response = q.choices.length ? q.choices[ok ? 0 : Math.floor(rand() * q.choices.length)] : "true";
  chunk.push(JSON.stringify({
    id: `${(i >> 16).toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
    actor: { mbox: `mailto:learner${learner}@example.com` },
    verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
    object: { id: `urn:trellis:course:phishing-awareness:question:${q.block}` },
    result: { success: ok, response, duration: `PT${2 + (i % 80)}S` },
    context: { revision: "1.0", contextActivities: { parent: [{ id: "urn:trellis:course:phishing-awareness" }] } },
    timestamp: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
  }));
  if (chunk.length === 5000) { fs.writeSync(out, chunk.join("\n") + "\n"); chunk = []; }
}
if (chunk.length) fs.writeSync(out, chunk.join("\n") + "\n");
fs.closeSync(out);
let t = Date.now();
execFileSync(bin, ["results", "import", course, lines]);
const importMs = Date.now() - t;

const config = path.join(work, "config");
fs.mkdirSync(config);
const { spawn } = await import("node:child_process");
const studio = spawn(bin, ["studio", "--port", "0", "--ui-dir", ui, course], {
  cwd: work, env: { ...process.env, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config }, stdio: ["ignore", "pipe", "pipe"],
});
const url = await new Promise((resolve, reject) => {
  let seen = "";
  const onData = (d) => {
    seen += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(seen);
    if (m) resolve(m[1]);
  };
  studio.stdout.on("data", onData);
  studio.stderr.on("data", onData);
  studio.on("exit", (c) => reject(new Error(`studio exited (${c}): ${seen}`)));
});
const token = /#token=([^&\s]+)/.exec(url)[1];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.locator(".shell").waitFor();

  const call = [];
  for (let i = 0; i < ROUNDS; i++) {
    call.push(await page.evaluate(async (key) => {
      const t0 = performance.now();
      const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` }, body: JSON.stringify({ cmd: "results" }) });
      const j = await r.json();
      if (!j.report) throw new Error("no report");
      return performance.now() - t0;
    }, token));
  }

  // The lessons with questions, visited in turn (a lesson's cards are drawn anew each time).
  const lessons = [...new Set(questions.map((q) => q.lesson))];
  if (lessons.length < 2) throw new Error("need two lessons with questions");
  const open = [];
  for (let i = 0; i < ROUNDS; i++) {
    const lesson = lessons[i % lessons.length];
    const blocks = questions.filter((q) => q.lesson === lesson).map((q) => q.block);
    open.push(await page.evaluate(({ lesson, blocks }) => new Promise((resolve, reject) => {
      const li = document.querySelector(`.outline li.t-lesson[data-id="${lesson}"]`);
      if (!li) return reject(new Error(`no outline entry for ${lesson}`));
      const t0 = performance.now();
      li.click();
      const until = t0 + 10000;
      const tick = () => {
        if (blocks.every((b) => document.querySelector(`.card[data-block="${b}"] section.q-results`))) return resolve(performance.now() - t0);
        if (performance.now() > until) return reject(new Error(`figures of ${lesson} not shown`));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), { lesson, blocks }));
  }
  const report = JSON.parse(execFileSync(bin, ["results", course, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 26 }));
  console.log(`${N} statements, ${report.all.learners} learners, ${questions.length} questions in ${lessons.length} lessons; binary ${bin}`);
  console.log(`| trellis results import | ${importMs} ms |`);
  console.log(`| \`results\` (the editor's fetch on opening the course or the Results view) | ${fmt(call)} |`);
  console.log(`| opening a lesson to its figures shown | ${fmt(open)} |`);
} finally {
  await browser.close();
  studio.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
