// Results back from a real LRS: a small course published as xAPI, learners
// driven through the real player in Chromium against Ralph, their answers
// drawn from known difficulties with a seeded random source, then
// `trellis results pull` and `trellis results --format json`. The figures
// must equal what the learners did (worked out here from the answers
// given) and lie near the parameters they were drawn from. Also: paging,
// `since` re-pulls without duplicates, a dropped connection mid-page, and
// the messages for wrong credentials, a failing store and an unreachable one;
// and the editor (`trellis studio`) getting the results itself while the
// course is open, read back from the SQLite file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { publishCourse, serve, launch } from "../conformance/lib/env.mjs";
import { Ralph, freePort } from "../conformance/lib/ralph.mjs";
import { rng } from "../conformance/lib/rng.mjs";
import { textRe } from "../conformance/lib/learner.mjs";
import { startStudio } from "../ui/harness.mjs";
import { Cmi5Lms } from "../conformance/lib/cmi5lms.mjs";
import { auIn } from "../conformance/lib/cmi5run.mjs";
import { checkCmi5, verbOf } from "../conformance/lib/cmi5rules.mjs";

const SEED = Number(process.env.RESULTS_SEED || 24);
const LEARNERS = Number(process.env.RESULTS_LEARNERS || 32);
const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const CLI = process.env.TRELLIS_CLI || path.join(target, "debug", "trellis");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The questions and the parameters answers are drawn from: `p` the share
 * right at the first try (higher for the strong half of the learners,
 * lower for the weak half, by `d`; a negative `d` makes a question the
 * strong learners get wrong), `wrong` the weights of the wrong choices
 * (a weight of 0: a distractor nobody picks).
 */
const QUESTIONS = [
  { id: "q-easy", lesson: "quiz-a", prompt: "Which colour is the sky on a clear day?", p: 0.85, d: 0.1,
    choices: [["blue", "Blue", true], ["green", "Green"], ["red", "Red"], ["plaid", "Plaid"]], wrong: [0.7, 0.3, 0] },
  { id: "q-hard", lesson: "quiz-a", prompt: "Which planet has the longest day?", p: 0.35, d: 0.25,
    choices: [["venus", "Venus", true], ["mercury", "Mercury"], ["jupiter", "Jupiter"], ["mars", "Mars"]], wrong: [0.5, 0.25, 0.25] },
  { id: "q-mid", lesson: "quiz-b", prompt: "Which gas do plants take in for photosynthesis?", p: 0.6, d: 0.25,
    choices: [["co2", "Carbon dioxide", true], ["o2", "Oxygen"], ["n2", "Nitrogen"]], wrong: [0.6, 0.4] },
  { id: "q-miskeyed", lesson: "quiz-b", prompt: "Which number is the largest?", p: 0.5, d: -0.35,
    choices: [["a", "Seven", true], ["b", "Nine"], ["c", "Three"]], wrong: [0.8, 0.2] },
];
/** Share of learners who stop after the first quiz. */
const STOP_AFTER_A = 0.2;

let dir, ralph, content, browser, coursePath, pkgDir, activity;

