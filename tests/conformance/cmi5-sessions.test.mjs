// cmi5 over several sessions against the Ralph LRS: relaunches in the same
// browser (its local storage kept, as a learner's is), a quick exit while the
// LRS is away, leaving mid-assessment, a second registration. Each test reads
// back what the LRS stored and checks the cmi5 session rules the player
// follows (docs/publishing.md, "cmi5 sessions"); the suite's LMS refuses what
// breaks them, as ADL's reference LMS does.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { repo } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { verbOf } from "./lib/cmi5rules.mjs";
import { Cmi5Runs, cmi5Suite, sessionOf, workAll, answersOf, checkAnswered } from "./lib/cmi5run.mjs";

const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-sessions" } };
const runs = cmi5Suite(["phishing-awareness"], actor);

const phishing = () => loadCourse(path.join(repo, "examples", "phishing-awareness"));
const forklift = () => loadCourse(path.join(repo, "examples", "safe-forklift-operation"));
const byTime = (a, b) => a.timestamp.localeCompare(b.timestamp);
const { defined, foreign } = Cmi5Runs;
const lastLesson = (course) => course.lessons.length - 1;

describe("cmi5 sessions with the Ralph LRS", () => {
  test("relaunch twice in the same browser: each session sends only its own statements; the LRS holds three whole sessions", async () => {
    const course = phishing();
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const ctx = await runs.browser.newContext();
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
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(runs.conformant(stored, [s1, s2, s3], registration), [], "cmi5 rules over the three sessions");
    assert.deepEqual(defined(stored, s1), ["initialized", "terminated"], "session 1");
    assert.deepEqual(defined(stored, s2), ["initialized", "terminated"], "session 2");
    assert.deepEqual(defined(stored, s3), ["initialized", "completed", "passed", "terminated"], "session 3");
    checkAnswered(stored, course, answersOf(course, true, drawn));
    for (const r of [s1, s2, s3]) assert.deepEqual(r.errors, [], "no script errors");
  });

  test("quick exit while the LRS is away: the next session sends none of it, and reports completed and passed itself", async () => {
    const course = phishing();
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const ctx = await runs.browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    await runs.waitFor(async () => (await runs.ralph.statements(registration)).filter((s) => verbOf(s) === "answered").length ===
      answersOf(course, true, [], course.lessons.slice(0, lastLesson(course))).length, "the practice answers in the LRS", 15000, s1);
    await runs.ralph.stop();  // the LMS answers 502 from now on
    try {
      await s1.learner.doLesson(course.lessons[lastLesson(course)], true);
      await s1.page.getByRole("main").getByText(/You scored 100%/).waitFor();
      await s1.page.goto("about:blank");  // leaves at once: answered, completed, passed, terminated still queued
      await s1.page.close();
    } finally { await runs.ralph.start(); }
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.waitFor(async () => (await runs.ralph.statements(registration)).some((s) => verbOf(s) === "passed"), "passed in the LRS", 15000, s2);
    await runs.leave(s2);
    assert.deepEqual(foreign(s2), [], "the AU sent no statement of the finished session");
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(defined(stored, s1), ["initialized"], "session 1: what reached the LRS before it went away");
    assert.deepEqual(defined(stored, s2), ["initialized", "completed", "passed", "terminated"], "session 2 reports the results the LRS never got");
    // Session 1 never reached terminated: the LMS abandons it. Everything else holds.
    const findings = runs.conformant(stored, [s1, s2], registration).filter((f) => !/^\[9\.3\.8\.0-[12]\].*(not terminated|0 terminated)/.test(f));
    assert.deepEqual(findings, [], "cmi5 rules, but for session 1's missing terminated");
    assert.equal(stored.filter((s) => verbOf(s) === "passed")[0].result.score.scaled, 1, "passed: score.scaled");
  });

  test("leave mid-assessment, relaunch: the same questions with the answers given, then submit once", async () => {
    const course = phishing();
    const asmt = course.assessments[0];
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const ctx = await runs.browser.newContext();
    const s1 = await runs.open("phishing-awareness", course, registration, { ctx });
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    await s1.learner.lessonHeading(course.lessons[lastLesson(course)]).waitFor();
    const drawn = await s1.learner.drawn(course.assessments[0]);
    const half = Math.ceil(drawn.length / 2);
    for (const id of drawn.slice(0, half)) await s1.learner.setAnswer(course.byId[id], true);
    await s1.page.waitForTimeout(800);  // the answers reach the saved state (it is written 400 ms after a change)
    await runs.leave(s1, { keep: true });
    const s2 = await runs.open("phishing-awareness", course, registration, { ctx });
    await s2.learner.lessonHeading(course.lessons[lastLesson(course)]).waitFor();
    assert.deepEqual(await s2.learner.drawn(course.assessments[0]), drawn, "the same questions, in the same order");
    // Submitting now names the unanswered questions: the first half is still answered.
    await s2.learner.submitUnfinished(drawn.slice(half));
    for (const id of drawn.slice(half)) await s2.learner.setAnswer(course.byId[id], true);
    await s2.page.getByRole("button", { name: "Submit assessment" }).click();
    await s2.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s2);
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(runs.conformant(stored, [s1, s2], registration), [], "cmi5 rules over both sessions");
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
    runs.lms.problems.length = 0;
    const ctx = await runs.browser.newContext();
    const a = await runs.open("phishing-awareness", course, reg1, { ctx });
    await workAll(a.learner, course, true);
    await a.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(a, { keep: true });
    const before1 = (await runs.ralph.statements(reg1)).length;
    const b = await runs.open("phishing-awareness", course, reg2, { ctx });
    await b.learner.lessonHeading(course.lessons[0]).waitFor();
    const q0 = course.lessons[0].blocks.find((x) => x.kind === "question");
    assert.equal(await b.learner.question(course.byId[q0.id]).getByText("Correct.", { exact: true }).isVisible(), false, "no answer of the first registration");
    const drawn = await workAll(b.learner, course, true);
    await b.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(b);
    assert.deepEqual(foreign(b), [], "the second registration's launch sent only its own statements");
    assert.equal((await runs.ralph.statements(reg1)).length, before1, "the first registration's statements are unchanged");
    const stored = await runs.ralph.statements(reg2);
    assert.deepEqual(runs.conformant(stored, [b], reg2), [], "cmi5 rules in the second registration");
    assert.deepEqual(defined(stored, b), ["initialized", "completed", "passed", "terminated"], "the second registration is completed and passed on its own");
    checkAnswered(stored, course, answersOf(course, true, drawn));
  });
});
