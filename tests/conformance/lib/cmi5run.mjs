// One cmi5 launch in Chromium as the suites drive it: the AU as the LMS
// imports it from cmi5.xml, a launch by the suite's LMS (lib/cmi5lms.mjs),
// leaving the way a learner does, and what went wrong for a readable failure.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, after } from "node:test";
import { packageDir, serve, launch } from "./env.mjs";
import { Ralph } from "./ralph.mjs";
import { Learner } from "./learner.mjs";
import { checkCmi5, verbOf } from "./cmi5rules.mjs";
import { Cmi5Lms, SESSION_EXT } from "./cmi5lms.mjs";
import { response } from "./expect.mjs";

export const sessionOf = (s) => s.context?.extensions?.[SESSION_EXT];
const byTime = (a, b) => a.timestamp.localeCompare(b.timestamp);

/**
 * A suite's parts, started before its tests and stopped after: Ralph, the
 * suite's LMS, the published packages of `examples` on a static server, and
 * Chromium. Returns a Cmi5Runs whose fields are filled in once `before` ran.
 */
export function cmi5Suite(examples, actor) {
  const runs = new Cmi5Runs({ actor });
  before(async () => {
    runs.ralph = new Ralph();
    await runs.ralph.start();
    runs.lms = new Cmi5Lms(runs.ralph);
    await runs.lms.start();
    const roots = {};
    for (const ex of examples) roots[`/${ex}/`] = packageDir(ex, "cmi5");
    runs.content = await serve(roots);
    runs.browser = await launch();
  });
  after(async () => {
    await runs.browser?.close();
    await runs.content?.stop();
    await runs.lms?.stop();
    await runs.ralph?.stop();
  });
  return runs;
}

/** The AU of a published example, as the LMS imports it from cmi5.xml. */
export const auOf = (example) => auIn(packageDir(example, "cmi5"));

/** The AU of the cmi5 package in folder `dir`, as the LMS imports it from cmi5.xml. */
export function auIn(dir) {
  const xml = fs.readFileSync(path.join(dir, "cmi5.xml"), "utf8");
  const tag = xml.match(/<au\s[^>]*>/)[0];
  const attr = (n) => tag.match(new RegExp(`\\s${n}="([^"]*)"`))?.[1];
  return { id: attr("id"), moveOn: attr("moveOn") ?? "NotApplicable", masteryScore: attr("masteryScore") != null ? Number(attr("masteryScore")) : null,
    launchMethod: attr("launchMethod") ?? "AnyWindow", url: xml.match(/<url>([^<]+)<\/url>/)[1].trim() };
}

export class Cmi5Runs {
  /** @param parts { ralph, lms, content, browser } as the suite started them */
  constructor(parts) { Object.assign(this, parts); }

  /**
   * Launches the AU for `registration` and waits until the course is ready.
   * `ctx`: a browser context to reuse (the same learner's browser, with its
   * local storage, as on a relaunch); a new one by default.
   */
  async open(example, course, registration, { ctx = null, launchMode } = {}) {
    const au = auOf(example);
    const session = await this.lms.launch({ contentUrl: `${this.content.url}/${example}/${au.url}`, au, actor: this.actor, registration, launchMode });
    // No request routing here: Playwright's interception drops the keepalive
    // requests (and their CORS preflights) a page sends while it unloads, which
    // is exactly when the AU sends terminated. Nothing leaves the machine anyway.
    ctx ??= await this.browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    if (process.env.DEBUG_REQ) {  // DEBUG_REQ=1: print the AU's xAPI requests and console
      page.on("request", (r) => r.url().includes("/xapi/") && console.log("REQ", r.method(), r.url().slice(0, 80), (r.postData() || "").slice(0, 80)));
      page.on("requestfailed", (r) => console.log("FAILED", r.method(), r.url().slice(0, 80), r.failure()?.errorText));
      page.on("console", (m) => console.log("CONSOLE", m.text()));
    }
    await page.goto(session.launchUrl);
    const learner = new Learner(page, course);
    await learner.waitReady();
    return { au, session, ctx, page, learner, errors, registration };
  }

  /** Leaves the AU the way a learner does (navigating away: pagehide), waits for terminated, closes the page. */
  async leave(run, { keep = false } = {}) {
    await run.page.goto("about:blank");
    await this.waitFor(async () => (await this.ralph.statements(run.registration)).some((s) => verbOf(s) === "terminated" &&
      sessionOf(s) === run.session.id), "terminated in the LRS", 15000, run);
    await run.page.close();
    if (!keep) await run.ctx.close();
  }

