// The cmi5 AU rules, checked on the statements an LRS stored for one
// registration. Each finding names the requirement id from
// @cmi5/requirements, with its text, so a failure says what the spec wants.
import { createRequire } from "node:module";
import { SESSION_EXT, MASTERY_EXT } from "./cmi5lms.mjs";

const REQ = createRequire(import.meta.url)("@cmi5/requirements/requirements.json");
const V = "http://adlnet.gov/expapi/verbs/";
const CAT_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const CAT_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
export const verbOf = (s) => s.verb.id.replace(V, "");
const cats = (s) => (s.context?.contextActivities?.category ?? []).map((a) => a.id);
const isDefined = (s) => cats(s).includes(CAT_CMI5);
const DUR = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

/**
 * @param stored statements from the LRS for the registration (the LMS's own "launched" ones included)
 * @param sessions [{ id, activityId, launchData }] in launch order
 * @returns a list of readable findings (empty when conformant)
 */
export function checkCmi5(stored, sessions, registration) {
  const out = [];
  const fail = (req, what, s) => out.push(`[${req}] ${what}${s ? ` (${verbOf(s)} ${s.id})` : ""}\n      spec: ${REQ[req]?.txt ?? "?"}`);
  const au = stored.filter((s) => verbOf(s) !== "launched").sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const ids = new Set();
  for (const s of stored) { if (ids.has(s.id)) fail("4.1.0.0-1", `statement id ${s.id} stored twice`, s); ids.add(s.id); }

  // Defined and allowed statements alike (answered, experienced) carry one of the launches' session ids.
  const known = new Set(sessions.map((x) => x.id));
  for (const s of au) if (!known.has(s.context?.extensions?.[SESSION_EXT])) fail("9.6.3.1-4", `statement without a session id of this registration's launches (${s.context?.extensions?.[SESSION_EXT]})`, s);

  for (const sess of sessions) {
    const mine = au.filter((s) => s.context?.extensions?.[SESSION_EXT] === sess.id);
    const ld = sess.launchData;
    if (!mine.length) { fail("9.3.2.0-2", `no statement at all for session ${sess.id}`); continue; }
    if (verbOf(mine[0]) !== "initialized") fail("9.3.0.0-4", `first statement of the session is ${verbOf(mine[0])}, not initialized`, mine[0]);
    const inits = mine.filter((s) => verbOf(s) === "initialized");
    if (inits.length !== 1) fail("9.3.2.0-3", `${inits.length} initialized statements in the session`);
    const last = mine[mine.length - 1];
    if (verbOf(last) !== "terminated") fail("9.3.8.0-2", `last statement of the session is ${verbOf(last)}, not terminated`, last);
    const terms = mine.filter((s) => verbOf(s) === "terminated");
    if (terms.length !== 1) fail("9.3.8.0-1", `${terms.length} terminated statements in the session`);
    const decided = mine.filter((s) => isDefined(s) && ["passed", "failed"].includes(verbOf(s)));
    if (decided.length > 1) fail("9.3.0.0-3", `${decided.map(verbOf).join(" and ")} in one session`);
    for (const s of mine) {
      const ctx = s.context ?? {};
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s.id)) fail("9.1.0.0-1", `statement id ${s.id} is not a UUID`, s);
      if (s.actor?.account?.homePage !== sess.actor.account.homePage || s.actor?.account?.name !== sess.actor.account.name) fail("9.2.0.0-1", `actor ${JSON.stringify(s.actor)} is not the launch actor`, s);
      const verb = verbOf(s);
      if (ctx.registration !== registration) fail("9.6.1.0-1", `context.registration is ${ctx.registration}`, s);
      const grouping = (ctx.contextActivities?.grouping ?? []).map((a) => a.id);
      for (const g of ld.contextTemplate.contextActivities.grouping) if (!grouping.includes(g.id)) fail("10.2.1.0-6", `contextTemplate grouping ${g.id} missing`, s);
      if (!s.timestamp || !/(Z|\+00:00)$/.test(s.timestamp)) fail("9.7.0.0-2", `timestamp ${s.timestamp} not UTC`, s);
      if (s.result?.duration != null && !DUR.test(s.result.duration)) fail("9.5.4.1-1", `result.duration ${s.result.duration} is not an ISO 8601 duration`, s);
      const score = s.result?.score;
      if (score?.raw != null && (score.min == null || score.max == null)) fail("9.5.1.0-3", "score.raw without min and max", s);
      if (!isDefined(s)) {
        if (cats(s).includes(CAT_MOVEON)) fail("9.6.2.2-2", "moveOn category on a cmi5 allowed statement", s);
        if (["initialized", "completed", "passed", "failed", "terminated"].includes(verb)) fail("9.6.2.1-1", `${verb} without the cmi5 category`, s);
        continue;
      }
      if (s.object?.id !== sess.activityId) fail("9.4.0.0-2", `object.id ${s.object?.id} is not the launch activityId ${sess.activityId}`, s);
      if (!["initialized", "completed", "passed", "failed", "terminated"].includes(verb)) fail("9.3.0.0-1", `cmi5 defined statement with verb ${verb}`, s);
      if (score && !["passed", "failed"].includes(verb)) fail("9.5.1.0-2", "score on a statement other than passed/failed", s);
      if (s.result && "success" in s.result && !["passed", "failed"].includes(verb)) fail("9.5.2.0-3", "result.success on a statement other than passed/failed", s);
      if (s.result && "completion" in s.result && verb !== "completed") fail("9.5.3.0-2", "result.completion on a statement other than completed", s);
      const needsDur = { terminated: "9.5.4.1-1", completed: "9.5.4.1-2", passed: "9.5.4.1-3", failed: "9.5.4.1-4" }[verb];
      if (needsDur && !s.result?.duration) fail(needsDur, "no result.duration", s);
      const hasMoveOn = cats(s).includes(CAT_MOVEON);
      const needsMoveOn = s.result && ("success" in s.result || "completion" in s.result);
      if (needsMoveOn && !hasMoveOn) fail("9.6.2.2-1", "result has success/completion but no moveOn category", s);
      if (!needsMoveOn && hasMoveOn) fail("9.6.2.2-2", "moveOn category without success/completion", s);
      if (verb === "completed" && s.result?.completion !== true) fail("9.5.3.0-1", "completed without result.completion = true", s);
      if (verb === "passed" && s.result?.success !== true) fail("9.5.2.0-1", "passed without result.success = true", s);
      if (verb === "failed" && s.result?.success !== false) fail("9.5.2.0-2", "failed without result.success = false", s);
      if ((verb === "passed" || verb === "failed") && ld.masteryScore != null) {
        const scaled = score?.scaled;
        if (verb === "passed" && scaled != null && scaled < ld.masteryScore) fail("9.3.4.0-2", `passed with scaled ${scaled} < masteryScore ${ld.masteryScore}`, s);
        if (verb === "failed" && scaled != null && scaled >= ld.masteryScore) fail("9.3.5.0-2", `failed with scaled ${scaled} >= masteryScore ${ld.masteryScore}`, s);
        if (ctx.extensions?.[MASTERY_EXT] !== ld.masteryScore) fail("9.6.3.2-2", `context.extensions masteryscore is ${JSON.stringify(ctx.extensions?.[MASTERY_EXT])}, expected ${ld.masteryScore}`, s);
      }
      if (ld.launchMode !== "Normal" && !["initialized", "terminated"].includes(verb)) fail("10.2.2.0-9", `${verb} in ${ld.launchMode} mode`, s);
    }
  }
  // Per registration.
  const defined = au.filter(isDefined);
  const n = (v) => defined.filter((s) => verbOf(s) === v).length;
  if (n("completed") > 1) fail("9.3.0.0-6", `${n("completed")} completed statements in the registration`);
  if (n("passed") > 1) fail("9.3.0.0-7", `${n("passed")} passed statements in the registration`);
  const firstPass = defined.findIndex((s) => verbOf(s) === "passed");
  if (firstPass >= 0 && defined.slice(firstPass).some((s) => verbOf(s) === "failed")) fail("9.3.0.0-8", "failed after passed");
  // Everything between initialized and terminated of some session (7.1.3.0-1).
  for (const s of au) if (!sessions.some((x) => x.id === s.context?.extensions?.[SESSION_EXT])) fail("9.6.3.1-4", "statement without a known session id", s);
  return out;
}
