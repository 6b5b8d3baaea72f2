// The course score under scorm-again (docs/publishing.md, "The course
// score"): knowledge checks marked scored, anywhere in the course, count
// toward a course pass mark, weighed against an assessment. Random learners
// answer the scored checks (any choice, one try or several), an unscored
// check that must not count, and the assessment (or leave it untaken); what
// the LMS stored at the end (score.raw, and passed / failed / not yet) must
// be what the rules give, worked out here from the answers alone.
//
// Two courses: checks in two lessons plus an assessment, and checks only
// (no assessment lesson, completion still "both"). Each run prints its seed;
// TRELLIS_COURSE_SCORE_SEED replays one.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { launch, publishCourse, serve } from "./lib/env.mjs";
import { Learner } from "./lib/learner.mjs";
import { scormHost, VERSIONS } from "./lib/scormhost.mjs";
import { rng } from "./lib/rng.mjs";
import { Ralph } from "./lib/ralph.mjs";
import { Cmi5Lms } from "./lib/cmi5lms.mjs";
import { auIn } from "./lib/cmi5run.mjs";

const SEED = Number(process.env.TRELLIS_COURSE_SCORE_SEED) || 1 + Math.floor(Math.random() * 2 ** 30);
const r = rng(SEED);

let browser, host, work, web, ralph, lms;
const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-1" } };
const courses = {};

const choicesFor = (id) => ["North", "South", "East", "West"].map((c) => `${c} (${id})`);

function questionBlock(q, { scored }) {
  return [`::: question {id = "${q.id}"}`, `type = "single-choice"`, `prompt = "${q.prompt}"`,
    `points = ${q.points}`, `attempts = ${q.attempts}`, ...(scored ? ["scored = true"] : []),
    `correct_feedback = "Right."`, `incorrect_feedback = "Not that one."`,
    ...q.choices.flatMap((c, i) => ["", "[[choices]]", `id = "c${i}"`, `text = "${c}"`, `correct = ${i === q.key}`]), ":::", ""].join("\n");
}

function lesson(id, title, template, blocks, extra = "") {
  return `+++\nid = "${id}"\ntitle = "${title}"\ntemplate = "${template}"\n${extra}+++\n\n::: text {id = "${id}-intro"}\nRead, then answer.\n:::\n\n${blocks.join("\n")}`;
}

/** Writes a course with scored checks in two lessons, one unscored check, and (`withQuiz`) an assessment. */
function writeCourse(dir, withQuiz) {
  fs.mkdirSync(path.join(dir, "lessons"), { recursive: true });
  const make = (id, n) => ({ id, prompt: `Check ${id}: which way?`, points: 1 + r.int(3), attempts: 1 + r.int(2), choices: choicesFor(id), key: r.int(4), n });
  const checks = [make("a1"), make("a2"), make("b1"), make("b2"), make("b3")];
  const unscored = make("free");
  const quiz = withQuiz ? Array.from({ length: 4 }, (_, k) => ({ ...make(`z${k + 1}`), points: 1, attempts: 1 })) : [];
  const c = {
    dir, checks, unscored, quiz,
    pass: 40 + 5 * r.int(9),                  // 40..80
    weight: withQuiz ? [0, 30, 50, 70, 100][r.int(5)] : 50,
    quizPass: 50,
    lessons: [{ id: "part-a", title: "Part A" }, { id: "part-b", title: "Part B" }, ...(withQuiz ? [{ id: "quiz", title: "Final quiz" }] : [])],
  };
  fs.writeFileSync(path.join(dir, "lessons", "part-a.md"), lesson("part-a", "Part A", "free", [checks[0], unscored, checks[1]].map((q) => questionBlock(q, { scored: q !== unscored }))));
  fs.writeFileSync(path.join(dir, "lessons", "part-b.md"), lesson("part-b", "Part B", "free", checks.slice(2).map((q) => questionBlock(q, { scored: true }))));
  if (withQuiz) {
    fs.writeFileSync(path.join(dir, "lessons", "quiz.md"), lesson("quiz", "Final quiz", "assessment", quiz.map((q) => questionBlock(q, { scored: false })),
      `\n[assessment]\nshuffle = true\npass_mark = ${c.quizPass}\n`));
  }
  fs.writeFileSync(path.join(dir, "course.toml"), [`id = "course-score-${withQuiz ? "quiz" : "checks"}"`, `title = "Course score"`, `language = "en"`,
    `version = "1"`, `completion = "both"`, "", "[scoring]", `pass_mark = ${c.pass}`, `checks_weight = ${c.weight}`, "",
    "[[modules]]", `id = "m1"`, `title = "All"`, `lessons = [${c.lessons.map((l) => `"${l.id}"`).join(", ")}]`, ""].join("\n"));
  return c;
}

