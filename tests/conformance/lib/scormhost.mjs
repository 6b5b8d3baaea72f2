// A SCORM LMS for the suites: one loopback server with scorm-again and the
// published packages, a host page per launch (lib/lms.mjs), and what an LMS
// keeps between launches of one attempt, and what the suites check on it.
// (scorm.test.mjs has its own copy of the launch; this one adds relaunches in
// the same browser.)
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { packageDir, serve, context } from "./env.mjs";
import { Learner } from "./learner.mjs";
import { hostPage, scormAgainDist } from "./lms.mjs";

export const VERSIONS = { "12": "scorm12", "2004": "scorm2004" };

/** Mastery score as an LMS reads it from the manifest (SCORM 1.2 adlcp:masteryscore). */
function manifestMastery(dir) {
  const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
  const m = xml.match(/<adlcp:masteryscore>([^<]+)<\/adlcp:masteryscore>/);
  return m ? m[1].trim() : null;
}

export class ScormHost {
  constructor(browser, examples) { this.browser = browser; this.examples = examples; this.hosts = new Map(); this.next = 0; }

  async start() {
    const roots = { "/scorm-again/": scormAgainDist };
    for (const ex of this.examples) for (const t of Object.values(VERSIONS)) roots[`/pkg/${ex}.${t}/`] = packageDir(ex, t);
    this.server = await serve(roots);
    const orig = this.server.listeners("request")[0];
    this.server.removeAllListeners("request");
    this.server.on("request", (req, res) => {
      const m = req.url.match(/^\/host\/(\d+)\.html/);
      if (m && this.hosts.has(m[1])) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(hostPage(this.hosts.get(m[1])));
      }
      return orig(req, res);
    });
  }
  stop() { return this.server?.stop(); }

  /**
   * One launch of the SCO. `keep`: what the LMS kept from the attempt's last
   * session (cmi JSON), handed back with entry = resume; none starts an
   * attempt afresh (ab-initio). `ctx`: the learner's browser context to reuse.
   */
  async launch(version, example, course, { keep = null, ctx = null } = {}) {
    const target = VERSIONS[version];
    const id = String(this.next++);
    const flat = version === "12"
      ? { "cmi.core.student_id": "learner-1", "cmi.core.student_name": "Learner, Test", "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit" }
      : { "cmi.learner_id": "learner-1", "cmi.learner_name": "Learner, Test", "cmi.mode": "normal", "cmi.credit": "credit" };
    if (version === "12") {
      const ms = manifestMastery(packageDir(example, target));
      if (ms != null) flat["cmi.student_data.mastery_score"] = ms;
    }
    let preload = null;
    if (keep) {
      preload = JSON.parse(JSON.stringify(keep));
      const core = version === "12" ? preload.core : preload;
      delete core.exit; delete core.session_time; delete core.total_time;
      delete preload.interactions;  // kept by the LMS as a journal; the SCO does not read them back
      flat[version === "12" ? "cmi.core.entry" : "cmi.entry"] = "resume";
    }
    this.hosts.set(id, { version, sco: `/pkg/${example}.${target}/index.html`, preload, flat });
    ctx ??= await context(this.browser);
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${this.server.url}/host/${id}.html`);
    const sco = page.frameLocator("iframe");
    const learner = new Learner(sco, course);
    await learner.waitReady();
    return {
      page, ctx, sco, learner, errors,
      cmi: () => page.evaluate(() => window.lms.cmi()),
      calls: () => page.evaluate(() => window.lms.calls),
      violations: () => page.evaluate(() => window.lms.violations),
      /** The learner leaves: the LMS unloads the SCO; returns what the LMS holds. */
      leave: async () => {
        await page.evaluate(() => window.lms.close());
        const cmi = await page.evaluate(() => window.lms.cmi());
        const calls = await page.evaluate(() => window.lms.calls);
        const violations = await page.evaluate(() => window.lms.violations);
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

export const scored = (s, pct) => s.sco.getByRole("main").getByText(new RegExp(`You scored ${pct}%`)).waitFor();
