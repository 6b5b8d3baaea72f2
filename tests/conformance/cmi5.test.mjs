// cmi5 packages against a real LRS (Ralph) behind a small LMS of the suite's
// own (launch URL, one-time fetch URL, State API with LMS.LaunchData, a
// /statements pass-through). A scripted learner works through the course in
// Chromium; the statements Ralph stored for the registration are then checked
// against the cmi5 AU rules (labelled with @cmi5/requirements ids).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { packageDir, repo, serve, launch } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { Learner } from "./lib/learner.mjs";
import { Ralph } from "./lib/ralph.mjs";
import { Cmi5Lms } from "./lib/cmi5lms.mjs";
import { checkCmi5, verbOf } from "./lib/cmi5rules.mjs";
import { response } from "./lib/expect.mjs";

let ralph, lms, content, browser;
const EX = ["phishing-awareness", "safe-forklift-operation"];

before(async () => {
  ralph = new Ralph();
  await ralph.start();
  lms = new Cmi5Lms(ralph);
  await lms.start();
  const roots = {};
  for (const ex of EX) roots[`/${ex}/`] = packageDir(ex, "cmi5");
  content = await serve(roots);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await content?.stop();
  await lms?.stop();
  await ralph?.stop();
});

/** The AU as the LMS imports it from cmi5.xml. */
function auOf(example) {
  const xml = fs.readFileSync(path.join(packageDir(example, "cmi5"), "cmi5.xml"), "utf8");
  const tag = xml.match(/<au\s[^>]*>/)[0];
  const attr = (n) => tag.match(new RegExp(`\\s${n}="([^"]*)"`))?.[1];
  return { id: attr("id"), moveOn: attr("moveOn") ?? "NotApplicable", masteryScore: attr("masteryScore") != null ? Number(attr("masteryScore")) : null,
    launchMethod: attr("launchMethod") ?? "AnyWindow", url: xml.match(/<url>([^<]+)<\/url>/)[1].trim() };
}

const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-1" } };

async function open(example, course, registration) {
  const au = auOf(example);
  const session = await lms.launch({ contentUrl: `${content.url}/${example}/${au.url}`, au, actor, registration });
  // No request routing here: Playwright's interception drops the keepalive
  // requests (and their CORS preflights) a page sends while it unloads, which
  // is exactly when the AU sends terminated. Nothing leaves the machine anyway.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (process.env.DEBUG_REQ) {  // DEBUG_REQ=1: print the AU's xAPI requests and console
    page.on("request", (r) => r.url().includes("/xapi/") && console.log("REQ", r.method(), r.url().slice(0, 80), (r.postData() || "").slice(0, 80)));
    page.on("requestfailed", (r) => console.log("FAILED", r.method(), r.url().slice(0, 80), r.failure()?.errorText));
    page.on("console", (m) => console.log("CONSOLE", m.text()));
  }
  await page.goto(session.launchUrl);
  const learner = new Learner(page, course);
  await learner.waitReady();
  return { au, session, ctx, page, learner, errors };
}

