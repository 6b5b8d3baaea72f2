// A SCORM LMS for the suites that leave and come back: a loopback server with
// scorm-again host pages (lib/lms.mjs), a launch that preloads only what the
// LMS kept, and the hand-over from one session to the next (suspend, then
// relaunch with entry = resume). `scormHost` serves any package folders;
// `ScormHost` serves the published examples and drives a Learner in them.
// (scorm.test.mjs has its own copy of the launch.)
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { packageDir, serve, context } from "./env.mjs";
import { Learner } from "./learner.mjs";
import { hostPage, scormAgainDist } from "./lms.mjs";

/** A server for the package folders in `pkgs` (url prefix → folder) plus scorm-again and host pages. */
export async function scormHost(pkgs) {
  const hosts = new Map();
  let next = 0;
  const server = await serve({ "/scorm-again/": scormAgainDist, ...pkgs });
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

  /**
   * One launch of the SCO at `sco` (a URL path) under SCORM `version` ("12" or "2004").
   * `preload` and `flat` are what the LMS hands the SCO before Initialize;
   * `ctx`, the learner's browser context to reuse (a new one by default).
   */
  async function launch(browser, version, sco, { preload = null, flat = {}, ctx = null } = {}) {
    const id = String(next++);
    const base = version === "12"
      ? { "cmi.core.student_id": "learner-1", "cmi.core.student_name": "Learner, Test", "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit" }
      : { "cmi.learner_id": "learner-1", "cmi.learner_name": "Learner, Test", "cmi.mode": "normal", "cmi.credit": "credit" };
    hosts.set(id, { version, sco, preload, flat: { ...base, ...flat } });
    ctx ??= await context(browser);
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/host/${id}.html`);
    const frame = page.frameLocator("iframe");
    const lms = {
      cmi: () => page.evaluate(() => window.lms.cmi()),
      calls: () => page.evaluate(() => window.lms.calls),
      violations: () => page.evaluate(() => window.lms.violations),
      /** The learner leaves: the LMS unloads the SCO's frame. */
      close: () => page.evaluate(() => window.lms.close()),
    };
    return { page, ctx, frame, lms, errors };
  }
  return { server, launch, stop: () => server.stop() };
}

/**
 * What an LMS hands back on the next launch after a session that ended with
 * `cmi`: the data model it kept (without the session's own exit and time,
 * and without the interactions journal), with entry = resume.
 */
export function resumeFrom(version, cmi) {
  const keep = JSON.parse(JSON.stringify(cmi));
  delete keep.interactions;
  if (version === "12") {
    delete keep.core.exit; delete keep.core.session_time; delete keep.core.total_time;
    return { preload: keep, flat: { "cmi.core.entry": "resume" } };
  }
  delete keep.exit; delete keep.session_time; delete keep.total_time;
  return { preload: keep, flat: { "cmi.entry": "resume" } };
}

export const VERSIONS = { "12": "scorm12", "2004": "scorm2004" };

/** Mastery score as an LMS reads it from the manifest (SCORM 1.2 adlcp:masteryscore). */
function manifestMastery(dir) {
  const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
  const m = xml.match(/<adlcp:masteryscore>([^<]+)<\/adlcp:masteryscore>/);
  return m ? m[1].trim() : null;
}

export class ScormHost {
  constructor(browser, examples) { this.browser = browser; this.examples = examples; }

  async start() {
    const roots = {};
    for (const ex of this.examples) for (const t of Object.values(VERSIONS)) roots[`/pkg/${ex}.${t}/`] = packageDir(ex, t);
    this.host = await scormHost(roots);
    this.server = this.host.server;
  }
  stop() { return this.host?.stop(); }

  /**
   * One launch of the SCO. `keep`: what the LMS kept from the attempt's last
   * session (cmi JSON), handed back with entry = resume; none starts an
   * attempt afresh (ab-initio). `ctx`: the learner's browser context to reuse.
   */
  async launch(version, example, course, { keep = null, ctx = null } = {}) {
    const target = VERSIONS[version];
    const { preload = null, flat = {} } = keep ? resumeFrom(version, keep) : {};
    if (version === "12") {
      const ms = manifestMastery(packageDir(example, target));
      if (ms != null) flat["cmi.student_data.mastery_score"] = ms;
    }
    const s = await this.host.launch(this.browser, version, `/pkg/${example}.${target}/index.html`, { preload, flat, ctx });
    const { page, frame: sco, errors } = s;
    const learner = new Learner(sco, course);
    await learner.waitReady();
    return {
      page, ctx: s.ctx, sco, learner, errors,
      cmi: s.lms.cmi,
      calls: s.lms.calls,
      violations: s.lms.violations,
      /** The learner leaves: the LMS unloads the SCO; returns what the LMS holds. */
      leave: async () => {
        await s.lms.close();
        const cmi = await s.lms.cmi();
        const calls = await s.lms.calls();
        const violations = await s.lms.violations();
        await page.close();
        return { cmi, calls, violations };
      },
    };
  }
}

const list = (o) => Object.keys(o || {}).filter((k) => /^\d+$/.test(k)).sort((a, b) => a - b).map((k) => o[k]);
export const interactionsOf = (cmi) => list(cmi.interactions?.childArray ? Object.assign({}, cmi.interactions.childArray) : cmi.interactions);

/** What an LMS reports for the attempt: status, score, exit, location. */
export function summary(version, cmi) {
  const v12 = version === "12";
  return v12
    ? { status: cmi.core.lesson_status, score: cmi.core.score.raw === "" ? null : Number(cmi.core.score.raw), exit: cmi.core.exit, location: cmi.core.lesson_location }
    : { status: `${cmi.completion_status}/${cmi.success_status}`, score: cmi.score.raw === "" ? null : Number(cmi.score.raw), exit: cmi.exit, location: cmi.location };
}
export const FINISHED = { "12": { passed: "passed", failed: "failed", unfinished: "incomplete" },
  "2004": { passed: "completed/passed", failed: "incomplete/failed", unfinished: "incomplete/unknown" } };
export const EXIT = { "12": { suspend: "suspend", done: "" }, "2004": { suspend: "suspend", done: "normal" } };

/** No SetValue refused, no SCORM 1.2 limit broken, one Initialize and one Finish, no script error. */
export function clean(version, left, s) {
  const failed = left.calls.filter((c) => c.r === "false").map((c) => `${c.fn}(${c.args.join(", ")}) -> ${c.err}`);
  assert.deepEqual(failed, [], "every LMS call succeeded");
  assert.deepEqual(left.violations, [], "SCORM 1.2 limits");
  const init = version === "12" ? "LMSInitialize" : "Initialize", fin = version === "12" ? "LMSFinish" : "Terminate";
  assert.equal(left.calls.filter((c) => c.fn === init).length, 1, `${init} once`);
  assert.equal(left.calls.filter((c) => c.fn === fin).length, 1, `${fin} once`);
  assert.deepEqual(s.errors, [], "no script errors in the SCO");
}

/** Works through lessons [from, to) with everything right. */
export async function work(s, course, from, to) {
  for (let i = from; i < to; i++) {
    await s.learner.lessonHeading(course.lessons[i]).waitFor();
    await s.learner.doLesson(course.lessons[i], true);
    if (i < course.lessons.length - 1) await s.learner.next();
  }
}

export const scored = (s, pct) => s.sco.getByRole("main").getByText(s.learner.scoreText(pct)).waitFor();
