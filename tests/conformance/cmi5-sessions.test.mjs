// cmi5 over several sessions and attempts, against the Ralph LRS: relaunches
// in the same browser (its local storage kept, as a learner's is), a quick
// exit while the LRS is away, fail then retry in one session and across
// sessions, leaving mid-assessment, a second registration, and the learner
// preferences the LMS keeps. Each test reads back what the LRS stored and
// checks it against the cmi5 session rules the player follows
// (docs/publishing.md, "cmi5 sessions").
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { randomUUID } from "node:crypto";
import { packageDir, repo, serve, launch } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { Ralph } from "./lib/ralph.mjs";
import { Cmi5Lms } from "./lib/cmi5lms.mjs";
import { checkCmi5, verbOf } from "./lib/cmi5rules.mjs";
import { Cmi5Runs, sessionOf, workAll, answersOf, checkAnswered } from "./lib/cmi5run.mjs";

const EX = ["phishing-awareness", "safe-forklift-operation"];
const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-sessions" } };
let ralph, lms, content, browser, runs;

before(async () => {
  ralph = new Ralph();
  await ralph.start();
  lms = new Cmi5Lms(ralph);
  await lms.start();
  const roots = {};
  for (const ex of EX) roots[`/${ex}/`] = packageDir(ex, "cmi5");
  content = await serve(roots);
  browser = await launch();
  runs = new Cmi5Runs({ ralph, lms, content, browser, actor });
});
after(async () => {
  await browser?.close();
  await content?.stop();
  await lms?.stop();
  await ralph?.stop();
});

const phishing = () => loadCourse(path.join(repo, "examples", "phishing-awareness"));
const forklift = () => loadCourse(path.join(repo, "examples", "safe-forklift-operation"));
const byTime = (a, b) => a.timestamp.localeCompare(b.timestamp);

/** The verbs of one session's statements (the AU's, not the LMS's launched), in time order. */
function verbsOf(stored, run) {
  return stored.filter((s) => sessionOf(s) === run.session.id && verbOf(s) !== "launched").sort(byTime).map(verbOf);
}
/** The cmi5 defined verbs (answered left out) of one session. */
const defined = (stored, run) => verbsOf(stored, run).filter((v) => v !== "answered");

/** Statements the AU sent in this launch that belong to another session (fault: a finished session's leftovers). */
function foreign(run) {
  return [...run.session.attempted.values()].filter((s) => sessionOf(s) !== run.session.id || s.context?.registration !== run.registration)
    .map((s) => `${verbOf(s)} of session ${sessionOf(s)} (registration ${s.context?.registration})`);
}

function conformant(stored, list, registration) {
  const problems = [...lms.problems];
  for (const r of list) if (r.session.fetches !== 1) problems.push(`the fetch URL was POSTed ${r.session.fetches} times in session ${r.session.id}`);
  return [...problems, ...checkCmi5(stored, list.map((r) => r.session), registration)];
}

const drawnOf = (run, course) => run.learner.drawn(course.assessments[0]);
const lastLesson = (course) => course.lessons.length - 1;