/** Leaves the AU the way a learner does (navigating away: pagehide), then waits for terminated. */
async function leave(run, registration) {
  await run.page.goto("about:blank");
  await waitFor(async () => (await ralph.statements(registration)).some((s) => verbOf(s) === "terminated" &&
    s.context?.extensions?.["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] === run.session.id), "terminated in the LRS", 15000, run, registration);
  await run.ctx.close();
}

/** What happened, for a readable failure: the AU's requests to the LMS and what the LRS holds. */
async function diag(run, registration) {
  const reqs = run.session.requests.map((r) => `${r.method} ${r.path} -> ${r.status ?? "(state)"}`);
  const counts = {};
  for (const r of reqs) counts[r] = (counts[r] || 0) + 1;
  let stored = [];
  try { stored = (await ralph.statements(registration)).map(verbOf); } catch (e) { stored = [`(LRS: ${e.message})`]; }
  const sent = [...run.session.attempted.values()].map(verbOf);
  return `\n  AU requests: ${JSON.stringify(counts)}\n  statements the AU sent (${sent.length}): ${sent.join(", ")}` +
    `\n  statements the LRS holds (${stored.length}): ${stored.join(", ")}\n  LMS findings: ${JSON.stringify(lms.problems)}`;
}

async function waitFor(check, what, ms, run, registration) {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) assert.fail(`timed out after ${ms} ms waiting for ${what}` + (run ? await diag(run, registration) : ""));
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the learner answered, in order, for the answered statements. */
function answersOf(course, correct, drawn, lessons = course.lessons) {
  const out = [];
  for (const l of lessons) {
    if (l.template === "assessment") { for (const id of drawn) out.push({ q: course.byId[id], correct }); continue; }
    for (const b of l.blocks) if (b.kind === "question") {
      const q = course.byId[b.id];
      for (let t = 0; t < (correct ? 1 : Math.max(1, q.attempts)); t++) out.push({ q, correct });
    }
  }
  return out;
}

async function workAll(learner, course, correct, from = 0, to = course.lessons.length) {
  let drawn = [];
  for (let i = from; i < to; i++) {
    const lesson = course.lessons[i];
    await learner.lessonHeading(lesson).waitFor();
    const done = await learner.doLesson(lesson, correct);
    if (done.assessment) drawn = done.assessment.drawn;
    if (i < course.lessons.length - 1) await learner.next();
  }
  return drawn;
}

function checkAnswered(stored, course, expected) {
  const answered = stored.filter((s) => verbOf(s) === "answered").sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  assert.deepEqual(answered.map((s) => s.object.id), expected.map((e) => `urn:trellis:course:${course.id}:question:${e.q.id}`),
    "one answered statement per answer, object = the question's IRI, in order");
  answered.forEach((s, i) => {
    const { q, correct } = expected[i];
    assert.equal(s.result?.response, response(q, correct, "04"), `answered ${q.id}: result.response`);
    assert.equal(s.result?.success, correct, `answered ${q.id}: result.success`);
    assert.equal(s.object.definition?.interactionType, { "single-choice": "choice", "multiple-response": "choice", "true-false": "true-false",
      "fill-blank": "fill-in", matching: "matching", ordering: "sequencing", numeric: "numeric" }[q.type], `answered ${q.id}: interactionType`);
  });
}

function lmsSide(run) {
  const problems = [...lms.problems];
  if (run.session.fetches !== 1) problems.push(`[8.2.1.0-2 / 8.2.3.0-1] the fetch URL was POSTed ${run.session.fetches} times in the session, expected once`);
  return problems;
}

describe("cmi5 with the Ralph LRS", () => {
  test("phishing-awareness, all correct: cmi5 rules on every statement; completed and passed once", async () => {
    const course = loadCourse(path.join(repo, "examples", "phishing-awareness"));
    const registration = randomUUID();
    lms.problems.length = 0;
    const run = await open("phishing-awareness", course, registration);
    const drawn = await workAll(run.learner, course, true);
    await run.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await leave(run, registration);
    const stored = await ralph.statements(registration);
    const findings = checkCmi5(stored, [{ ...run.session, launchData: run.session.launchData }], registration);
    assert.deepEqual([...lmsSide(run), ...findings], [], "cmi5 conformance of the AU");
    const verbs = stored.filter((s) => verbOf(s) !== "answered").sort((a, b) => a.timestamp.localeCompare(b.timestamp)).map(verbOf);
    assert.deepEqual(verbs.filter((v) => v !== "launched"), ["initialized", "completed", "passed", "terminated"],
      "cmi5 defined statements: initialized, completed, passed, terminated");
    const passed = stored.find((s) => verbOf(s) === "passed");
    assert.equal(passed.result.score.scaled, 1, "passed: score.scaled");
    checkAnswered(stored, course, answersOf(course, true, drawn));
    assert.deepEqual(run.errors, [], "no script errors in the AU");
  });

  test("safe-forklift-operation: the LRS goes away mid-course and comes back; nothing lost, nothing duplicated", async () => {
    const course = loadCourse(path.join(repo, "examples", "safe-forklift-operation"));
    const registration = randomUUID();
    lms.problems.length = 0;
    const run = await open("safe-forklift-operation", course, registration);
    const down = 2, up = 5;  // the LRS is away while the learner works through lessons [down, up)
    await workAll(run.learner, course, true, 0, down);
    await waitFor(async () => (await ralph.statements(registration)).some((s) => verbOf(s) === "initialized"), "initialized", 10000, run, registration);
    await ralph.stop();   // the LRS goes away; the LMS answers 502
    await workAll(run.learner, course, true, down, up);
    const during = run.session.requests.filter((r) => r.path === "/xapi/statements" && r.status === 502).length;
    assert.ok(during > 0, "the AU tried to send while the LRS was away");
    await ralph.start();  // back, same port and data
    const drawn = await workAll(run.learner, course, true, up);
    await run.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    const expected = answersOf(course, true, drawn);
    await leave(run, registration);
    const stored = await ralph.statements(registration);
    const storedIds = stored.map((s) => s.id);
    assert.equal(new Set(storedIds).size, storedIds.length, "no statement stored twice");
    const attempted = [...run.session.attempted.keys()];
    const lost = attempted.filter((id) => !storedIds.includes(id)).map((id) => `${verbOf(run.session.attempted.get(id))} ${id}`);
    assert.deepEqual(lost, [], "every statement the AU sent reached the LRS");
    checkAnswered(stored, course, expected);
    const findings = checkCmi5(stored, [run.session], registration);
    assert.deepEqual([...lmsSide(run), ...findings], [], "cmi5 conformance of the AU");
    assert.deepEqual(run.errors, [], "no script errors in the AU");
  });
});
