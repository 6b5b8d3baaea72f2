// SCORM 1.2 and 2004 over several launches under scorm-again: leaving
// mid-assessment, relaunching twice, and a new attempt (the LMS's second
// registration) in the same browser. Between launches the LMS hands back only
// what it kept (suspend_data, location, status, score) with entry = resume;
// each test reads what the LMS holds after every launch.
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
  describe(`SCORM ${version}: sessions (${EXAMPLE})`, () => {
    const course = loadCourse(path.join(repo, "examples", EXAMPLE));
    const last = course.lessons.length - 1;
    const asmtLesson = course.lessons[last];
    const asmt = course.assessments[0];
    const isAsmt = (it) => asmt.pool.includes(it.id);

    test("leave mid-assessment, relaunch: same questions, the answers given, submit once", async () => {
      const s1 = await lms.launch(version, EXAMPLE, course);
      await work(s1, course, 0, last);
      await s1.learner.lessonHeading(asmtLesson).waitFor();
      const drawn = await s1.learner.drawn(asmt);
      const half = Math.ceil(drawn.length / 2);
      for (const id of drawn.slice(0, half)) await s1.learner.setAnswer(course.byId[id], true);
      await s1.page.waitForTimeout(800);  // the saved state is written 400 ms after a change
      const left1 = await s1.leave();
      clean(version, left1, s1);
      const got1 = summary(version, left1.cmi);
      assert.equal(got1.exit, EXIT[version].suspend, "exit: suspend");
      assert.equal(got1.status, FINISHED[version].unfinished, "status while the assessment is open");
      assert.equal(interactionsOf(left1.cmi).filter(isAsmt).length, 0, "nothing of the assessment recorded before it is submitted");
      const s2 = await lms.launch(version, EXAMPLE, course, { keep: left1.cmi, ctx: s1.ctx });
      await s2.learner.lessonHeading(asmtLesson).waitFor();
      assert.deepEqual(await s2.learner.drawn(asmt), drawn, "the same questions, in the same order");
      await s2.learner.submitUnfinished(drawn.slice(half));
      for (const id of drawn.slice(half)) await s2.learner.setAnswer(course.byId[id], true);
      await s2.sco.getByRole("button", { name: "Submit assessment" }).click();
      await scored(s2, 100);
      const left2 = await s2.leave();
      await s2.ctx.close();
      clean(version, left2, s2);
      assert.deepEqual(summary(version, left2.cmi), { status: FINISHED[version].passed, score: 100, exit: EXIT[version].done, location: asmtLesson.id });
      assert.deepEqual(interactionsOf(left2.cmi).filter(isAsmt).map((it) => [it.id, it.result]), drawn.map((id) => [id, "correct"]),
        "the submitted attempt: every drawn question, right");
    });

    test("relaunch twice: each launch resumes where the last one left", async () => {
      const stops = [2, last, course.lessons.length];
      let keep = null, ctx = null, from = 0;
      for (const [k, to] of stops.entries()) {
        const s = await lms.launch(version, EXAMPLE, course, { keep, ctx });
        ctx = s.ctx;
        await s.learner.lessonHeading(course.lessons[from]).waitFor({ timeout: 5000 })
          .catch(() => assert.fail(`launch ${k + 1} should open "${course.lessons[from].title}"`));
        await work(s, course, from, to);
        if (to === course.lessons.length) await scored(s, 100);
        const left = await s.leave();
        clean(version, left, s);
        const got = summary(version, left.cmi);
        const done = to === course.lessons.length;
        assert.equal(got.status, done ? FINISHED[version].passed : FINISHED[version].unfinished, `status after launch ${k + 1}`);
        assert.equal(got.exit, done ? EXIT[version].done : EXIT[version].suspend, `exit after launch ${k + 1}`);
        assert.equal(got.location, course.lessons[Math.min(to, last)].id, `location after launch ${k + 1}`);
        keep = left.cmi;
        from = to;
      }
      await ctx.close();
    });

    test("a new attempt in the same browser starts afresh", async () => {
      const s1 = await lms.launch(version, EXAMPLE, course);
      await work(s1, course, 0, course.lessons.length);
      await scored(s1, 100);
      const left1 = await s1.leave();
      clean(version, left1, s1);
      // The LMS starts a new attempt: nothing handed back, entry ab-initio.
      const s2 = await lms.launch(version, EXAMPLE, course, { ctx: s1.ctx });
      await s2.learner.lessonHeading(course.lessons[0]).waitFor();
      const q0 = course.lessons[0].blocks.find((b) => b.kind === "question");
      assert.equal(await s2.learner.question(course.byId[q0.id]).getByText("Correct.", { exact: true }).isVisible(), false,
        "no answer of the earlier attempt");
      const mid = await s2.cmi();
      assert.equal(summary(version, mid).status, FINISHED[version].unfinished, "status at the start of the new attempt");
      assert.equal(summary(version, mid).score, null, "no score yet");
      await work(s2, course, 0, course.lessons.length);
      await scored(s2, 100);
      const left2 = await s2.leave();
      await s2.ctx.close();
      clean(version, left2, s2);
      assert.deepEqual(summary(version, left2.cmi), { status: FINISHED[version].passed, score: 100, exit: EXIT[version].done, location: asmtLesson.id });
    });
  });
}