describe("cmi5 sessions and attempts with the Ralph LRS", () => {
  test("relaunch twice in the same browser: each session sends only its own statements; the LRS holds three whole sessions", async () => {
    const course = phishing();
    const registration = randomUUID();
    lms.problems.length = 0;
    const ctx = await browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, 2);
    await runs.leave(s1, { keep: true });
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.learner.lessonHeading(course.lessons[2]).waitFor();
    await workAll(s2.learner, course, true, 2, lastLesson(course));
    await runs.leave(s2, { keep: true });
    const s3 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s3.learner.lessonHeading(course.lessons[lastLesson(course)]).waitFor();
    const drawn = await workAll(s3.learner, course, true, lastLesson(course));
    await s3.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s3);
    for (const r of [s1, s2, s3]) assert.deepEqual(foreign(r), [], "the AU sent no statement of a finished session");
    const stored = await ralph.statements(registration);
    assert.deepEqual(conformant(stored, [s1, s2, s3], registration), [], "cmi5 rules over the three sessions");
    assert.deepEqual(defined(stored, s1), ["initialized", "terminated"], "session 1");
    assert.deepEqual(defined(stored, s2), ["initialized", "terminated"], "session 2");
    assert.deepEqual(defined(stored, s3), ["initialized", "completed", "passed", "terminated"], "session 3");
    checkAnswered(stored, course, answersOf(course, true, drawn));
    for (const r of [s1, s2, s3]) assert.deepEqual(r.errors, [], "no script errors");
  });

  test("quick exit while the LRS is away: the next session sends none of it, and reports completed and passed itself", async () => {
    const course = phishing();
    const registration = randomUUID();
    lms.problems.length = 0;
    const ctx = await browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    await runs.waitFor(async () => (await ralph.statements(registration)).filter((s) => verbOf(s) === "answered").length ===
      answersOf(course, true, [], course.lessons.slice(0, lastLesson(course))).length, "the practice answers in the LRS", 15000, s1);
    await ralph.stop();  // the LMS answers 502 from now on
    try {
      await s1.learner.doLesson(course.lessons[lastLesson(course)], true);
      await s1.page.getByRole("main").getByText(/You scored 100%/).waitFor();
      await s1.page.goto("about:blank");  // leaves at once: answered, completed, passed, terminated still queued
      await s1.page.close();
    } finally { await ralph.start(); }
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.waitFor(async () => (await ralph.statements(registration)).some((s) => verbOf(s) === "passed"), "passed in the LRS", 15000, s2);
    await runs.leave(s2);
    assert.deepEqual(foreign(s2), [], "the AU sent no statement of the finished session");
    const stored = await ralph.statements(registration);
    assert.deepEqual(defined(stored, s1), ["initialized"], "session 1: what reached the LRS before it went away");
    assert.deepEqual(defined(stored, s2), ["initialized", "completed", "passed", "terminated"], "session 2 reports the results the LRS never got");
    // Session 1 never reached terminated: the LMS abandons it. Everything else holds.
    const findings = conformant(stored, [s1, s2], registration).filter((f) => !/^\[9\.3\.8\.0-[12]\].*(not terminated|0 terminated)/.test(f));
    assert.deepEqual(findings, [], "cmi5 rules, but for session 1's missing terminated");
    assert.equal(stored.filter((s) => verbOf(s) === "passed")[0].result.score.scaled, 1, "passed: score.scaled");
  });

  test("fail then retry in the same session: one result, passed", async () => {
    const course = phishing();
    const registration = randomUUID();
    lms.problems.length = 0;
    const s1 = await runs.open("phishing-awareness", course, registration);
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    const first = await s1.learner.doLesson(course.lessons[lastLesson(course)], false);
    await s1.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    await s1.page.getByRole("button", { name: "Retry assessment" }).click();
    const second = await s1.learner.doLesson(course.lessons[lastLesson(course)], true);
    await s1.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s1);
    const stored = await ralph.statements(registration);
    assert.deepEqual(conformant(stored, [s1], registration), [], "cmi5 rules (one passed or failed per session)");
    assert.deepEqual(defined(stored, s1), ["initialized", "completed", "passed", "terminated"], "the session's result is the pass");
    const answered = stored.filter((s) => verbOf(s) === "answered").slice(-12).sort(byTime);
    assert.deepEqual(answered.map((s) => s.result.success), [...first.assessment.drawn.map(() => false), ...second.assessment.drawn.map(() => true)],
      "both attempts' answers are in the LRS");
  });

  test("fail, leave with attempts left, relaunch, retry and pass: failed in the first session, passed in the second", async () => {
    const course = phishing();
    const registration = randomUUID();
    lms.problems.length = 0;
    const ctx = await browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    await s1.learner.doLesson(course.lessons[lastLesson(course)], false);
    await s1.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    await runs.leave(s1, { keep: true });
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    await s2.page.getByRole("button", { name: "Retry assessment" }).click();
    await s2.learner.doLesson(course.lessons[lastLesson(course)], true);
    await s2.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s2);
    const stored = await ralph.statements(registration);
    assert.deepEqual(conformant(stored, [s1, s2], registration), [], "cmi5 rules over both sessions");
    assert.deepEqual(defined(stored, s1), ["initialized", "failed", "terminated"], "session 1: the fail, sent as the session ends");
    assert.deepEqual(defined(stored, s2), ["initialized", "completed", "passed", "terminated"], "session 2: the pass");
    const failed = stored.find((s) => verbOf(s) === "failed");
    assert.equal(failed.result.score.scaled, 0, "failed: score.scaled");
    for (const r of [s1, s2]) assert.deepEqual(foreign(r), [], "each session sent only its own statements");
  });

  test("every attempt used in one session: failed is sent at once, and never passed after it", async () => {
    const course = forklift();
    const asmt = course.assessments[0];
    assert.ok(asmt.attempts >= 1, "the example limits its attempts");
    const registration = randomUUID();
    lms.problems.length = 0;
    const s1 = await runs.open("safe-forklift-operation", course, registration);
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    for (let k = 0; k < asmt.attempts; k++) {
      if (k) await s1.page.getByRole("button", { name: "Retry assessment" }).click();
      await s1.learner.doLesson(course.lessons[lastLesson(course)], false);
      await s1.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    }
    // Still in the course: the result is final, so it is in the LRS already.
    await runs.waitFor(async () => (await ralph.statements(registration)).some((s) => verbOf(s) === "failed"), "failed in the LRS before leaving", 15000, s1);
    await runs.leave(s1);
    const stored = await ralph.statements(registration);
    assert.deepEqual(conformant(stored, [s1], registration), [], "cmi5 rules");
    assert.deepEqual(defined(stored, s1).filter((v) => v !== "completed"), ["initialized", "failed", "terminated"], "one failed");
  });

  test("leave mid-assessment, relaunch: the same questions with the answers given, then submit once", async () => {
    const course = phishing();
    const asmt = course.assessments[0];
    const registration = randomUUID();
    lms.problems.length = 0;
    const ctx = await browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    await s1.learner.lessonHeading(course.lessons[lastLesson(course)]).waitFor();
    const drawn = await drawnOf(s1, course);
    const half = Math.ceil(drawn.length / 2);
    for (const id of drawn.slice(0, half)) await s1.learner.setAnswer(course.byId[id], true);
    await s1.page.waitForTimeout(800);  // the answers reach the saved state (it is written 400 ms after a change)
    await runs.leave(s1, { keep: true });
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.learner.lessonHeading(course.lessons[lastLesson(course)]).waitFor();
    assert.deepEqual(await drawnOf(s2, course), drawn, "the same questions, in the same order");
    // Submitting now names the unanswered questions: the first half is still answered.
    await s2.page.getByRole("button", { name: "Submit assessment" }).click();
    await s2.learner.live.filter({ hasText: `${drawn.length - half} unanswered` }).waitFor({ timeout: 3000 })
      .catch(async () => assert.fail(`expected "${drawn.length - half} unanswered", got "${await s2.learner.live.textContent()}"`));
    for (const id of drawn.slice(half)) await s2.learner.setAnswer(course.byId[id], true);
    await s2.page.getByRole("button", { name: "Submit assessment" }).click();
    await s2.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s2);
    const stored = await ralph.statements(registration);
    assert.deepEqual(conformant(stored, [s1, s2], registration), [], "cmi5 rules over both sessions");
    const iri = (id) => `urn:trellis:course:${course.id}:question:${id}`;
    const asmtAnswers = (r) => stored.filter((s) => sessionOf(s) === r.session.id && verbOf(s) === "answered" && asmt.pool.some((id) => iri(id) === s.object.id));
    assert.equal(asmtAnswers(s1).length, 0, "nothing of the assessment is sent before it is submitted");
    assert.deepEqual(asmtAnswers(s2).sort(byTime).map((s) => [s.object.id, s.result.success]), drawn.map((id) => [iri(id), true]),
      "the submitted attempt: every drawn question, right");
    assert.deepEqual(defined(stored, s2), ["initialized", "completed", "passed", "terminated"], "session 2");
  });

  test("a second registration in the same browser starts afresh and sends nothing of the first", async () => {
    const course = phishing();
    const reg1 = randomUUID(), reg2 = randomUUID();
    lms.problems.length = 0;
    const ctx = await browser.newContext();
    const a = await runs.open("phishing-awareness", course, reg1, { ctx });
    await workAll(a.learner, course, true);
    await a.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(a, { keep: true });
    const before1 = (await ralph.statements(reg1)).length;
    const b = await runs.open("phishing-awareness", course, reg2, { ctx });
    await b.learner.lessonHeading(course.lessons[0]).waitFor();
    const q0 = course.lessons[0].blocks.find((x) => x.kind === "question");
    assert.equal(await b.learner.question(course.byId[q0.id]).getByText("Correct.", { exact: true }).isVisible(), false, "no answer of the first registration");
    const drawn = await workAll(b.learner, course, true);
    await b.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(b);
    assert.deepEqual(foreign(b), [], "the second registration's launch sent only its own statements");
    assert.equal((await ralph.statements(reg1)).length, before1, "the first registration's statements are unchanged");
    const stored = await ralph.statements(reg2);
    assert.deepEqual(conformant(stored, [b], reg2), [], "cmi5 rules in the second registration");
    assert.deepEqual(defined(stored, b), ["initialized", "completed", "passed", "terminated"], "the second registration is completed and passed on its own");
    checkAnswered(stored, course, answersOf(course, true, drawn));
  });
});

