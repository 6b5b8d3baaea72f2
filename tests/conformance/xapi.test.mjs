// Plain xAPI (Tin Can) packages against a real LRS (Ralph), launched the way
// an LMS does it under the Rustici "Tin Can launch" convention:
// index.html?endpoint=…&auth=…&actor=…&registration=…&activity_id=…, with
// the activity id read from the package's tincan.xml. There is no LMS in
// between: the content calls Ralph directly, across origins (Ralph's own CORS).
// A scripted learner opens a lesson from the menu, answers one question right
// and one wrong, moves on, and closes the page (pagehide). The statements
// Ralph stored for the registration are then checked.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { packageDir, serve, launch, SUITE_COURSES, exampleCourse } from "./lib/env.mjs";
import { Learner } from "./lib/learner.mjs";
import { Ralph } from "./lib/ralph.mjs";
import { verbOf } from "./lib/cmi5rules.mjs";
import { response, TYPES } from "./lib/expect.mjs";

let ralph, content, browser;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  const roots = {};
  for (const ex of SUITE_COURSES) roots[`/${ex}/`] = packageDir(ex, "xapi");
  content = await serve(roots);
  ralph = new Ralph({ corsOrigins: [content.url] });
  await ralph.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await content?.stop();
  await ralph?.stop();
});

/** The course activity as an LMS imports it from tincan.xml: the activity with a launch element. */
function courseActivityOf(example) {
  const xml = fs.readFileSync(path.join(packageDir(example, "xapi"), "tincan.xml"), "utf8");
  const acts = [...xml.matchAll(/<activity\s[^>]*>[\s\S]*?<\/activity>/g)].map((m) => m[0]);
  const withLaunch = acts.filter((a) => /<launch[\s>]/.test(a));
  assert.equal(withLaunch.length, 1, "tincan.xml: exactly one activity with a launch element");
  const a = withLaunch[0];
  return { id: a.match(/\sid="([^"]+)"/)[1], type: a.match(/\stype="([^"]+)"/)?.[1],
    launch: a.match(/<launch[^>]*>([^<]+)<\/launch>/)[1].trim() };
}

/** The launch URL under the Tin Can launch convention (every value URL-encoded). */
function launchUrl(example, act, { actor, registration }) {
  const q = new URLSearchParams({ endpoint: ralph.url, auth: ralph.auth, actor: JSON.stringify(actor), registration,
    activity_id: act.id });
  return `${content.url}/${example}/${act.launch}?${q}`;
}

/** The first lesson after the first one with at least two practice questions (so it is opened from the menu). */
function lessonToOpen(course) {
  const l = course.lessons.slice(1).find((x) => x.template !== "assessment" && x.blocks.filter((b) => b.kind === "question").length >= 2);
  assert.ok(l, `${course.id}: a lesson with two practice questions`);
  return l;
}

async function waitFor(check, what, ms, diag = () => "") {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) assert.fail(`timed out after ${ms} ms waiting for ${what}${diag()}`);
    await sleep(250);
  }
}

/**
 * One session: launch, open a lesson from the menu, the first question right,
 * the second wrong (every attempt), Next, close the page. With `settle`, the
 * learner lets the answers reach the LRS before moving on; without, it closes
 * the page straight after the last answer (statements still in flight).
 */
