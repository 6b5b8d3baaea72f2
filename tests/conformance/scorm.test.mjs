// SCORM 1.2 and SCORM 2004 4th edition packages under scorm-again, the LMS
// run-time real LMSs use, in headless Chromium. A scripted learner works
// through every lesson by roles and names: once all correct, once all wrong,
// once leaving halfway and resuming in a second launch. The test then reads
// what the LMS recorded (renderCMIToJSONObject) and checks it against the
// course's text files.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { SUITE_COURSES, exampleCourse, packageDir, repo, serve, launch, context } from "./lib/env.mjs";
import { Learner } from "./lib/learner.mjs";
import { hostPage, scormAgainDist } from "./lib/lms.mjs";
import { response, TYPES } from "./lib/expect.mjs";
import path from "node:path";

const VERSIONS = { "12": "scorm12", "2004": "scorm2004" };
let browser, server;
const hosts = new Map();
let nextHost = 0;

before(async () => {
  const roots = { "/scorm-again/": scormAgainDist };
  for (const ex of SUITE_COURSES) for (const t of Object.values(VERSIONS)) roots[`/pkg/${ex}.${t}/`] = packageDir(ex, t);
  server = await serve(roots);
  const orig = server.listeners("request")[0];
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    const m = req.url.match(/^\/host\/(\d+)\.html/);
    if (m && hosts.has(m[1])) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(hostPage(hosts.get(m[1])));
    }
    return orig(req, res);
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** Mastery score as an LMS reads it from the manifest (SCORM 1.2 adlcp:masteryscore). */
function manifestMastery(dir) {
  const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
  const m = xml.match(/<adlcp:masteryscore>([^<]+)<\/adlcp:masteryscore>/);
  return m ? m[1].trim() : null;
}

/** One launch of the SCO in the LMS host page. */
async function start(version, example, course, { preload = null, flat = {} } = {}) {
  const target = VERSIONS[version];
  const id = String(nextHost++);
  const base = version === "12"
    ? { "cmi.core.student_id": "learner-1", "cmi.core.student_name": "Learner, Test", "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit" }
    : { "cmi.learner_id": "learner-1", "cmi.learner_name": "Learner, Test", "cmi.mode": "normal", "cmi.credit": "credit" };
  if (version === "12") {
    const ms = manifestMastery(packageDir(example, target));
    if (ms != null) base["cmi.student_data.mastery_score"] = ms;
  }
  hosts.set(id, { version, sco: `/pkg/${example}.${target}/index.html`, preload, flat: { ...base, ...flat } });
  const ctx = await context(browser);
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/host/${id}.html`);
  const sco = page.frameLocator("iframe");
  const learner = new Learner(sco, course);
  await learner.waitReady();
  const lms = {
    cmi: () => page.evaluate(() => window.lms.cmi()),
    calls: () => page.evaluate(() => window.lms.calls),
    violations: () => page.evaluate(() => window.lms.violations),
    close: async () => { await page.evaluate(() => window.lms.close()); },
  };
  return { page, ctx, sco, learner, lms, errors };
}

/** No SetValue failed, no strict 1.2 limit broken, no script error. */
async function assertCleanSession(version, s) {
  const calls = await s.lms.calls();
  const setName = version === "12" ? "LMSSetValue" : "SetValue";
  const failed = calls.filter((c) => c.r === "false");
  assert.deepEqual(failed.map((c) => `${c.fn}(${c.args.map((a) => JSON.stringify(a)).join(", ")}) -> false, error ${c.err}`), [],
    "every LMS call succeeded");
  assert.deepEqual(await s.lms.violations(), [], "SCORM 1.2 limits (Moodle's strict mode)");
  assert.ok(calls.some((c) => c.fn === setName), "the SCO set values");
  const init = version === "12" ? "LMSInitialize" : "Initialize";
  const fin = version === "12" ? "LMSFinish" : "Terminate";
  assert.equal(calls.filter((c) => c.fn === init).length, 1, `${init} called once`);
  assert.equal(calls.filter((c) => c.fn === fin).length, 1, `${fin} called once`);
  assert.equal(calls.findIndex((c) => c.fn === fin), calls.length - 1, `nothing after ${fin}`);
  assert.deepEqual(s.errors, [], "no script errors in the SCO");
}

const list = (o) => Object.keys(o || {}).filter((k) => /^\d+$/.test(k)).sort((a, b) => a - b).map((k) => o[k]);
const interactionsOf = (cmi) => list(cmi.interactions?.childArray ? Object.assign({}, cmi.interactions.childArray) : cmi.interactions);
const objectivesOf = (cmi) => list(cmi.objectives?.childArray ? Object.assign({}, cmi.objectives.childArray) : cmi.objectives);

/** Which questions a learner answered how, in order: [{q, correct, tries}]. */
function plan(course, drawn, correct, lessons = course.lessons) {
  const out = [];
  for (const l of lessons) {
    if (l.template === "assessment") { for (const id of drawn[l.id] || []) out.push({ q: course.byId[id], correct, asmt: true }); continue; }
    for (const b of l.blocks) if (b.kind === "question") {
      const q = course.byId[b.id];
      const tries = correct ? 1 : Math.max(1, q.attempts);
      for (let t = 0; t < tries; t++) out.push({ q, correct });
    }
  }
  return out;
}

function checkInteractions(version, cmi, expected) {
  const got = interactionsOf(cmi);
  const f = version === "12" ? "12" : "04";
  const summary = (x) => `${x.id}`;
  assert.deepEqual(got.map(summary), expected.map((e) => e.q.id), "one interaction per answer, ids = block ids, in order");
  got.forEach((it, i) => {
    const { q, correct } = expected[i];
    const where = `interaction ${i} (${q.id})`;
    assert.equal(it.type, TYPES[q.type], `${where}: type`);
    const resp = version === "12" ? it.student_response : it.learner_response;
    assert.equal(resp, response(q, correct, f), `${where}: learner response`);
    assert.equal(it.result, correct ? "correct" : version === "12" ? "wrong" : "incorrect", `${where}: result`);
    const objs = list(it.objectives?.childArray ? Object.assign({}, it.objectives.childArray) : it.objectives).map((o) => o.id);
    assert.deepEqual(objs, q.objectives, `${where}: objectives`);
    const pats = list(it.correct_responses?.childArray ? Object.assign({}, it.correct_responses.childArray) : it.correct_responses).map((p) => p.pattern);
    assert.ok(pats.length >= 1, `${where}: a correct response pattern`);
    if (q.type !== "fill-blank" && q.type !== "numeric") assert.equal(pats[0], response(q, true, f), `${where}: correct pattern`);
    assert.equal(Number(it.weighting), q.points, `${where}: weighting`);
  });
}

/** Objectives the run touched, with the raw score the learner earned on them (all right: 100, all wrong: 0). */
function touchedObjectives(course, expected, scenarioRoutes) {
  const t = new Set();
  for (const e of expected) for (const o of e.q.objectives) t.add(o);
  for (const r of scenarioRoutes) for (const o of r.sc.objectives ?? []) t.add(o);
  return t;
}

function checkObjectives(version, cmi, course, touched, correct) {
  const objs = objectivesOf(cmi);
  assert.deepEqual(objs.map((o) => o.id).sort(), course.objectives.map((o) => o.id).sort(), "one cmi.objectives entry per learning objective");
  const problems = [];
  const want = (o, field, got, exp) => { if (String(got) !== String(exp)) problems.push(`${o.id}: ${field} is ${JSON.stringify(got)}, expected ${JSON.stringify(exp)}`); };
  for (const o of objs) {
    if (!touched.has(o.id)) continue;
    if (version === "12") want(o, "status", o.status, correct ? "passed" : "failed");
    else {
      want(o, "success_status", o.success_status, correct ? "passed" : "failed");
      // Every question on this objective that the learner could answer was answered
      // (the undrawn pool questions cannot be), so the objective is completed.
      want(o, "completion_status", o.completion_status, "completed");
      want(o, "score.scaled", Number(o.score.scaled), correct ? 1 : 0);
    }
    want(o, "score.raw", Number(o.score.raw), correct ? 100 : 0);
    want(o, "score.min", Number(o.score.min), 0);
    want(o, "score.max", Number(o.score.max), 100);
  }
  assert.deepEqual(problems, [], "per-objective results in cmi.objectives");
}

function checkScore(version, cmi, raw) {
  const s = version === "12" ? cmi.core.score : cmi.score;
  assert.equal(Number(s.raw), raw, "score.raw");
  assert.equal(Number(s.min), 0, "score.min");
  assert.equal(Number(s.max), 100, "score.max");
  if (version === "2004") assert.equal(Number(s.scaled), raw / 100, "score.scaled");
}

/** Works through the whole course; returns what it did. */
async function workAll(s, course, correct, from = 0) {
  const drawn = {};
  for (let i = from; i < course.lessons.length; i++) {
    const lesson = course.lessons[i];
    await s.learner.lessonHeading(lesson).waitFor();
    const done = await s.learner.doLesson(lesson, correct);
    if (done.assessment) drawn[lesson.id] = done.assessment.drawn;
    if (i < course.lessons.length - 1) await s.learner.next();
  }
  return { drawn, routes: course.scenarios.map((sc) => ({ sc })) };
}

for (const [version, target] of Object.entries(VERSIONS)) {
  for (const example of SUITE_COURSES) {
    describe(`SCORM ${version}: ${example}`, () => {
      const course = exampleCourse(example);
      const last = course.lessons[course.lessons.length - 1];

      test("all correct: passed, 100%, every interaction and objective recorded, exit not suspend", async () => {
        const s = await start(version, example, course);
        try {
          const { drawn, routes } = await workAll(s, course, true);
          await s.sco.getByRole("main").getByText(s.learner.scoreText(100)).waitFor();
          await s.lms.close();
          const cmi = await s.lms.cmi();
          await assertCleanSession(version, s);
          if (version === "12") {
            assert.equal(cmi.core.lesson_status, "passed", "lesson_status");
            assert.equal(cmi.core.exit, "", "exit (finished: not suspend)");
            assert.equal(cmi.core.lesson_location, last.id, "lesson_location = the last lesson's id");
          } else {
            assert.equal(cmi.completion_status, "completed", "completion_status");
            assert.equal(cmi.success_status, "passed", "success_status");
            assert.equal(cmi.exit, "normal", "exit (finished: normal)");
            assert.equal(cmi.location, last.id, "location = the last lesson's id");
          }
          checkScore(version, cmi, 100);
          const expected = plan(course, drawn, true);
          checkInteractions(version, cmi, expected);
          checkObjectives(version, cmi, course, touchedObjectives(course, expected, routes), true);
        } finally { await s.ctx.close(); }
      });

      test("all wrong: failed, 0%, wrong answers recorded, exit suspend (attempts left)", async () => {
        const s = await start(version, example, course);
        try {
          const { drawn, routes } = await workAll(s, course, false);
          await s.sco.getByRole("main").getByText(s.learner.scoreText(0)).waitFor();
          await s.lms.close();
          const cmi = await s.lms.cmi();
          await assertCleanSession(version, s);
          if (version === "12") {
            assert.equal(cmi.core.lesson_status, "failed", "lesson_status");
            assert.equal(cmi.core.exit, "suspend", "exit: the learner may retry, so suspend");
          } else {
            assert.equal(cmi.success_status, "failed", "success_status");
            assert.equal(cmi.completion_status, course.completion === "all-lessons-viewed" ? "completed" : "incomplete", "completion_status");
            assert.equal(cmi.exit, "suspend", "exit: the learner may retry, so suspend");
          }
          checkScore(version, cmi, 0);
          const expected = plan(course, drawn, false);
          checkInteractions(version, cmi, expected);
          checkObjectives(version, cmi, course, touchedObjectives(course, expected, routes), false);
        } finally { await s.ctx.close(); }
      });

      test("leave halfway, resume in a second launch: position and answers restored, then finish", async () => {
        const half = Math.floor(course.lessons.length / 2);
        const s1 = await start(version, example, course);
        let saved;
        let firstAnswers;
        try {
          await s1.learner.work(true, 0, half);
          // On the half-way lesson: answer its first question, then leave.
          const lesson = course.lessons[half];
          await s1.learner.lessonHeading(lesson).waitFor();
          const firstQ = lesson.blocks.find((b) => b.kind === "question");
          if (firstQ) await s1.learner.practice(course.byId[firstQ.id], true);
          await s1.lms.close();
          saved = await s1.lms.cmi();
          await assertCleanSession(version, s1);
          if (version === "12") {
            assert.equal(saved.core.exit, "suspend", "exit = suspend when leaving unfinished");
            assert.equal(saved.core.lesson_status, "incomplete", "lesson_status while unfinished");
            assert.equal(saved.core.lesson_location, lesson.id, "lesson_location = the lesson being read");
          } else {
            assert.equal(saved.exit, "suspend", "exit = suspend when leaving unfinished");
            assert.equal(saved.completion_status, "incomplete", "completion_status while unfinished");
            assert.equal(saved.location, lesson.id, "location = the lesson being read");
          }
          const sd = version === "12" ? saved.suspend_data : saved.suspend_data;
          assert.ok(sd && sd.length > 0, "suspend_data saved");
          firstAnswers = plan(course, {}, true, course.lessons.slice(0, half));
          if (firstQ) firstAnswers.push({ q: course.byId[firstQ.id], correct: true });
          checkInteractions(version, saved, firstAnswers);
        } finally { await s1.ctx.close(); }

        // Second launch: the LMS hands back what it kept, with entry = resume.
        const keep = JSON.parse(JSON.stringify(saved));
        let flat;
        if (version === "12") {
          delete keep.core.exit; delete keep.core.session_time; delete keep.core.total_time;
          flat = { "cmi.core.entry": "resume" };
        } else {
          delete keep.exit; delete keep.session_time; delete keep.total_time;
          flat = { "cmi.entry": "resume" };
        }
        delete keep.interactions; // kept by the LMS as a journal; the SCO does not need them back
        const s2 = await start(version, example, course, { preload: keep, flat });
        try {
          const lesson = course.lessons[half];
          await s2.learner.lessonHeading(lesson).waitFor({ timeout: 5000 })
            .catch(() => assert.fail(`resume should open "${lesson.title}"`));
          // Earlier answers are back, with their feedback; earlier lessons are marked viewed.
          const menu = s2.learner.menu();
          for (const l of course.lessons.slice(0, half + 1)) {
            assert.match(await menu.getByRole("link", { name: new RegExp(l.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).textContent(), new RegExp(s2.learner.s.viewed), `menu marks "${l.title}" viewed`);
          }
          await s2.learner.openLesson(course.lessons[0]);
          const q0 = course.lessons[0].blocks.find((b) => b.kind === "question");
          const g = s2.learner.question(course.byId[q0.id]);
          assert.equal(await g.getByText(s2.learner.s.correct, { exact: true }).isVisible(), true, `${q0.id}: feedback restored`);
          assert.equal(await g.getByRole("button", { name: s2.learner.s.check }).getAttribute("aria-disabled"), "true", `${q0.id}: locked after a correct answer`);
          await s2.learner.openLesson(lesson);
          // Finish the half-way lesson and the rest.
          for (const b of lesson.blocks) if (b.kind === "question" && !firstAnswers.some((a) => a.q.id === b.id)) await s2.learner.practice(course.byId[b.id], true);
          for (const b of lesson.blocks) if (b.kind === "scenario") await s2.learner.scenario(course.scenarios.find((x) => x.id === b.id), true);
          let drawn = {};
          if (lesson.template === "assessment") drawn[lesson.id] = (await s2.learner.assessment(course.assessments[0], true)).drawn;
          if (half < course.lessons.length - 1) {
            await s2.learner.next();
            drawn = { ...drawn, ...(await workAll(s2, course, true, half + 1)).drawn };
          }
          await s2.lms.close();
          const cmi = await s2.lms.cmi();
          await assertCleanSession(version, s2);
          if (version === "12") {
            assert.equal(cmi.core.lesson_status, "passed", "lesson_status after resuming and finishing");
            assert.equal(cmi.core.exit, "", "exit after finishing");
          } else {
            assert.equal(cmi.completion_status, "completed");
            assert.equal(cmi.success_status, "passed");
            assert.equal(cmi.exit, "normal", "exit after finishing");
          }
          checkScore(version, cmi, 100);
          const rest = plan(course, drawn, true, course.lessons.slice(half)).filter((e) => !firstAnswers.some((a) => a.q.id === e.q.id));
          checkInteractions(version, cmi, rest);
        } finally { await s2.ctx.close(); }
      });
    });
  }
}