describe("cmi5 learner preferences (cmi5LearnerPreferences agent profile)", () => {
  const learner = (name) => ({ ...actor, account: { ...actor.account, name } });
  async function withPrefs(name, prefs) {
    const who = learner(name);
    if (prefs) lms.setPreferences(who, prefs);
    const r = new Cmi5Runs({ ralph, lms, content, browser, actor: who });
    const registration = randomUUID();
    const run = await r.open("phishing-awareness", phishing(), registration);
    await runs.waitFor(async () => (await ralph.statements(registration)).some((s) => verbOf(s) === "initialized"), "initialized", 15000, run);
    const muted = await run.page.$$eval("audio, video", (els) => els.map((e) => e.muted));
    const lang = await run.page.evaluate(() => document.documentElement.lang);
    const asked = run.session.requests.some((q) => q.method === "GET" && q.path === "/xapi/agents/profile");
    await r.leave(run);
    const stored = (await ralph.statements(registration)).filter((s) => verbOf(s) !== "launched");
    return { muted, lang, asked, stored, run };
  }

  test("audio off and a language list: media start muted, the course's language is the learner's second choice", async () => {
    lms.problems.length = 0;
    const got = await withPrefs("learner-prefs-off", { languagePreference: "fr-CA,en-US", audioPreference: "off" });
    assert.ok(got.asked, "the AU read the agent profile");
    assert.ok(got.muted.length >= 2, "the course has audio and video");
    assert.deepEqual(got.muted, got.muted.map(() => true), "every audio and video starts muted");
    assert.equal(got.lang, "en-GB", "the page's language: the course's own (en-US is English too; there is no French)");
    assert.deepEqual(got.stored.map((s) => s.context?.language), got.stored.map(() => "en-GB"), "statements say the language the course was taken in");
    assert.deepEqual(lms.problems, [], "LMS findings");
  });

  test("audio on: media play with sound", async () => {
    const got = await withPrefs("learner-prefs-on", { languagePreference: "en-GB", audioPreference: "on" });
    assert.ok(got.asked, "the AU read the agent profile");
    assert.deepEqual(got.muted, got.muted.map(() => false), "no audio or video muted");
  });

  test("no preferences stored: the course as published", async () => {
    const got = await withPrefs("learner-prefs-none", null);
    assert.ok(got.asked, "the AU asked for the agent profile");
    assert.deepEqual(got.muted, got.muted.map(() => false), "no audio or video muted");
    assert.equal(got.lang, "en-GB");
    assert.deepEqual(got.run.errors, [], "no script errors");
  });

  test("the language choice: the first preference the course holds, a regional variant standing in for its language", () => {
    const T = { adapters: {} };
    vm.runInNewContext(fs.readFileSync(path.join(repo, "crates/trellis-render/player/track-cmi5.js"), "utf8"), { T });
    const pick = (prefs, have) => T.pickLanguage(prefs, have);
    assert.equal(pick("fr-FR,en-GB", ["en-GB"]), "en-GB");
    assert.equal(pick("en-US", ["de-DE", "en-GB"]), "en-GB", "same language, other region");
    assert.equal(pick("fr-CA, en-GB", ["en-GB", "fr-FR"]), "fr-FR", "the learner's first language before an exact match of the second");
    assert.equal(pick("DE-de", ["de-DE"]), "de-DE", "case does not matter");
    assert.equal(pick("es", ["en-GB"]), null, "none held");
    assert.equal(pick("", ["en-GB"]), null);
    assert.equal(pick(undefined, ["en-GB"]), null);
  });
});
