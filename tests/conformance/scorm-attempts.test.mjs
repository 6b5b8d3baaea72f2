// SCORM 1.2 and 2004 assessment attempts under scorm-again: fail then retry
// in one launch, and fail, leave, relaunch, retry and pass. Each test reads
// what the LMS holds after every launch.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { repo, launch } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { ScormHost, VERSIONS, summary, FINISHED, EXIT, clean, work, scored, interactionsOf } from "./lib/scormhost.mjs";

const EXAMPLE = "phishing-awareness";
let browser, lms;

before(async () => {
  browser = await launch();
  lms = new ScormHost(browser, [EXAMPLE]);
  await lms.start();
});
after(async () => { await lms?.stop(); await browser?.close(); });

for (const version of Object.keys(VERSIONS)) {
  describe(`SCORM ${version}: attempts (${EXAMPLE})`, () => {
    const course = loadCourse(path.join(repo, "examples", EXAMPLE));
    const last = course.lessons.length - 1;
    const asmtLesson = course.lessons[last];
    const asmt = course.assessments[0];
    const isAsmt = (it) => asmt.pool.includes(it.id);

    test("fail then retry in one launch: passed, 100%, both attempts in the interactions", async () => {
      const s = await lms.launch(version, EXAMPLE, course);
      await work(s, course, 0, last);
      const first = await s.learner.doLesson(asmtLesson, false);
      await scored(s, 0);
      await s.sco.getByRole("button", { name: "Retry assessment" }).click();
      const second = await s.learner.doLesson(asmtLesson, true);
      await scored(s, 100);
      const left = await s.leave();
      await s.ctx.close();
      clean(version, left, s);
      const got = summary(version, left.cmi);
      assert.equal(got.status, FINISHED[version].passed, "status");
      assert.equal(got.score, 100, "score");
      assert.equal(got.exit, EXIT[version].done, "exit");
      const asmtIts = interactionsOf(left.cmi).filter(isAsmt);
      assert.deepEqual(asmtIts.map((it) => [it.id, it.result]),
        [...first.assessment.drawn.map((id) => [id, version === "12" ? "wrong" : "incorrect"]), ...second.assessment.drawn.map((id) => [id, "correct"])],
        "the failed and the passed attempt, in order");
    });

    test("fail, leave with attempts left, relaunch, retry and pass", async () => {
      const s1 = await lms.launch(version, EXAMPLE, course);
      await work(s1, course, 0, last);
      await s1.learner.doLesson(asmtLesson, false);
      await scored(s1, 0);
      const left1 = await s1.leave();
      clean(version, left1, s1);
      assert.deepEqual(summary(version, left1.cmi), { status: FINISHED[version].failed,
        score: 0, exit: EXIT[version].suspend, location: asmtLesson.id }, "after the first launch");
      const s2 = await lms.launch(version, EXAMPLE, course, { keep: left1.cmi, ctx: s1.ctx });
      await scored(s2, 0);
      await s2.sco.getByText(`Attempts left: ${asmt.attempts - 1}.`).waitFor({ timeout: 3000 })
        .catch(() => assert.fail(`the results say "Attempts left: ${asmt.attempts - 1}." after relaunch`));
      await s2.sco.getByRole("button", { name: "Retry assessment" }).click();
      const second = await s2.learner.doLesson(asmtLesson, true);
      await scored(s2, 100);
      const left2 = await s2.leave();
      await s2.ctx.close();
      clean(version, left2, s2);
      assert.deepEqual(summary(version, left2.cmi), { status: FINISHED[version].passed, score: 100, exit: EXIT[version].done, location: asmtLesson.id },
        "after the second launch");
      assert.deepEqual(interactionsOf(left2.cmi).map((it) => [it.id, it.result]), second.assessment.drawn.map((id) => [id, "correct"]),
        "the second launch's journal: the passed attempt");
    });
  });
}