before(async () => {
  console.log(`# course score: seed ${SEED} (replay: TRELLIS_COURSE_SCORE_SEED=${SEED})`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-course-score-"));
  const roots = {};
  for (const withQuiz of [true, false]) {
    const name = withQuiz ? "quiz" : "checks";
    courses[name] = writeCourse(path.join(work, name), withQuiz);
    for (const target of [...Object.values(VERSIONS), "cmi5"]) roots[`/pkg/${name}.${target}/`] = publishCourse(courses[name].dir, target, path.join(work, `${name}.${target}`));
    courses[name].au = auIn(path.join(work, `${name}.cmi5`));
  }
  // A pass mark over nothing scored (the check warns): one unscored check.
  const none = path.join(work, "none");
  fs.mkdirSync(path.join(none, "lessons"), { recursive: true });
  courses.none = { dir: none, unscored: { id: "only-check", prompt: "Check only: which way?", points: 1, attempts: 1, choices: choicesFor("only-check"), key: 0 } };
  fs.writeFileSync(path.join(none, "lessons", "only.md"), lesson("only", "Only lesson", "free", [questionBlock(courses.none.unscored, { scored: false })]));
  fs.writeFileSync(path.join(none, "course.toml"), [`id = "course-score-none"`, `title = "Nothing scored"`, `language = "en"`, `version = "1"`,
    `completion = "both"`, "", "[scoring]", "pass_mark = 70", "", "[[modules]]", `id = "m1"`, `title = "All"`, `lessons = ["only"]`, ""].join("\n"));
  roots["/pkg/none.scorm2004/"] = publishCourse(none, "scorm2004", path.join(work, "none.scorm2004"));
  host = await scormHost(roots);
  web = await serve(roots);
  ralph = new Ralph();
  await ralph.start();
  lms = new Cmi5Lms(ralph);
  await lms.start();
  browser = await launch();
});
after(async () => {
  await browser?.close(); await host?.stop(); await web?.stop(); await lms?.stop(); await ralph?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/**
 * A learner: `thorough` ones answer every check until right or out of tries
 * and always take the assessment, so their result is final; the others try a
 * check a random number of times (none included) and may skip the
 * assessment. `right`: the chance of picking the right choice.
 */
const PROFILES = [{ thorough: true, right: 0.15 }, { thorough: true, right: 0.9 }, { thorough: false, right: 0.5 }, { thorough: true, right: 0.5 }];

/** One check: a choice per try, stopping when right. */
async function answerCheck(frame, q, who, log) {
  const tries = who.thorough ? q.attempts : r.int(q.attempts + 1);
  const g = frame.getByRole("group", { name: q.prompt });
  let right = false, used = 0;
  for (; used < tries && !right; used++) {
    const wrong = [0, 1, 2, 3].filter((i) => i !== q.key);
    const pick = r.next() < who.right ? q.key : wrong[r.int(wrong.length)];
    await g.getByRole("radio", { name: q.choices[pick], exact: true }).check();
    await g.getByRole("button", { name: "Check answer" }).click();
    await g.getByText(/^(Correct|Not quite)/).first().waitFor();
    right = pick === q.key;
    log.push(`${q.id} (${q.points} pt, ${q.attempts} tries): ${q.choices[pick]} → ${right ? "right" : "wrong"}`);
  }
  return { right, used, final: right || used >= q.attempts };
}

const nameOf = (c) => (c === courses.quiz ? "quiz" : "checks");

/** One learner from launch to leaving under SCORM; returns what the LMS stored and what the rules give. */
async function session(version, c, who) {
  const s = await host.launch(browser, version, `/pkg/${nameOf(c)}.${VERSIONS[version]}/index.html`);
  try {
    const expected = await learn(s.frame, c, who);
    await s.lms.close();
    const cmi = await s.lms.cmi();
    assert.deepEqual(s.errors, []);
    assert.deepEqual(await s.lms.violations(), [], "no SCORM call out of order");
    return { cmi, ...expected };
  } finally { await s.ctx.close(); }
}

/** The same under cmi5: returns the statements the LRS holds for the registration, and what the rules give. */
async function cmi5Session(c, who) {
  const registration = randomUUID();
  const launched = await lms.launch({ contentUrl: `${web.url}/pkg/${nameOf(c)}.cmi5/${c.au.url}`, au: c.au, actor, registration });
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(launched.launchUrl);
    const expected = await learn(page.mainFrame(), c, who);
    await page.goto("about:blank");  // leaving: terminated goes out as the page unloads
    let stored = [];
    for (const until = Date.now() + 20000; !stored.some((x) => x.verb.id.endsWith("/terminated"));) {
      if (Date.now() > until) assert.fail("terminated did not reach the LRS within 20 s");
      await new Promise((r) => setTimeout(r, 250));
      stored = await ralph.statements(registration);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(lms.problems, [], "the LMS saw nothing against the cmi5 rules");
    return { stored, ...expected };
  } finally { await ctx.close(); }
}

/** The learner works through the course in `frame`; returns the score and outcome the rules give, and a log. */
async function learn(frame, c, who) {
  const log = [];
  {
    const l = new Learner(frame, c);
    await l.waitReady();
    const results = new Map();
    let quizBest = null;
    for (const [k, les] of c.lessons.entries()) {
      if (k > 0) await l.next();
      await frame.getByRole("heading", { level: 2, name: les.title }).waitFor();
      if (les.id === "quiz") {
        if (!who.thorough && r.int(2) === 0) { log.push("quiz: not taken"); continue; }
        let right = 0;
        for (const q of c.quiz) {
          const ok = r.next() < who.right;
          const pick = ok ? q.key : [0, 1, 2, 3].filter((i) => i !== q.key)[r.int(3)];
          await frame.getByRole("group", { name: q.prompt }).getByRole("radio", { name: q.choices[pick], exact: true }).check();
          if (ok) right++;
        }
        await frame.getByRole("button", { name: "Submit assessment" }).click();
        await frame.getByRole("heading", { level: 3, name: "Your result" }).waitFor();
        quizBest = Math.round((100 * right) / c.quiz.length);
        log.push(`quiz: ${right} of ${c.quiz.length} right`);
        continue;
      }
      const here = les.id === "part-a" ? [c.checks[0], c.unscored, c.checks[1]] : c.checks.slice(2);
      for (const q of here) results.set(q.id, await answerCheck(frame, q, who, log));
    }

    // The rules, from the answers alone.
    const scored = c.checks.map((q) => ({ q, ...(results.get(q.id) ?? { right: false, used: 0, final: false }) }));
    const pos = scored.reduce((t, x) => t + x.q.points, 0), got = scored.reduce((t, x) => t + (x.right ? x.q.points : 0), 0);
    const cs = (100 * got) / pos;
    const raw = c.quiz.length ? (c.weight * cs + (100 - c.weight) * (quizBest ?? 0)) / 100 : cs;
    const started = scored.some((x) => x.used > 0) || quizBest != null;
    const score = started ? Math.round(raw) : null;
    const over = scored.every((x) => x.final) && (!c.quiz.length || quizBest != null);
    const outcome = score != null && score >= c.pass ? "passed" : over ? "failed" : "unknown";

    if (score != null) {
      assert.equal(await frame.locator("[data-t=course-score]").textContent(), `Course score: ${score}%. Pass mark: ${c.pass}%.`,
        `the learner sees the course score (seed ${SEED})\n${log.join("\n")}`);
    }
    log.push(`expected: score ${score}, ${outcome}`);
    return { score, outcome, log };
  }
}

for (const version of Object.keys(VERSIONS)) {
  describe(`SCORM ${version}: the course score`, () => {
    for (const name of ["quiz", "checks"]) {
      test(`${name === "quiz" ? "scored checks and an assessment" : "scored checks only"}: ${PROFILES.length} random learners`, async () => {
        const c = courses[name];
        for (const who of PROFILES) {
          const { cmi, score, outcome, log } = await session(version, c, who);
          const why = `pass mark ${c.pass}%, checks weigh ${c.weight}% (seed ${SEED}); the learner did:\n${log.join("\n")}`;
          const raw = version === "12" ? cmi.core.score.raw : cmi.score.raw;
          assert.equal(raw === "" ? null : Number(raw), score, `score.raw: ${why}`);
          if (version === "12") {
            // passed-failed: passed or failed once judged, incomplete before.
            assert.equal(cmi.core.lesson_status, outcome === "unknown" ? "incomplete" : outcome, `lesson_status: ${why}`);
          } else {
            assert.equal(cmi.success_status, outcome, `success_status: ${why}`);
            // completion = "both": every lesson viewed (this learner saw them all) and passed.
            assert.equal(cmi.completion_status, outcome === "passed" ? "completed" : "incomplete", `completion_status: ${why}`);
          }
        }
      });
    }
  });
}

test("a pass mark over nothing scored judges nobody: complete once seen, no pass or fail, no score", async () => {
  const c = courses.none;
  const s = await host.launch(browser, "2004", "/pkg/none.scorm2004/index.html");
  try {
    await new Learner(s.frame, c).waitReady();
    const log = [];
    await answerCheck(s.frame, c.unscored, { thorough: true, right: 0.5 }, log);
    await s.lms.close();
    const cmi = await s.lms.cmi();
    assert.deepEqual([cmi.completion_status, cmi.success_status, cmi.score.raw], ["completed", "unknown", ""], log.join("\n"));
    assert.deepEqual(s.errors, []);
  } finally { await s.ctx.close(); }
});

describe("cmi5: the course score", () => {
  for (const name of ["quiz", "checks"]) {
    test(`${name === "quiz" ? "scored checks and an assessment" : "scored checks only"}: ${PROFILES.length} random learners`, async () => {
      const c = courses[name];
      for (const who of PROFILES) {
        const { stored, score, outcome, log } = await cmi5Session(c, who);
        const why = `pass mark ${c.pass}%, checks weigh ${c.weight}% (seed ${SEED}); the learner did:\n${log.join("\n")}`;
        const judged = stored.filter((x) => /\/(passed|failed)$/.test(x.verb.id));
        if (outcome === "unknown") {
          assert.deepEqual(judged.map((x) => x.verb.id), [], `no result yet: ${why}`);
          continue;
        }
        assert.equal(judged.length, 1, `one result statement: ${why}`);
        const [st] = judged;
        assert.ok(st.verb.id.endsWith(`/${outcome}`), `${outcome}: ${why}`);
        // passed goes out when the score first reaches the pass mark, which the
        // rest of the session may raise; failed only once nothing can change.
        if (outcome === "passed") assert.ok(st.result.score.raw >= c.pass && st.result.score.raw <= score, `passed with ${st.result.score.raw}: ${why}`);
        else assert.equal(st.result.score.raw, score, `failed with the final score: ${why}`);
        assert.equal(st.result.success, outcome === "passed");
      }
    });
  }
});