async function session(example, actor, { settle = true } = {}) {
  const course = exampleCourse(example);
  const act = courseActivityOf(example);
  const registration = randomUUID();
  const ctx = await browser.newContext();  // no request routing: it drops keepalive requests sent while unloading
  const page = await ctx.newPage();
  const errors = [], refused = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.url().startsWith(ralph.url + "statements") && r.status() >= 400) {
      const what = `${r.request().method()} statements -> ${r.status()}`;
      refused.push(what);
      r.text().then((t) => { refused[refused.indexOf(what)] = `${what}: ${t.slice(0, 300)}`; }, () => {});
    }
  });
  if (process.env.DEBUG_REQ) page.on("request", (r) => r.url().startsWith(ralph.url) && console.log("REQ", r.method(), r.url().slice(0, 100)));
  const t0 = new Date().toISOString();
  await page.goto(launchUrl(example, act, { actor, registration }));
  const learner = new Learner(page, course);
  await learner.waitReady();

  const lesson = lessonToOpen(course);
  await learner.openLesson(lesson);
  const [q1, q2] = lesson.blocks.filter((b) => b.kind === "question").map((b) => course.byId[b.id]);
  await learner.practice(q1, true);
  await learner.practice(q2, false);
  const expected = [{ q: q1, correct: true }, ...Array.from({ length: Math.max(1, q2.attempts) }, () => ({ q: q2, correct: false }))];
  if (settle) {
    // The answered statements reach the LRS while the page is open.
    const why = () => `\n  statement writes the LRS refused (${refused.length}; distinct: ${[...new Set(refused)].join("\n    ")})`;
    await waitFor(async () => {
      if (refused.length) { await sleep(300); assert.fail(`the LRS refused a statement write before the answers got through${why()}`); }
      return (await ralph.statements(registration)).filter((s) => verbOf(s) === "answered").length >= expected.length;
    }, `${expected.length} answered statements in the LRS`, 15000, why);
    const nextLesson = course.lessons[course.lessons.indexOf(lesson) + 1];
    await learner.next();
    await learner.lessonHeading(nextLesson).waitFor();
  }

  // Leave: the learner closes the tab (pagehide fires; the adapter's last word goes out with keepalive).
  const beforeClose = (await ralph.statements(registration)).map(verbOf);
  await page.close({ runBeforeUnload: true });
  const closedAt = Date.now();
  // Wait until the LRS stops receiving, then a little longer for anything late.
  let stored = await ralph.statements(registration), quietSince = Date.now();
  while (Date.now() - quietSince < 2500 && Date.now() - closedAt < 15000) {
    await sleep(250);
    const now = await ralph.statements(registration);
    if (now.length !== stored.length) { stored = now; quietSince = Date.now(); }
  }
  await ctx.close();
  return { course, act, registration, actor, lesson, expected, stored, beforeClose, errors, refused, settle, t0, t1: new Date().toISOString() };
}

/** What an agent is, by its inverse functional identifier (and name), in xAPI 1.0.3 form. */
function identity(a) {
  const one = (v) => (Array.isArray(v) ? v[0] : v);
  if (a?.mbox) return { mbox: one(a.mbox), name: one(a.name) };
  const acc = one(a?.account);
  if (acc) return { account: { homePage: acc.homePage ?? acc.accountServiceHomePage, name: acc.name ?? acc.accountName }, name: one(a.name) };
  return { other: JSON.stringify(a) };
}