function courseFolder(root, id = "results-demo") {
  const lessons = (id, title, qs) => `+++\nid = "${id}"\ntitle = "${title}"\ntemplate = "free"\n+++\n\n` +
    (qs.length ? "" : `::: text {id = "${id}-t"}\nSome reading before the questions.\n:::\n`) +
    qs.map((q) => `::: question {id = "${q.id}"}\ntype = "single-choice"\nprompt = "${q.prompt}"\nobjectives = ["${q.lesson === "quiz-a" ? "obj-a" : "obj-b"}"]\nattempts = 2\n` +
      `correct_feedback = "Right."\nincorrect_feedback = "Not this one."\n\n` +
      q.choices.map(([cid, text, ok]) => `[[choices]]\nid = "${cid}"\ntext = "${text}"\n${ok ? "correct = true\n" : ""}`).join("\n") + ":::\n").join("\n");
  fs.mkdirSync(path.join(root, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(root, "course.toml"), `id = "${id}"\ntitle = "Results demo"\nlanguage = "en"\nversion = "2.1"\n\n` +
    `[[objectives]]\nid = "obj-a"\nstatement = "Answer the first quiz."\n\n[[objectives]]\nid = "obj-b"\nstatement = "Answer the second quiz."\n\n` +
    `[[modules]]\nid = "m"\ntitle = "Module"\nlessons = ["intro", "quiz-a", "quiz-b"]\n`);
  fs.writeFileSync(path.join(root, "lessons", "intro.md"), lessons("intro", "Introduction", []));
  fs.writeFileSync(path.join(root, "lessons", "quiz-a.md"), lessons("quiz-a", "First quiz", QUESTIONS.filter((q) => q.lesson === "quiz-a")));
  fs.writeFileSync(path.join(root, "lessons", "quiz-b.md"), lessons("quiz-b", "Second quiz", QUESTIONS.filter((q) => q.lesson === "quiz-b")));
  return root;
}

/** Runs the CLI; resolves with { code, stdout, stderr }. */
function trellis(args, env = {}) {
  return new Promise((resolve) => {
    execFile(CLI, args, { env: { ...process.env, ...env }, timeout: 120000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}
const KEY = { TRELLIS_LRS_KEY: "trellis-lms", TRELLIS_LRS_SECRET: "trellis-lms-secret" };

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-results-"));
  const src = courseFolder(path.join(dir, "course"));
  pkgDir = publishCourse(src, "xapi", path.join(dir, "pkg"));
  coursePath = path.join(dir, "results-demo.trellis");
  const made = await trellis(["import", src, "-o", coursePath]);
  assert.equal(made.code, 0, made.stderr);
  const xml = fs.readFileSync(path.join(pkgDir, "tincan.xml"), "utf8");
  const act = [...xml.matchAll(/<activity\s[^>]*>[\s\S]*?<\/activity>/g)].map((m) => m[0]).find((a) => /<launch[\s>]/.test(a));
  activity = { id: act.match(/\sid="([^"]+)"/)[1], launch: act.match(/<launch[^>]*>([^<]+)<\/launch>/)[1].trim() };
  content = await serve({ "/c/": pkgDir });
  ralph = new Ralph({ corsOrigins: [content.url] });
  await ralph.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await content?.stop();
  await ralph?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every statement Ralph holds for the course (following `more`). */
async function lrsStatements() {
  const out = [];
  let url = `${ralph.url}statements?limit=100&activity=${encodeURIComponent(activity.id)}&related_activities=true`;
  while (url) {
    const r = await fetch(url, { headers: { Authorization: ralph.auth, "X-Experience-API-Version": "1.0.3" } });
    assert.ok(r.ok, `GET statements: ${r.status}`);
    const j = await r.json();
    out.push(...j.statements);
    url = j.more ? new URL(j.more, ralph.url).href : null;
  }
  return out;
}

/** What one learner does: which choice at each try, per question; whether they go on to the second quiz. */
function plan(r, strong) {
  const answers = {};
  for (const q of QUESTIONS) {
    const p = Math.min(0.98, Math.max(0.02, q.p + (strong ? q.d : -q.d)));
    const pickWrong = () => {
      let x = r.next() * q.wrong.reduce((a, b) => a + b, 0);
      for (let i = 0; i < q.wrong.length; i++) { x -= q.wrong[i]; if (x < 0 && q.wrong[i] > 0) return q.choices[i + 1][0]; }
      return q.choices[1][0];
    };
    const first = r.chance(p) ? q.choices[0][0] : pickWrong();
    // After a wrong first try, half try again and get it right.
    answers[q.id] = first === q.choices[0][0] ? [first] : r.chance(0.5) ? [first, q.choices[0][0]] : [first];
  }
  return { answers, goesOn: !r.chance(STOP_AFTER_A) };
}

/** An xAPI launch (the Tin Can launch parameters) for learner `n`. */
function xapiLaunch(n) {
  const actor = { objectType: "Agent", name: `Learner ${n}`, mbox: `mailto:learner${n}@results.example` };
  const q = new URLSearchParams({ endpoint: ralph.url, auth: ralph.auth, actor: JSON.stringify(actor), registration: randomUUID(), activity_id: activity.id });
  const mine = `${ralph.url}statements?limit=100&verb=${encodeURIComponent("http://adlnet.gov/expapi/verbs/answered")}&agent=${encodeURIComponent(JSON.stringify({ mbox: actor.mbox }))}`;
  return {
    url: `${content.url}/c/${activity.launch}?${q}`,
    answered: async () => (await (await fetch(mine, { headers: { Authorization: ralph.auth, "X-Experience-API-Version": "1.0.3" } })).json()).statements.length,
    leave: async (page) => page.close({ runBeforeUnload: true }),
  };
}

/**
 * Drives one launch of the player: `who.answers` gives the choice at each
 * try per question, `who.goesOn` whether the second quiz is reached.
 * Returns the number of answers sent.
 */
async function runLearner(n, who, how = xapiLaunch(n)) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (process.env.DEBUG_REQ) {
    page.on("console", (m) => console.log("CONSOLE", m.text()));
    page.on("requestfailed", (r) => console.log("FAILED", r.url().slice(0, 120), r.failure()?.errorText));
    page.on("response", (r) => console.log("RESP", r.status(), r.request().method(), r.url().slice(0, 120)));
  }
  await page.goto(how.url);
  await page.locator("body.t-ready").waitFor({ state: "attached" });
  const menu = page.getByRole("navigation", { name: "Course menu" });
  const live = page.locator("#t-live");
  let sent = 0;
  for (const lesson of ["First quiz", "Second quiz"]) {
    if (lesson === "Second quiz" && !who.goesOn) break;
    await menu.getByRole("link", { name: textRe(lesson) }).click();
    await page.getByRole("heading", { level: 2, name: textRe(lesson, { whole: true }) }).waitFor();
    for (const qd of QUESTIONS.filter((x) => x.lesson === (lesson === "First quiz" ? "quiz-a" : "quiz-b"))) {
      const g = page.getByRole("group", { name: textRe(qd.prompt, { prefix: 70 }) });
      for (const [t, cid] of who.answers[qd.id].entries()) {
        const text = qd.choices.find((c) => c[0] === cid)[1];
        await g.getByRole("radio", { name: textRe(text, { whole: true }) }).check();
        await g.getByRole("button", { name: "Check answer" }).click();
        const verdict = cid === qd.choices[0][0] ? "Correct." : t === 0 ? "Try again." : "The correct answer is now shown.";
        await live.filter({ hasText: verdict }).waitFor({ timeout: 5000 });
        sent++;
      }
    }
  }
  // The answers reach the LRS while the page is open.
  const until = Date.now() + 20000;
  for (;;) {
    const got = await how.answered();
    if (got >= sent) break;
    if (Date.now() > until) assert.fail(`learner ${n}: ${got} of ${sent} answers reached the LRS (page errors: ${errors})`);
    await sleep(200);
  }
  await how.leave(page);
  await ctx.close();
  assert.deepEqual(errors, [], `learner ${n}: page errors`);
  return sent;
}

/**
 * What the figures must be, worked out from the answers the learners gave:
 * `learners` lists each learner's launches (registrations) in order, each
 * a plan; a learner's tries at a question run on from one launch to the next.
 */
function expected(learners) {
  const tries = learners.map((launches) => Object.fromEntries(QUESTIONS.map((q) => [q.id,
    launches.flatMap((p) => (p.goesOn || q.lesson === "quiz-a" ? p.answers[q.id] : []))])));
  const right = (q, t) => t[q.id][0] === q.choices[0][0];
  const byQ = {};
  for (const q of QUESTIONS) {
    const who = tries.filter((t) => t[q.id].length);
    const first = who.filter((t) => right(q, t)).length;
    const eventually = who.filter((t) => t[q.id].includes(q.choices[0][0])).length;
    const picks = Object.fromEntries(q.choices.map(([cid]) => [cid, who.filter((t) => t[q.id][0] === cid).length]));
    // Point-biserial: first try against the share right at the first try of the other questions answered.
    const pairs = who.map((t) => {
      const others = QUESTIONS.filter((o) => o !== q && t[o.id].length);
      if (!others.length) return null;
      return [right(q, t) ? 1 : 0, others.filter((o) => right(o, t)).length / others.length];
    }).filter(Boolean);
    const n = pairs.length, mx = pairs.reduce((a, [x]) => a + x, 0) / n, my = pairs.reduce((a, [, y]) => a + y, 0) / n;
    let sxy = 0, sxx = 0, syy = 0;
    for (const [x, y] of pairs) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2; }
    byQ[q.id] = { learners: who.length, attempts: who.reduce((a, t) => a + t[q.id].length, 0),
      first: first / who.length, eventually: eventually / who.length, picks,
      discrimination: sxx && syy ? sxy / Math.sqrt(sxx * syy) : null };
  }
  return byQ;
}

/** The report's figures for each question equal `want` (from `expected`). */
function assertFigures(report, want, label) {
  for (const q of QUESTIONS) {
    const got = report.all.questions.find((x) => x.block === q.id);
    const w = want[q.id];
    const at = `${label} ${q.id} (seed ${SEED})`;
    assert.equal(got.learners, w.learners, `${at}: learners`);
    assert.equal(got.attempts, w.attempts, `${at}: attempts`);
    assert.ok(Math.abs(got.facility_first - w.first) < 1e-9, `${at}: first-try facility ${got.facility_first} vs ${w.first}`);
    assert.ok(Math.abs(got.facility_eventual - w.eventually) < 1e-9, `${at}: eventual facility`);
    assert.ok(Math.abs(got.discrimination - w.discrimination) < 1e-9, `${at}: discrimination ${got.discrimination} vs ${w.discrimination}`);
    for (const c of got.choices) {
      assert.equal(c.picks, w.picks[c.id], `${at}: picks of ${c.id}`);
      assert.ok(Math.abs(c.share - w.picks[c.id] / w.learners) < 1e-9, `${at}: share of ${c.id}`);
    }
    // Near the parameters the answers were drawn from.
    assert.ok(Math.abs(got.facility_first - q.p) < 0.2, `${at}: facility ${got.facility_first} far from ${q.p}`);
    assert.ok(got.median_seconds > 0, `${at}: durations from the player`);
  }
}

/** Reach and drop-off: every learner sees the introduction (the first page) and the first quiz; `on` of them the second. */
function assertReach(report, learners, on, label) {
  const lesson = (id) => report.all.lessons.find((l) => l.lesson === id);
  for (const id of ["intro", "quiz-a", "quiz-b"]) assert.equal(lesson(id).measured, true, `${label}: ${id} measured`);
  assert.equal(lesson("intro").reached, learners, `${label}: the lesson without questions is reached by everyone (experienced)`);
  assert.equal(lesson("quiz-a").reached, learners);
  assert.equal(lesson("quiz-a").drop_off, 0);
  assert.equal(lesson("quiz-b").reached, on);
  assert.ok(Math.abs(lesson("quiz-b").drop_off - (learners - on) / learners) < 1e-9, `${label}: drop-off before the second quiz`);
}

let plans;

test("learners' answers come back as the figures they make", { timeout: 900000 }, async () => {
  const r = rng(SEED);
  plans = Array.from({ length: LEARNERS }, (_, i) => plan(r, i % 2 === 0));
  let sent = 0;
  for (const [i, who] of plans.entries()) sent += await runLearner(i, who);
  // Everything the learners answered is in the LRS before the pull.
  const until = Date.now() + 30000;
  let answered;
  for (;;) {
    answered = (await lrsStatements()).filter((s) => s.verb.id.endsWith("/answered")).length;
    if (answered >= sent || Date.now() > until) break;
    await sleep(500);
  }
  assert.equal(answered, sent, "answered statements in the LRS");
  const total = (await lrsStatements()).length;

  // Pages of 25: Ralph hands out `more` links the pull follows.
  const pull = await trellis(["results", "pull", coursePath, "--lrs", ralph.url, "--page-size", "25"], KEY);
  assert.equal(pull.code, 0, pull.stderr);
  const pages = Number(pull.stdout.match(/Read (\d+) pages?/)[1]);
  assert.ok(pages >= Math.ceil(total / 25), `${pages} pages for ${total} statements:\n${pull.stdout}`);
  assert.match(pull.stdout, new RegExp(`${total} statements read: ${total} new, 0 already held`));

  const rep = await trellis(["results", coursePath, "--format", "json"]);
  assert.equal(rep.code, 0, rep.stderr);
  const report = JSON.parse(rep.stdout);
  assert.equal(report.all.statements, total, "every statement stored once");
  assert.equal(report.all.learners, LEARNERS);
  assert.deepEqual(report.versions.map((v) => v.version), ["2.1"], "the version each statement came from");
  const want = expected(plans.map((p) => [p]));
  assertFigures(report, want, "xAPI");
  const flags = (id) => report.all.questions.find((x) => x.block === id).flags.map((f) => f.code);
  assert.ok(flags("q-easy").includes("unpicked-distractor"), "Plaid is never drawn");
  assert.ok(flags("q-miskeyed").includes("negative-discrimination"), `q-miskeyed: ${JSON.stringify(want["q-miskeyed"])}`);
  assert.ok(!flags("q-mid").includes("negative-discrimination"));
  // Reach, from the lessons the player reported (experienced) and the answers.
  assertReach(report, LEARNERS, plans.filter((p) => p.goesOn).length, "xAPI");
  const experienced = (await lrsStatements()).filter((s) => s.verb.id.endsWith("/experienced"));
  assert.ok(experienced.every((s) => /:lesson:(intro|quiz-a|quiz-b)$/.test(s.object.id) && s.context.revision === "2.1"), "experienced: a lesson, with the version");
  // The HTML report: each chart with a table.
  const html = await trellis(["results", coursePath, "--format", "html"]);
  assert.equal(html.code, 0, html.stderr);
  assert.equal((html.stdout.match(/<svg /g) || []).length, (html.stdout.match(/<table>/g) || []).length - 1, "a table for every chart (and the versions table)");
  assert.match(html.stdout, /role="img" aria-labelledby=/);
});

test("a second pull reads only what is new, without duplicates", { timeout: 300000 }, async () => {
  assert.ok(plans, "the first test ran");
  const before = (await lrsStatements()).length;
  const again = await trellis(["results", "pull", coursePath, "--lrs", ralph.url], KEY);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /since \d{4}-\d\d-\d\dT/, "the second pull starts from the marker");
  assert.match(again.stdout, / 0 new, /);
  // Two more learners, then a pull from an explicit date.
  const r = rng(SEED + 1);
  for (let i = 0; i < 2; i++) await runLearner(LEARNERS + i, plan(r, true));
  await sleep(1000);
  const after = (await lrsStatements()).length;
  assert.ok(after > before);
  const since = await trellis(["results", "pull", coursePath, "--lrs", ralph.url, "--since", "2000-01-01"], KEY);
  assert.equal(since.code, 0, since.stderr);
  assert.match(since.stdout, new RegExp(`${after} statements read: ${after - before} new, ${before} already held`));
  const report = JSON.parse((await trellis(["results", coursePath, "--format", "json"])).stdout);
  assert.equal(report.all.statements, after);
  assert.equal(report.all.learners, LEARNERS + 2);
});

test("a connection dropped mid-page is asked for again; nothing is stored twice", { timeout: 300000 }, async () => {
  // A proxy in front of Ralph that cuts the answer to the second page half-way, once.
  let cut = 0, seen = 0;
  const port = await freePort();
  const ralphUrl = new URL(ralph.url);
  const proxy = http.createServer((req, res) => {
    const up = http.request({ host: ralphUrl.hostname, port: ralphUrl.port, path: req.url, method: req.method, headers: req.headers }, (ur) => {
      const chunks = [];
      ur.on("data", (c) => chunks.push(c));
      ur.on("end", () => {
        const body = Buffer.concat(chunks);
        seen++;
        if (seen === 2 && cut === 0 && body.length > 100) {
          cut++;
          res.writeHead(ur.statusCode, { ...ur.headers, "content-length": String(body.length) });
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          setTimeout(() => res.socket.destroy(), 50);
          return;
        }
        res.writeHead(ur.statusCode, ur.headers);
        res.end(body);
      });
    });
    req.pipe(up);
  });
  await new Promise((r) => proxy.listen(port, "127.0.0.1", r));
  try {
    const fresh = path.join(dir, "fresh.trellis");
    fs.copyFileSync(path.join(dir, "results-demo.trellis"), fresh);
    const total = (await lrsStatements()).length;
    const url = `http://127.0.0.1:${port}${ralphUrl.pathname}`;
    const pull = await trellis(["results", "pull", fresh, "--lrs", url, "--page-size", "20"], KEY);
    assert.equal(pull.code, 0, pull.stderr);
    assert.equal(cut, 1, "the proxy cut one answer");
    assert.match(pull.stdout, /1 asked for again/);
    const report = JSON.parse((await trellis(["results", fresh, "--format", "json"])).stdout);
    assert.equal(report.all.statements, total, "each statement once");
  } finally {
    await new Promise((r) => proxy.close(r));
  }
});

test("wrong credentials, a failing store and an unreachable one are named plainly", { timeout: 120000 }, async () => {
  const count = JSON.parse((await trellis(["results", coursePath, "--format", "json"])).stdout).all.statements;
  const wrong = await trellis(["results", "pull", coursePath, "--lrs", ralph.url], { ...KEY, TRELLIS_LRS_SECRET: "not-the-secret" });
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /refused the key and secret \(401 Unauthorized\); check TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET/);

  const port = await freePort();
  const failing = http.createServer((req, res) => { res.writeHead(500, { "content-type": "text/plain" }); res.end("database is down"); });
  await new Promise((r) => failing.listen(port, "127.0.0.1", r));
  try {
    const r500 = await trellis(["results", "pull", coursePath, "--lrs", `http://127.0.0.1:${port}/xAPI/`, "--retries", "1"], KEY);
    assert.notEqual(r500.code, 0);
    assert.match(r500.stderr, /failed \(500 Internal Server Error: database is down\); asked 2 times, giving up/);
  } finally {
    await new Promise((r) => failing.close(r));
  }
  const gone = await trellis(["results", "pull", coursePath, "--lrs", `http://127.0.0.1:${port}/xAPI/`, "--retries", "0"], KEY);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /could not reach the record store at http:\/\/127\.0\.0\.1:\d+\/xAPI\//);
  const noKey = await trellis(["results", "pull", coursePath, "--lrs", ralph.url], { TRELLIS_LRS_KEY: "", TRELLIS_LRS_SECRET: "" });
  assert.notEqual(noKey.code, 0);
  const after = JSON.parse((await trellis(["results", coursePath, "--format", "json"])).stdout).all.statements;
  assert.equal(after, count, "nothing changed by the failed pulls");
});

/** Runs one SQL query on a course file with the sqlite3 tool, read-only; rows of `|`-separated text. */
function sql(file, query) {
  return new Promise((resolve, reject) => {
    execFile("sqlite3", ["-readonly", file, query], (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim().split("\n").filter(Boolean))));
  });
}

