// An LMS for SCORM sessions that leave and come back: a loopback server with
// scorm-again host pages (lib/lms.mjs), a launch that preloads only what the
// LMS kept, and the hand-over from one session to the next (suspend, then
// relaunch with entry = resume).
import { serve, context } from "./env.mjs";
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
   * `preload` and `flat` are what the LMS hands the SCO before Initialize.
   */
  async function launch(browser, version, sco, { preload = null, flat = {} } = {}) {
    const id = String(next++);
    const base = version === "12"
      ? { "cmi.core.student_id": "learner-1", "cmi.core.student_name": "Learner, Test", "cmi.core.lesson_mode": "normal", "cmi.core.credit": "credit" }
      : { "cmi.learner_id": "learner-1", "cmi.learner_name": "Learner, Test", "cmi.mode": "normal", "cmi.credit": "credit" };
    hosts.set(id, { version, sco, preload, flat: { ...base, ...flat } });
    const ctx = await context(browser);
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