/** The checks every session must pass. */
function check(run) {
  const { course, act, registration, actor, stored, expected } = run;
  const base = act.id;
  assert.equal(base, `urn:trellis:course:${course.id}`, "tincan.xml: the course activity id derives from the course id");
  assert.ok(stored.length > 0, "the LRS holds statements for the registration");
  assert.deepEqual(run.refused, [], "the LRS accepted every statement write");
  assert.deepEqual(run.errors, [], "no script errors in the content");

  // Children of the course: IRIs built from the model's ids.
  const children = new Set([
    ...course.lessons.map((l) => `${base}:lesson:${l.id}`),
    ...course.questions.map((q) => `${base}:question:${q.id}`),
    ...course.objectives.map((o) => `${base}:objective:${o.id}`),
  ]);
  const want = identity(actor);
  const ids = new Set();
  for (const s of stored) {
    const tag = `${verbOf(s)} ${s.id}`;
    assert.match(s.id, UUID, `${tag}: id is a UUID`);
    assert.ok(!ids.has(s.id), `${tag}: id is unique`);
    ids.add(s.id);
    assert.deepEqual(identity(s.actor), want, `${tag}: actor is the launch actor`);
    assert.equal(s.context?.registration, registration, `${tag}: context.registration`);
    assert.equal(s.context?.language, course.language, `${tag}: context.language is the language the course was taken in`);
    const parents = (s.context?.contextActivities?.parent ?? []).map((a) => a.id);
    if (s.object?.id !== base) {
      assert.ok(children.has(s.object?.id), `${tag}: object ${s.object?.id} is the course or one of its activities (urn:trellis:course:${course.id}:…)`);
      assert.ok(parents.includes(base), `${tag}: a child activity has the course ${base} as contextActivities.parent (got ${JSON.stringify(parents)})`);
    }
    assert.ok(s.timestamp >= run.t0 && s.timestamp <= run.t1 && /(Z|\+00:00)$/.test(s.timestamp), `${tag}: timestamp ${s.timestamp} is UTC and within the session`);
  }

  // The order things happened in: by timestamp (ties kept in the LRS's stored order).
  const byTime = [...stored].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.stored.localeCompare(b.stored));
  const byStored = [...stored].sort((a, b) => a.stored.localeCompare(b.stored));
  // (Only when nothing was in flight at the close: the keepalive batch sent on
  // pagehide may legitimately overtake a request still under way.)
  if (run.settle) assert.deepEqual(byStored.map((s) => s.timestamp).filter((t, i, a) => i > 0 && t < a[i - 1]), [],
    "the LRS received the statements in the order they happened (timestamps never go back in stored order)");

  // Answered: one per check, the question's IRI, success as the learner did, the response given.
  const answered = byTime.filter((s) => verbOf(s) === "answered");
  assert.deepEqual(answered.map((s) => s.object.id), expected.map((e) => `${base}:question:${e.q.id}`),
    "one answered statement per check, object = the question's IRI, in order");
  answered.forEach((s, i) => {
    const { q, correct } = expected[i];
    assert.equal(s.result?.success, correct, `answered ${q.id}: result.success`);
    assert.equal(s.result?.response, response(q, correct, "04"), `answered ${q.id}: result.response`);
    assert.equal(s.object.definition?.interactionType, TYPES[q.type], `answered ${q.id}: interactionType`);
  });

  // Each lesson shown (the first page, the lesson opened, the next one): one experienced, object the lesson's IRI.
  const experienced = byTime.filter((s) => verbOf(s) === "experienced").map((s) => s.object.id);
  assert.equal(new Set(experienced).size, experienced.length, `one experienced per lesson shown (${experienced.join(", ")})`);
  const shown = [course.lessons[0], run.lesson, ...(run.settle ? [course.lessons[course.lessons.indexOf(run.lesson) + 1]] : [])];
  for (const l of shown) assert.ok(experienced.includes(`${base}:lesson:${l.id}`), `experienced for lesson ${l.id} (got ${experienced.join(", ")})`);

  // The session: initialized first, one closing statement last, nothing after it.
  const verbs = byTime.map(verbOf);
  assert.equal(verbs[0], "initialized", `first statement is initialized (verbs: ${verbs.join(", ")})`);
  assert.equal(verbs.filter((v) => v === "initialized").length, 1, "one initialized");
  const closing = ["terminated", "suspended", "exited"];
  assert.ok(closing.includes(verbs.at(-1)), `leaving sends a closing statement (${closing.join("/")}) last; verbs: ${verbs.join(", ")}`);
  assert.equal(verbs.filter((v) => closing.includes(v)).length, 1, "exactly one closing statement");
  assert.deepEqual(run.beforeClose.filter((v) => closing.includes(v)), [], "the closing statement is sent on leaving (pagehide), not before");
  // One lesson of the course done: nothing may claim completion or a result.
  assert.deepEqual(verbs.filter((v) => ["completed", "passed", "failed"].includes(v)), [], "no completed/passed/failed after one lesson");
  for (const s of byTime.filter((x) => x.object?.id === base)) assert.equal(s.result?.success, undefined, `${verbOf(s)}: no result.success on the course yet`);
  return { verbs };
}

describe("xAPI (Tin Can launch) with the Ralph LRS", () => {
  test("phishing-awareness, Tin Can launch actor (mbox and name as arrays)", async () => {
    const run = await session("phishing-awareness", { name: ["Test Learner"], mbox: ["mailto:learner-1@trellis.example"] });
    check(run);
  });

  test("safe-forklift-operation, xAPI 1.0 account actor", async () => {
    const run = await session("safe-forklift-operation", { objectType: "Agent", name: "Test Learner",
      account: { homePage: "https://lms.trellis.example", name: "learner-2" } });
    check(run);
  });

  test("phishing-awareness, closed straight after the last answer: nothing lost, terminated still last", async () => {
    const run = await session("phishing-awareness", { objectType: "Agent", mbox: "mailto:learner-3@trellis.example" }, { settle: false });
    check(run);
  });

  // The French course OmegaT translated (published with --lang fr): the same
  // statements, ids and order as the English course's.
  test("phishing-awareness.fr (OmegaT's French), xAPI 1.0 account actor", async () => {
    const run = await session("phishing-awareness.fr", { objectType: "Agent", name: "Apprenant",
      account: { homePage: "https://lms.trellis.example", name: "learner-fr" } });
    check(run);
  });

  // The Tin Can launch convention's own (0.95) actor form: `account` as an
  // array of { accountServiceHomePage, accountName }, as LMSs still send it.
  // The content must turn it into an xAPI 1.0.3 account before sending.
  test("safe-forklift-operation, Tin Can launch actor with a legacy account array", async () => {
    const run = await session("safe-forklift-operation", { objectType: "Agent", name: ["Test Learner"],
      account: [{ accountServiceHomePage: "https://lms.trellis.example", accountName: "learner-4" }] });
    for (const s of run.stored) assert.deepEqual(s.actor.account, { homePage: "https://lms.trellis.example", name: "learner-4" }, "actor.account in xAPI 1.0.3 form");
    check(run);
  });
});