test("the editor gets results from the record store and a file while the course is open", { timeout: 300000 }, async () => {
  assert.ok(plans, "the first test ran");
  const editorCourse = path.join(dir, "editor.trellis");
  const made = await trellis(["import", path.join(dir, "course"), "-o", editorCourse]);
  assert.equal(made.code, 0, made.stderr);
  const total = (await lrsStatements()).length;
  const studio = await startStudio({ course: editorCourse });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  try {
    await page.goto(studio.url);
    await page.locator(".shell").waitFor();
    await page.getByRole("button", { name: "Results", exact: true }).click();
    const view = page.locator(".results-view");
    await view.getByText(/No learners' results in this course file yet/).waitFor();
    const status = view.getByRole("status");

    await view.getByLabel("Record store address").fill(ralph.url);
    await view.getByLabel("Key", { exact: true }).fill(KEY.TRELLIS_LRS_KEY);
    await view.getByLabel("Secret", { exact: true }).fill("not-the-secret");
    await view.getByRole("button", { name: "Get results" }).click();
    await status.getByText(/refused the key and secret \(401 Unauthorized\); check the key and secret given/).waitFor({ timeout: 60000 });
    assert.deepEqual(await sql(editorCourse, "SELECT count(*) FROM results"), ["0"]);

    await view.getByLabel("Secret", { exact: true }).fill(KEY.TRELLIS_LRS_SECRET);
    await view.getByRole("button", { name: "Get results" }).click();
    await status.getByText(new RegExp(`${total} statements read: ${total} new, 0 already held`)).waitFor({ timeout: 120000 });
    // Read back from the file the editor has open: every statement once, where the pull ended, no edit logged.
    assert.deepEqual(await sql(editorCourse, "SELECT count(*), count(DISTINCT statement_id), min(origin), max(origin) FROM results"), [`${total}|${total}|lrs|lrs`]);
    assert.deepEqual(await sql(editorCourse, "SELECT lrs FROM results_pulls"), [ralph.url.replace(/\/?$/, "/")]);
    assert.deepEqual(await sql(editorCourse, "SELECT count(*) FROM edit_log"), ["0"], "results are outside the undo history");
    await view.getByText(new RegExp(`^${LEARNERS + 2} learners, ${total} statements`)).waitFor();
    // The address is offered again, the key and secret are held for this session only.
    assert.equal(await view.getByLabel("Key", { exact: true }).inputValue(), KEY.TRELLIS_LRS_KEY);
    assert.equal(await view.getByLabel("Secret", { exact: true }).inputValue(), "");

    // The command line pulls into the same open file, and reports from it.
    const cli = await trellis(["results", "pull", editorCourse, "--lrs", ralph.url], KEY);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, / 0 new, /);
    const rep = await trellis(["results", editorCourse, "--format", "json"]);
    assert.equal(rep.code, 0, rep.stderr);
    assert.equal(JSON.parse(rep.stdout).all.statements, total);

    // Three more answers from an exported file.
    const lines = [0, 1, 2].map((n) => JSON.stringify({
      id: `00000000-0000-4000-9000-${String(n).padStart(12, "0")}`,
      actor: { mbox: `mailto:exported${n}@results.example` },
      verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
      object: { id: `urn:trellis:course:results-demo:question:q-easy` },
      result: { success: true, response: "blue" },
      context: { revision: "2.1", contextActivities: { parent: [{ id: "urn:trellis:course:results-demo" }] } },
      timestamp: `2026-12-01T10:00:0${n}Z`,
    }));
    const exported = path.join(dir, "exported.jsonl");
    fs.writeFileSync(exported, [...lines, "not a statement"].join("\n") + "\n");
    await view.getByLabel("Results file to import").setInputFiles(exported);
    const said = view.getByRole("alert");
    await said.getByText(/4 statements read: 3 new, 0 already held, 1 damaged or unreadable left out/).waitFor({ timeout: 60000 });
    assert.match(await said.textContent(), /line 4/);
    assert.deepEqual(await sql(editorCourse, "SELECT count(*) FROM results WHERE origin = 'file'"), ["3"]);
    assert.deepEqual(await sql(editorCourse, "SELECT count(*) FROM results"), [`${total + 3}`]);
    await view.getByText(new RegExp(`^${LEARNERS + 5} learners, ${total + 3} statements`)).waitFor();
  } finally {
    await ctx.close();
    await studio.stop();
  }
  // Once the editor is closed the file is whole and holds everything.
  assert.deepEqual(await sql(editorCourse, "PRAGMA integrity_check"), ["ok"]);
  assert.deepEqual(await sql(editorCourse, "SELECT count(*) FROM results"), [`${total + 3}`]);
});

