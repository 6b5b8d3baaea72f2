// cmi5 packages against a real LRS (Ralph) behind a small LMS of the suite's
// own (launch URL, one-time fetch URL, State API with LMS.LaunchData, a
// /statements pass-through). A scripted learner works through the course in
// Chromium; the statements Ralph stored for the registration are then checked
// against the cmi5 AU rules (labelled with @cmi5/requirements ids).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { repo, exampleCourse } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { checkCmi5, verbOf } from "./lib/cmi5rules.mjs";
import { cmi5Suite, answersOf, workAll, checkAnswered } from "./lib/cmi5run.mjs";

const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-1" } };
const runs = cmi5Suite(["phishing-awareness", "safe-forklift-operation", "phishing-awareness.fr"], actor);
const open = (example, course, registration) => runs.open(example, course, registration);
const leave = (run) => runs.leave(run);
const waitFor = (...a) => runs.waitFor(...a);

function lmsSide(run) {
  const problems = [...runs.lms.problems];
  if (run.session.fetches !== 1) problems.push(`[8.2.1.0-2 / 8.2.3.0-1] the fetch URL was POSTed ${run.session.fetches} times in the session, expected once`);
  return problems;
}

describe("cmi5 with the Ralph LRS", () => {
  // The example, and its French made by OmegaT (lib/env.mjs, TRANSLATED).
  for (const example of ["phishing-awareness", "phishing-awareness.fr"]) test(`${example}, all correct: cmi5 rules on every statement; completed and passed once`, async () => {
    const course = exampleCourse(example);
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const run = await open(example, course, registration);
    const drawn = await workAll(run.learner, course, true);
    await run.page.getByRole("main").getByText(run.learner.scoreText(100)).waitFor();
    await leave(run);
    const stored = await runs.ralph.statements(registration);
    const findings = checkCmi5(stored, [{ ...run.session, launchData: run.session.launchData }], registration);
    assert.deepEqual([...lmsSide(run), ...findings], [], "cmi5 conformance of the AU");
    const verbs = stored.filter((s) => !["answered", "experienced"].includes(verbOf(s))).sort((a, b) => a.timestamp.localeCompare(b.timestamp)).map(verbOf);
    assert.deepEqual(verbs.filter((v) => v !== "launched"), ["initialized", "completed", "passed", "terminated"],
      "cmi5 defined statements: initialized, completed, passed, terminated");
    // Every lesson was shown: one experienced (a cmi5 allowed statement) per lesson, object the lesson's activity.
    const experienced = stored.filter((s) => verbOf(s) === "experienced");
    assert.deepEqual(experienced.map((s) => s.object.id).sort(), course.lessons.map((l) => `urn:trellis:course:${course.id}:lesson:${l.id}`).sort(),
      "one experienced per lesson shown");
    for (const s of experienced) {
      assert.equal(s.object.definition.type, "http://adlnet.gov/expapi/activities/lesson");
      assert.ok(!(s.context.contextActivities.category ?? []).length, "experienced carries no cmi5 category (an allowed statement)");
    }
    const passed = stored.find((s) => verbOf(s) === "passed");
    assert.equal(passed.result.score.scaled, 1, "passed: score.scaled");
    checkAnswered(stored, course, answersOf(course, true, drawn));
    assert.deepEqual(run.errors, [], "no script errors in the AU");
  });

  test("safe-forklift-operation: the LRS goes away mid-course and comes back; nothing lost, nothing duplicated", async () => {
    const course = loadCourse(path.join(repo, "examples", "safe-forklift-operation"));
    const registration = randomUUID();
    runs.lms.problems.length = 0;
    const run = await open("safe-forklift-operation", course, registration);
    const down = 2, up = 5;  // the LRS is away while the learner works through lessons [down, up)
    await workAll(run.learner, course, true, 0, down);
    await waitFor(async () => (await runs.ralph.statements(registration)).some((s) => verbOf(s) === "initialized"), "initialized", 10000, run);
    await runs.ralph.stop();   // the LRS goes away; the LMS answers 502
    await workAll(run.learner, course, true, down, up);
    const during = run.session.requests.filter((r) => r.path === "/xapi/statements" && r.status === 502).length;
    assert.ok(during > 0, "the AU tried to send while the LRS was away");
    await runs.ralph.start();  // back, same port and data
    const drawn = await workAll(run.learner, course, true, up);
    await run.page.getByRole("main").getByText(/You scored 100%/).waitFor();
    const expected = answersOf(course, true, drawn);
    await leave(run);
    const stored = await runs.ralph.statements(registration);
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