  /** The verbs of one launch's session in the LRS (the AU's, not the LMS's launched), in time order. */
  static verbsOf(stored, run) {
    return stored.filter((s) => sessionOf(s) === run.session.id && verbOf(s) !== "launched").sort(byTime).map(verbOf);
  }
  /** The cmi5 defined verbs of the session (without the allowed answered and experienced). */
  static defined(stored, run) { return Cmi5Runs.verbsOf(stored, run).filter((v) => v !== "answered" && v !== "experienced"); }

  /** What the AU sent in this launch that belongs to another session or registration. */
  static foreign(run) {
    return [...run.session.attempted.values()].filter((s) => sessionOf(s) !== run.session.id || s.context?.registration !== run.registration)
      .map((s) => `${verbOf(s)} of session ${sessionOf(s)} (registration ${s.context?.registration})`);
  }

  /** What the LMS refused or noticed, plus the cmi5 rules on what the LRS stored for `list` (launches in order). */
  conformant(stored, list, registration) {
    const problems = [...this.lms.problems];
    for (const r of list) if (r.session.fetches !== 1) problems.push(`the fetch URL was POSTed ${r.session.fetches} times in session ${r.session.id}`);
    return [...problems, ...checkCmi5(stored, list.map((r) => r.session), registration)];
  }

  /** What happened, for a readable failure: the AU's requests to the LMS and what the LRS holds. */
  async diag(run) {
    const reqs = run.session.requests.map((r) => `${r.method} ${r.path} -> ${r.status ?? "(state)"}`);
    const counts = {};
    for (const r of reqs) counts[r] = (counts[r] || 0) + 1;
    let stored = [];
    try { stored = (await this.ralph.statements(run.registration)).map(verbOf); } catch (e) { stored = [`(LRS: ${e.message})`]; }
    const sent = [...run.session.attempted.values()].map(verbOf);
    return `\n  AU requests: ${JSON.stringify(counts)}\n  statements the AU sent (${sent.length}): ${sent.join(", ")}` +
      `\n  statements the LRS holds (${stored.length}): ${stored.join(", ")}\n  LMS findings: ${JSON.stringify(this.lms.problems)}`;
  }

  async waitFor(check, what, ms, run) {
    const until = Date.now() + ms;
    for (;;) {
      if (await check()) return;
      if (Date.now() > until) assert.fail(`timed out after ${ms} ms waiting for ${what}` + (run ? await this.diag(run) : ""));
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** What the learner answered, in order, for the answered statements. */
export function answersOf(course, correct, drawn, lessons = course.lessons) {
  const out = [];
  for (const l of lessons) {
    if (l.template === "assessment") { for (const id of drawn) out.push({ q: course.byId[id], correct }); continue; }
    for (const b of l.blocks) if (b.kind === "question") {
      const q = course.byId[b.id];
      for (let t = 0; t < (correct ? 1 : Math.max(1, q.attempts)); t++) out.push({ q, correct });
    }
  }
  return out;
}

export async function workAll(learner, course, correct, from = 0, to = course.lessons.length) {
  let drawn = [];
  for (let i = from; i < to; i++) {
    const lesson = course.lessons[i];
    await learner.lessonHeading(lesson).waitFor();
    const done = await learner.doLesson(lesson, correct);
    if (done.assessment) drawn = done.assessment.drawn;
    if (i < course.lessons.length - 1) await learner.next();
  }
  return drawn;
}

export function checkAnswered(stored, course, expected) {
  const answered = stored.filter((s) => verbOf(s) === "answered").sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  assert.deepEqual(answered.map((s) => s.object.id), expected.map((e) => `urn:trellis:course:${course.id}:question:${e.q.id}`),
    "one answered statement per answer, object = the question's IRI, in order");
  answered.forEach((s, i) => {
    const { q, correct } = expected[i];
    assert.equal(s.result?.response, response(q, correct, "04"), `answered ${q.id}: result.response`);
    assert.equal(s.result?.success, correct, `answered ${q.id}: result.success`);
    assert.equal(s.object.definition?.interactionType, { "single-choice": "choice", "multiple-response": "choice", "true-false": "true-false",
      "fill-blank": "fill-in", matching: "matching", ordering: "sequencing", numeric: "numeric" }[q.type], `answered ${q.id}: interactionType`);
  });
}