test("cmi5: learners launched by the LMS, over several registrations, come back as the figures they make", { timeout: 900000 }, async () => {
  const CMI5_LEARNERS = Number(process.env.RESULTS_CMI5_LEARNERS || 24);
  const src = courseFolder(path.join(dir, "course-cmi5"), "results-cmi5");
  const pkg = publishCourse(src, "cmi5", path.join(dir, "pkg-cmi5"));
  const au = auIn(pkg);
  assert.equal(au.id, "urn:trellis:course:results-cmi5:au");
  const cmi5Course = path.join(dir, "results-cmi5.trellis");
  const made = await trellis(["import", src, "-o", cmi5Course]);
  assert.equal(made.code, 0, made.stderr);
  const served = await serve({ "/c5/": pkg });
  const lms = new Cmi5Lms(ralph);
  await lms.start();
  const launches = [];
  try {
    const r = rng(SEED + 5);
    // A third of the learners take the course again in a second registration (answering everything again).
    const learners = Array.from({ length: CMI5_LEARNERS }, (_, i) => {
      const first = plan(r, i % 2 === 0);
      return i % 3 === 0 ? [first, { ...plan(r, i % 2 === 0), goesOn: true }] : [first];
    });
    for (const [i, regs] of learners.entries()) {
      const actor = { objectType: "Agent", name: `cmi5 learner ${i}`, account: { homePage: "https://lms.results.example", name: `cmi5-learner-${i}` } };
      for (const who of regs) {
        const registration = randomUUID();
        const session = await lms.launch({ contentUrl: `${served.url}/c5/${au.url}`, au, actor, registration });
        launches.push({ session, registration });
        const held = async () => (await ralph.statements(registration));
        await runLearner(`cmi5 ${i}`, who, {
          url: session.launchUrl,
          answered: async () => (await held()).filter((s) => verbOf(s) === "answered").length,
          // Leaving the way a learner does (pagehide) sends terminated.
          leave: async (page) => {
            await page.goto("about:blank");
            const until = Date.now() + 15000;
            while (!(await held()).some((s) => verbOf(s) === "terminated")) {
              if (Date.now() > until) assert.fail(`cmi5 learner ${i}: no terminated in the LRS`);
              await sleep(250);
            }
          },
        });
      }
    }
    // Each registration follows the cmi5 rules, experienced statements included (cmi5 allowed statements).
    for (const { session, registration } of launches) {
      const stored = await ralph.statements(registration);
      assert.deepEqual(checkCmi5(stored, [session], registration), [], `cmi5 rules, registration ${registration}`);
      const lessons = stored.filter((s) => verbOf(s) === "experienced").map((s) => s.object.id.replace(/.*:lesson:/, "")).sort();
      assert.ok(lessons.includes("intro") && lessons.includes("quiz-a"), `experienced lessons: ${lessons}`);
      assert.equal(new Set(lessons).size, lessons.length, "each lesson once per session");
    }
    assert.deepEqual(lms.problems, [], "the LMS refused nothing");

    // Every statement of these registrations is stored once, the LMS's launched ones included.
    let held = 0;
    for (const { registration } of launches) held += (await ralph.statements(registration)).length;
    const pull = await trellis(["results", "pull", cmi5Course, "--lrs", ralph.url, "--page-size", "50"], KEY);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stdout, new RegExp(`: ${held} new, 0 already held`), "the xAPI course's statements are not read as this one's");
    const report = JSON.parse((await trellis(["results", cmi5Course, "--format", "json"])).stdout);
    assert.equal(report.all.learners, CMI5_LEARNERS);
    assert.deepEqual(report.versions.map((v) => v.version), ["2.1"]);
    assert.equal(report.all.statements, held, "every statement of the registrations, once");
    assertFigures(report, expected(learners), "cmi5");
    assertReach(report, CMI5_LEARNERS, learners.filter((regs) => regs.some((p) => p.goesOn)).length, "cmi5");
  } finally {
    await lms.stop();
    await served.stop();
  }
});
