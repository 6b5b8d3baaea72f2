// Answers restored as the learner gave them, under scorm-again (SCORM 1.2 and
// 2004): a wrong answer on the last try is checked, the learner leaves
// (suspend) and comes back with only what the LMS stored (suspend_data,
// entry = resume). The page must show the learner's own answer, with the
// correct one written out beside it, never the correct answer in its place.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { EXAMPLES, packageDir, repo, launch } from "./lib/env.mjs";
import { loadCourse, plain } from "./lib/course.mjs";
import { Learner, textRe } from "./lib/learner.mjs";
import { scormHost, resumeFrom } from "./lib/scormhost.mjs";

const VERSIONS = { "12": "scorm12", "2004": "scorm2004" };
let browser, host;

before(async () => {
  const roots = {};
  for (const ex of EXAMPLES) for (const t of Object.values(VERSIONS)) roots[`/pkg/${ex}.${t}/`] = packageDir(ex, t);
  host = await scormHost(roots);
  browser = await launch();
});
after(async () => { await browser?.close(); await host?.stop(); });

/** Launch, let `act` work as the learner, leave; relaunch from what the LMS kept; run `check` on the new page. */
async function leaveAndCome(version, example, course, act, check) {
  const sco = `/pkg/${example}.${VERSIONS[version]}/index.html`;
  const s1 = await host.launch(browser, version, sco);
  let saved;
  try {
    const l1 = new Learner(s1.frame, course);
    await l1.waitReady();
    await act(l1);
    await s1.lms.close();
    saved = await s1.lms.cmi();
    assert.equal(version === "12" ? saved.core.exit : saved.exit, "suspend", "the learner left unfinished");
    assert.deepEqual(s1.errors, []);
  } finally { await s1.ctx.close(); }
  const s2 = await host.launch(browser, version, sco, resumeFrom(version, saved));
  try {
    const l2 = new Learner(s2.frame, course);
    await l2.waitReady();
    await check(l2);
    assert.deepEqual(s2.errors, []);
  } finally { await s2.ctx.close(); }
}

/** Answers wrong on every try the question allows, checking each time. */
async function wrongToTheEnd(learner, q, answer) {
  const g = learner.question(q);
  for (let t = 0; t < Math.max(1, q.attempts); t++) {
    await answer(g);
    await g.getByRole("button", { name: "Check answer" }).click();
  }
  await learner.live.filter({ hasText: "The correct answer is now shown." }).waitFor({ timeout: 3000 });
}

const lessonOf = (course, q) => course.lessons.find((l) => l.id === q.lesson);
const firstOfType = (course, lessonId, type) => course.questions.find((q) => q.lesson === lessonId && q.type === type);

for (const [version] of Object.entries(VERSIONS)) {
  describe(`SCORM ${version}: answers come back as given`, () => {
    for (const [example, lessonId] of [["phishing-awareness", "what-is-phishing"], ["safe-forklift-operation", "stability"]]) {
      test(`${example}: a wrong true/false answer stays selected after resume`, async () => {
        const course = loadCourse(path.join(repo, "examples", example));
        const q = firstOfType(course, lessonId, "true-false");
        const lesson = lessonOf(course, q);
        const said = q.correct ? "False" : "True";
        const key = q.correct ? "True" : "False";
        await leaveAndCome(version, example, course, async (l) => {
          await l.openLesson(lesson);
          await wrongToTheEnd(l, q, (g) => g.getByRole("radio", { name: said, exact: true }).check());
          await l.next();
        }, async (l) => {
          await l.root.getByRole("button", { name: "Previous" }).click();
          await l.lessonHeading(lesson).waitFor();
          const g = l.question(q);
          assert.equal(await g.getByRole("radio", { name: said, exact: true }).isChecked(), true, `"${said}" (the learner's answer) is selected`);
          assert.equal(await g.getByRole("radio", { name: key, exact: true }).isChecked(), false, `"${key}" is not selected`);
          assert.match(await g.locator("[data-t=verdict]").textContent(), /^Not quite\. The correct answer is now shown\.$/);
          assert.equal((await g.locator("[data-t=reveal]").innerText()).replace(/\s+/g, " ").trim(), `The correct answer: ${key}`);
        });
      });
    }

    test("phishing-awareness: matching with one target picked for every item comes back as picked", async () => {
      const example = "phishing-awareness";
      const course = loadCourse(path.join(repo, "examples", example));
      const q = firstOfType(course, "warning-signs", "matching");
      const lesson = lessonOf(course, q);
      const same = plain(q.pairs.find((p) => /malware/.test(p.right)).right);
      const box = (g, p) => g.getByRole("combobox", { name: textRe(p.left, { whole: true }) });
      await leaveAndCome(version, example, course, async (l) => {
        await l.openLesson(lesson);
        await wrongToTheEnd(l, q, async (g) => { for (const p of q.pairs) await box(g, p).selectOption({ label: same }); });
      }, async (l) => {
        await l.lessonHeading(lesson).waitFor();
        const g = l.question(q);
        for (const p of q.pairs) {
          const shown = await box(g, p).evaluate((s) => s.options[s.selectedIndex].textContent);
          assert.equal(shown, same, `"${plain(p.left)}" shows the learner's pick`);
        }
        const lines = await g.locator("[data-t=reveal] li").allInnerTexts();
        assert.deepEqual(lines, q.pairs.map((p) => `${plain(p.left)}: ${plain(p.right)}`), "the correct pairs are written out");
      });
    });
  });
}
