// Accessibility of the published course (web target) in Chromium:
//  - axe-core on every lesson of every example and of the French course
//    OmegaT translated (and on the assessment's results screen): no serious
//    or critical violation;
//  - every question kind answered and checked with the keyboard alone
//    (Tab, Shift+Tab, Space, Enter, arrow keys, typing; never the mouse), in
//    English and, for the kinds the French course has, in French with the
//    player's French words.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { EXAMPLES, SUITE_COURSES, TRANSLATED, packageDir, exampleCourse, repo, serve, launch, context } from "./lib/env.mjs";
import { loadCourse, plain } from "./lib/course.mjs";
import { playerStrings } from "./lib/learner.mjs";
import { Learner } from "./lib/learner.mjs";
import { axe, focused, tabTo, keyboardAnswer } from "./lib/a11y.mjs";

let browser, server;

before(async () => {
  const roots = {};
  for (const ex of SUITE_COURSES) roots[`/${ex}/`] = packageDir(ex, "web");
  server = await serve(roots);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function open(example) {
  // axe is injected as an inline script, which the package's own
  // Content-Security-Policy rightly refuses: the auditor's tool is let
  // past it, the player is not (the other suites run under the policy).
  const ctx = await context(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/${example}/index.html`);
  return { ctx, page, errors };
}

describe("axe-core: no serious or critical violation", () => {
  for (const example of SUITE_COURSES) {
    test(`${example}: every lesson, and the assessment results`, async () => {
      const course = exampleCourse(example);
      const { ctx, page, errors } = await open(example);
      const learner = new Learner(page, course);
      await learner.waitReady();
      const found = [];
      for (const lesson of course.lessons) {
        await learner.openLesson(lesson);
        found.push(...await axe(page, `lesson "${lesson.id}"`));
      }
      // Feedback, hints and results are content too: answer and check on the last lesson with practice, submit the assessment.
      const asmt = course.assessments[0];
      if (asmt) {
        await learner.openLesson(course.lessons.find((l) => l.id === asmt.lesson));
        await learner.assessment(asmt, false);
        found.push(...await axe(page, `assessment results of "${asmt.lesson}"`));
      }
      await ctx.close();
      assert.deepEqual(found, [], `axe found ${found.length} serious/critical problem(s):\n${found.join("\n")}`);
      assert.deepEqual(errors, []);
    });
  }
});

// ---- Keyboard only ----------------------------------------------------------

describe("keyboard alone: every question kind", () => {
  // One practice question of each kind, from whichever example has it.
  const courses = EXAMPLES.map((ex) => loadCourse(path.join(repo, "examples", ex)));
  const kinds = ["single-choice", "multiple-response", "true-false", "fill-blank", "numeric", "matching", "ordering"];
  for (const kind of kinds) {
    const course = courses.find((c) => c.questions.some((q) => q.type === kind && !q.asmt));
    test(`${kind}`, { skip: course ? false : `no practice question of kind ${kind} in the examples` }, async () => {
      const q = course.questions.find((x) => x.type === kind && !x.asmt);
      const lesson = course.lessons.find((l) => l.id === q.lesson);
      const { ctx, page, errors } = await open(path.basename(course.dir));
      try {
        await new Learner(page, course).waitReady();
        // To the lesson by the menu, with the keyboard: Tab to its link, Enter.
        await tabTo(page, (x) => x.kind === "a" && x.name.startsWith(plain(lesson.title)), `the menu link "${lesson.title}"`);
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { level: 2, name: lesson.title }).waitFor();
        const f = await focused(page);
        assert.equal(f.name, lesson.title, "Enter on a menu link moves focus to the lesson's heading");
        await keyboardAnswer(page, q);
        assert.deepEqual(errors, []);
      } finally { await ctx.close(); }
    });
  }
  // The translated courses: each kind they have, with the player's words in their language.
  for (const name of Object.keys(TRANSLATED)) {
    const course = exampleCourse(name);
    const S = playerStrings(TRANSLATED[name].lang);
    for (const kind of kinds) {
      const q = course.questions.find((x) => x.type === kind && !x.asmt);
      if (!q) continue;
      test(`${name}: ${kind}`, async () => {
        const lesson = course.lessons.find((l) => l.id === q.lesson);
        const { ctx, page, errors } = await open(name);
        try {
          await new Learner(page, course).waitReady();
          await tabTo(page, (x) => x.kind === "a" && x.name.startsWith(plain(lesson.title)), `the menu link "${lesson.title}"`);
          await page.keyboard.press("Enter");
          await page.getByRole("heading", { level: 2, name: lesson.title }).waitFor();
          assert.equal((await focused(page)).name, lesson.title, "Enter on a menu link moves focus to the lesson's heading");
          assert.equal(await page.locator("html").getAttribute("lang"), TRANSLATED[name].lang);
          await keyboardAnswer(page, q, S);
          assert.deepEqual(errors, []);
        } finally { await ctx.close(); }
      });
    }
  }
});
