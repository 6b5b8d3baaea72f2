// Pulling learners' results from a real record store, for docs/performance.md
// ("Learners' results"). Not part of the test suite. The Ralph LRS (as the
// suites start it, /var/tmp/trellis-venv) filled with N answered statements
// by bulk POSTs, then `trellis results pull` and `trellis results --format
// json` (the analysis), each under /usr/bin/time -v for wall time, CPU
// time and peak memory. The store's own share is measured too: the same
// pages read by this script with fetch, nothing stored. (Ralph's
// filesystem backend reads its whole file for every page, so larger pages
// make the store faster; the pull's own CPU time shows Trellis's part.)
//
//   node tests/perf/results-pull.mjs [--bin PATH] [--n 100000] [--page-size 500]
//
// --bin        the trellis binary (default $CARGO_TARGET_DIR/release/trellis,
//              else …/debug/trellis)
// --n          answered statements (2,000 learners, the phishing-awareness
//              example's questions, as the xAPI player sends them)
// --page-size  statements per page asked of the store (Ralph answers at
//              most 100 a page whatever is asked)
import { execFileSync, execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ralph } from "../conformance/lib/ralph.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const release = path.join(target, "release", "trellis");
const bin = arg("bin", fs.existsSync(release) ? release : path.join(target, "debug", "trellis"));
const N = Number(arg("n", 100000));
const PAGE = Number(arg("page-size", 500));
const KEY = { TRELLIS_LRS_KEY: "trellis-lms", TRELLIS_LRS_SECRET: "trellis-lms-secret" };

/** Runs `bin args` under /usr/bin/time -v: wall seconds, CPU seconds (user + system), peak MiB, output. */
function timed(args, env = {}) {
  return new Promise((resolve, reject) => {
    execFile("/usr/bin/time", ["-v", bin, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${args.join(" ")}: ${stderr}`));
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const seconds = Number(wall[1] || 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
      resolve({ seconds, cpu: Number(user[1]) + Number(sys[1]), mib: Number(rss[1]) / 1024, stdout });
    });
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-perf-pull-"));
const ralph = new Ralph();
try {
  const course = path.join(work, "phishing.trellis");
  execFileSync(bin, ["import", path.join(repo, "examples", "phishing-awareness"), "-o", course], { cwd: work });
  const empty = JSON.parse(execFileSync(bin, ["results", course, "--format", "json"], { encoding: "utf8" }));
  const questions = empty.all.questions.map((q) => ({ block: q.block, choices: q.choices.map((c) => c.id) }));
  await ralph.start();

  // N answers, as the xAPI player sends them, POSTed 1,000 at a time.
  let seed = 24;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let t = Date.now();
  for (let start = 0; start < N; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const q = questions[i % questions.length];
      const ok = rand() < 0.6;
      batch.push({
        id: `${(i >> 16).toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
        actor: { mbox: `mailto:learner${Math.floor(rand() * 2000)}@example.com` },
        verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
        object: { id: `urn:trellis:course:phishing-awareness:question:${q.block}` },
        result: { success: ok, response: q.choices.length ? q.choices[ok ? 0 : Math.floor(rand() * q.choices.length)] : "true", duration: `PT${2 + (i % 80)}S` },
        context: { revision: "1.0", contextActivities: { parent: [{ id: "urn:trellis:course:phishing-awareness" }] } },
        timestamp: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
      });
    }
    const r = await fetch(ralph.url + "statements", {
      method: "POST",
      headers: { Authorization: ralph.auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" },
      body: JSON.stringify(batch),
    });
    if (!r.ok) throw new Error(`POST statements: ${r.status} ${await r.text()}`);
  }
  const fillMs = Date.now() - t;

  // The store alone: the pages the pull asks for, read and parsed, nothing stored.
  t = Date.now();
  let read = 0;
  let url = `${ralph.url}statements?activity=${encodeURIComponent("urn:trellis:course:phishing-awareness")}&related_activities=true&limit=${PAGE}`;
  while (url) {
    const r = await fetch(url, { headers: { Authorization: ralph.auth, "X-Experience-API-Version": "1.0.3" } });
    if (!r.ok) throw new Error(`GET statements: ${r.status}`);
    const j = await r.json();
    read += j.statements.length;
    url = j.more ? new URL(j.more, ralph.url).href : null;
  }
  const storeMs = Date.now() - t;
  if (read !== N) throw new Error(`the store gave ${read} statements, not ${N}`);

  const pull = await timed(["results", "pull", course, "--lrs", ralph.url, "--page-size", String(PAGE)], KEY);
  if (!pull.stdout.includes(`${N} statements read: ${N} new`)) throw new Error(`the pull did not store every statement:\n${pull.stdout}`);
  const analyse = await timed(["results", course, "--format", "json", "-o", path.join(work, "report.json")]);
  const report = JSON.parse(fs.readFileSync(path.join(work, "report.json"), "utf8"));
  if (report.all.statements !== N) throw new Error(`the report counts ${report.all.statements} statements`);

  console.log(`${N} statements, ${report.all.learners} learners, ${questions.length} questions; pages of ${PAGE}; binary ${bin}`);
  console.log(`filling Ralph (bulk POSTs of 1,000): ${(fillMs / 1000).toFixed(1)} s`);
  console.log(`| the store's pages alone (fetch + JSON.parse in Node) | ${(storeMs / 1000).toFixed(1)} s |`);
  console.log(`| trellis results pull | ${pull.seconds.toFixed(1)} s wall (${pull.cpu.toFixed(1)} s CPU in trellis), peak ${pull.mib.toFixed(0)} MiB |`);
  console.log(`| trellis results --format json (analysis) | ${analyse.seconds.toFixed(2)} s wall (${analyse.cpu.toFixed(2)} s CPU), peak ${analyse.mib.toFixed(0)} MiB |`);
  console.log(pull.stdout.trim());
} finally {
  await ralph.stop();
  fs.rmSync(ralph.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
}
