// Reporting options under scorm-again: for each of the four options a course
// can choose (docs/publishing.md, "What the LMS is told"), in SCORM 1.2 and
// SCORM 2004, a learner who passes, one who fails and one who leaves early.
// What the LMS stored at the end (lesson_status, or completion_status with
// success_status) must be what the table promises.
//
// The course is small and written here: an introduction, then a shuffled
// assessment of single-choice questions whose correct choice sits at a random
// place. A passing learner gets a random few questions wrong (never enough to
// fail) and a failing one a random few right, always picking a random wrong
// choice, never the first. The course file itself says `completed-incomplete`;
// the other options come from `trellis publish --reporting`. Each run prints
// its seed; TRELLIS_REPORTING_SEED replays one.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, publishCourse } from "./lib/env.mjs";
import { Learner } from "./lib/learner.mjs";
import { scormHost, VERSIONS } from "./lib/scormhost.mjs";
import { rng } from "./lib/rng.mjs";
import { EXPECTED, statusOf } from "./lib/reporting.mjs";

const SEED = Number(process.env.TRELLIS_REPORTING_SEED) || 1 + Math.floor(Math.random() * 2 ** 30);
const QUESTIONS = 5;
const PASS_MARK = 80;
const IN_FILE = "completed-incomplete";

let browser, host, work, course;
const r = rng(SEED);

/** Writes the course; returns its folder and answer key. */
function writeCourse(dir) {
  fs.mkdirSync(path.join(dir, "lessons"), { recursive: true });
  const questions = Array.from({ length: QUESTIONS }, (_, k) => {
    const choices = ["Red", "Green", "Blue", "Yellow"].map((c) => `${c} answer ${k + 1}`);
    return { id: `q${k + 1}`, prompt: `Question ${k + 1}: which colour is right here?`, choices, key: r.int(choices.length) };
  });
  const blocks = questions.map((q) => [`::: question {id = "${q.id}"}`, `type = "single-choice"`, `prompt = "${q.prompt}"`,
    ...q.choices.flatMap((c, i) => ["", "[[choices]]", `id = "c${i}"`, `text = "${c}"`, `correct = ${i === q.key}`]), ":::", ""].join("\n"));
  fs.writeFileSync(path.join(dir, "lessons", "intro.md"),
    `+++\nid = "intro"\ntitle = "Before you start"\ntemplate = "free"\n+++\n\n::: text {id = "intro-text"}\nRead this first.\n:::\n`);
  fs.writeFileSync(path.join(dir, "lessons", "quiz.md"),
    `+++\nid = "quiz"\ntitle = "Final quiz"\ntemplate = "assessment"\n\n[assessment]\nshuffle = true\npass_mark = ${PASS_MARK}\n+++\n\n${blocks.join("\n")}`);
  fs.writeFileSync(path.join(dir, "course.toml"), [`id = "reporting"`, `title = "Reporting options"`, `language = "en"`,
    `version = "1"`, `completion = "both"`, `reporting = "${IN_FILE}"`, "",
    "[[modules]]", `id = "m1"`, `title = "All"`, `lessons = ["intro", "quiz"]`, ""].join("\n"));
  return { dir, questions };
}

before(async () => {
  console.log(`# reporting: seed ${SEED} (replay: TRELLIS_REPORTING_SEED=${SEED})`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-reporting-"));
  course = writeCourse(path.join(work, "course"));
  const roots = {};
  for (const option of Object.keys(EXPECTED)) {
    for (const target of Object.values(VERSIONS)) {
      const extra = option === IN_FILE ? [] : ["--reporting", option];
      roots[`/pkg/${option}.${target}/`] = publishCourse(course.dir, target, path.join(work, `${option}.${target}`), extra);
    }
  }
  host = await scormHost(roots);
  browser = await launch();
});
after(async () => {
  await browser?.close(); await host?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Which questions the learner gets right: a random set of a size that passes (or fails). */
function rightAnswers(pass) {
  const need = Math.ceil((PASS_MARK / 100) * QUESTIONS);
  const n = pass ? need + r.int(QUESTIONS - need + 1) : r.int(need);
  const order = course.questions.map((q) => q.id).sort(() => r.next() - 0.5);
  return new Set(order.slice(0, n));
}

/** One session: the learner passes, fails or leaves; returns what the LMS stored and the score expected. */
async function session(version, option, outcome) {
  const s = await host.launch(browser, version, `/pkg/${option}.${VERSIONS[version]}/index.html`);
  try {
    const l = new Learner(s.frame, course);
    await l.waitReady();
    let score = null;
    if (outcome !== "leave") {
      await l.next();
      await s.frame.getByRole("heading", { level: 2, name: "Final quiz" }).waitFor();
      const right = rightAnswers(outcome === "pass");
      for (const q of course.questions) {
        const wrong = q.choices.map((_, i) => i).filter((i) => i !== q.key);
        const pick = right.has(q.id) ? q.key : r.pick(wrong);
        const g = s.frame.getByRole("group", { name: q.prompt });
        await g.getByRole("radio", { name: q.choices[pick], exact: true }).check();
      }
      await s.frame.getByRole("button", { name: "Submit assessment" }).click();
      await s.frame.getByRole("heading", { level: 3, name: "Your result" }).waitFor();
      score = Math.round((100 * right.size) / QUESTIONS);
      assert.equal(score >= PASS_MARK, outcome === "pass", `the learner ${outcome}es with ${score}%`);
    }
    await s.lms.close();
    const cmi = await s.lms.cmi();
    assert.deepEqual(s.errors, []);
    assert.deepEqual(await s.lms.violations(), [], "no SCORM call out of order");
    return { cmi, score };
  } finally { await s.ctx.close(); }
}

for (const [version] of Object.entries(VERSIONS)) {
  describe(`SCORM ${version}: what the LMS is told`, () => {
    for (const [option, rows] of Object.entries(EXPECTED)) {
      test(`${option}: a learner who passes, one who fails, one who leaves`, async () => {
        for (const outcome of ["pass", "fail", "leave"]) {
          const { cmi, score } = await session(version, option, outcome);
          const want = rows[outcome][version === "12" ? 0 : 1];
          const got = statusOf(version, cmi);
          assert.equal(got, want, `${option}, a learner who ${outcome}s (seed ${SEED})`);
          const raw = version === "12" ? cmi.core.score.raw : cmi.score.raw;
          if (score != null) assert.equal(Number(raw), score, `the score is reported whatever the option (seed ${SEED})`);
        }
      });
    }
  });
}
