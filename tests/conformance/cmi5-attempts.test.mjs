// cmi5 assessment attempts against the Ralph LRS: fail then retry in one
// session, fail in one session and pass in the next, every attempt used.
// At most one passed or failed per session, passed once per registration,
// never failed after passed (docs/publishing.md, "cmi5 sessions"); the suite's
// LMS refuses a second result in a session with 403, as ADL's reference LMS does.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { repo } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { verbOf } from "./lib/cmi5rules.mjs";
import { Cmi5Runs, cmi5Suite, workAll } from "./lib/cmi5run.mjs";

const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-attempts" } };
const runs = cmi5Suite(["phishing-awareness", "safe-forklift-operation"], actor);

const phishing = () => loadCourse(path.join(repo, "examples", "phishing-awareness"));
const forklift = () => loadCourse(path.join(repo, "examples", "safe-forklift-operation"));
const byTime = (a, b) => a.timestamp.localeCompare(b.timestamp);
const { defined, foreign } = Cmi5Runs;
const lastLesson = (course) => course.lessons.length - 1;

describe("cmi5 attempts with the Ralph LRS", () => {
  test("fail then retry in the same session: one result, passed", async () => {
    const course = phishing();
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const s1 = await runs.open("phishing-awareness", course, registration);
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    const first = await s1.learner.doLesson(course.lessons[lastLesson(course)], false);
    await s1.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    await s1.page.getByRole("button", { name: "Retry assessment" }).click();
    const second = await s1.learner.doLesson(course.lessons[lastLesson(course)], true);
    await s1.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    await runs.leave(s1);
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(runs.conformant(stored, [s1], registration), [], "cmi5 rules (one passed or failed per session)");
    assert.deepEqual(defined(stored, s1), ["initialized", "completed", "passed", "terminated"], "the session's result is the pass");
    const answered = stored.filter((s) => verbOf(s) === "answered").sort(byTime).slice(-12);
    assert.deepEqual(answered.map((s) => s.result.success), [...first.assessment.drawn.map(() => false), ...second.assessment.drawn.map(() => true)],
      "both attempts' answers are in the LRS");
  });

  test("fail, leave with attempts left, relaunch, retry and pass: failed in the first session, passed in the second", async () => {
    const course = phishing();
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const ctx = await runs.browser.newContext();
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
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(runs.conformant(stored, [s1, s2], registration), [], "cmi5 rules over both sessions");
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
    runs.lms.problems.length = 0;
    const s1 = await runs.open("safe-forklift-operation", course, registration);
    await workAll(s1.learner, course, true, 0, lastLesson(course));
    for (let k = 0; k < asmt.attempts; k++) {
      if (k) await s1.page.getByRole("button", { name: "Retry assessment" }).click();
      await s1.learner.doLesson(course.lessons[lastLesson(course)], false);
      await s1.page.getByRole("main").getByText(/You scored 0%/).waitFor();
    }
    // Still in the course: the result is final, so it is in the LRS already.
    await runs.waitFor(async () => (await runs.ralph.statements(registration)).some((s) => verbOf(s) === "failed"), "failed in the LRS before leaving", 15000, s1);
    await runs.leave(s1);
    const stored = await runs.ralph.statements(registration);
    assert.deepEqual(runs.conformant(stored, [s1], registration), [], "cmi5 rules");
    assert.deepEqual(defined(stored, s1).filter((v) => v !== "completed"), ["initialized", "failed", "terminated"], "one failed");
  });
});
