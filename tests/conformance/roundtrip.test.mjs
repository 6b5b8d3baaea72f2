// Round trip of learner state, as a property: for every question kind,
// through each tracking adapter (local storage, SCORM 1.2 and SCORM 2004 under
// scorm-again, cmi5 with the suite's own LMS and State API in front of the
// Ralph LRS, relaunched in the same registration), a random learner answers (any option, repeated targets in
// matching, partial and reversed orders, empty, long and non-ASCII text,
// numbers at and outside the tolerance), checks, submits or retries the
// assessments (one shuffled, one not), then leaves. The course is launched
// again with only what the LMS stored, and the page must show exactly the
// answers given, the feedback, the attempts left and the score.
//
// Each case prints its seed. TRELLIS_ROUNDTRIP_CASES sets the number of cases
// per adapter (default 1: each kind answered four times per adapter, twice in
// practice and once in each assessment); TRELLIS_ROUNDTRIP_SEED replays a run.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { launch, context, publishCourse, serve } from "./lib/env.mjs";
import { Ralph } from "./lib/ralph.mjs";
import { Cmi5Lms } from "./lib/cmi5lms.mjs";
import { auIn } from "./lib/cmi5run.mjs";
import { scormHost, resumeFrom } from "./lib/scormhost.mjs";
import { writeCourse, PASS } from "./lib/gencourse.mjs";
import { rng } from "./lib/rng.mjs";

const CASES = Math.max(1, Number(process.env.TRELLIS_ROUNDTRIP_CASES) || 1);
const BASE = Number(process.env.TRELLIS_ROUNDTRIP_SEED) || 1 + Math.floor(Math.random() * 2 ** 30);
const ADAPTERS = ["local", "12", "2004", "cmi5"];
const TARGET = { local: "web", 12: "scorm12", 2004: "scorm2004", cmi5: "cmi5" };
const NAME = { local: "local storage", 12: "SCORM 1.2", 2004: "SCORM 2004", cmi5: "cmi5 (xAPI State API, Ralph LRS)" };
const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-1" } };

let browser, host, web, course, work, ralph, cmi5, au;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-roundtrip-"));
  course = writeCourse(path.join(work, "course"));
  const roots = {};
  for (const t of ["scorm12", "scorm2004", "web", "cmi5"]) roots[`/pkg/${t}/`] = publishCourse(course.dir, t, path.join(work, t));
  host = await scormHost(roots);
  web = await serve(roots);
  au = auIn(path.join(work, "cmi5"));
  ralph = new Ralph();
  await ralph.start();
  cmi5 = new Cmi5Lms(ralph);
  await cmi5.start();
  browser = await launch();
});
after(async () => {
  await browser?.close(); await host?.stop(); await web?.stop(); await cmi5?.stop(); await ralph?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// ---- Random answers --------------------------------------------------------

const FILL_MAX = (q) => Math.max(40, ...q.accepted.map((a) => a.length));
const ODD = ["é", "日本", "😀", "*", "~", "|", "\\", "\"", "'", "<b>", "&amp;", "\u00a0", " ", "  ", "ß", "İ", "a", "Z", "7", ".", ","];

function randomText(r, q) {
  const max = FILL_MAX(q);
  switch (r.int(6)) {
    case 0: return r.pick(q.accepted);
    case 1: return `  ${r.pick(q.accepted).toUpperCase()} `;
    case 2: return r.pick(q.accepted).replace(/ /g, "   ");
    case 3: { // as long as the field allows, non-ASCII
      let s = "";
      while (s.length + 2 <= max) s += r.pick(["é", "日", "ñ", "Ω", "x"]);
      return s;
    }
    default: {
      let s = "";
      const n = 1 + r.int(7);
      for (let i = 0; i < n; i++) s += r.pick(ODD);
      s = s.slice(0, max);
      return s.trim() ? s : "x" + s;
    }
  }
}

function randomNumber(r, q) {
  const v = q.value, t = q.tolerance;
  const fix = (x) => String(Math.round(x * 1000) / 1000);
  return r.pick([
    fix(v), fix(v + t), fix(v - t), fix(v + t + 0.001), fix(v - t - 0.001), fix(v + 7),
    fix(v).replace(".", ","), `+${fix(v)}`, ` ${fix(v - t)} `, `${v / 10}e1`, "-3", "0", ".5", "9999999999999999",
  ]);
}

function shuffled(r, a) {
  const out = a.slice();
  for (let i = out.length - 1; i > 0; i--) { const j = r.int(i + 1); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

/** A random answer to q: the value the player stores, and what the learner does to give it. */
function randomAnswer(r, q) {
  const all = Array.from({ length: q.n }, (_, i) => i);
  switch (q.kind) {
    case "single-choice": return r.int(q.n);
    case "true-false": return r.chance(0.5);
    case "multiple-response": {
      const v = all.map(() => r.chance(0.5));
      if (!v.some(Boolean)) v[r.int(q.n)] = true;
      return v;
    }
    case "fill-blank": return randomText(r, q);
    case "numeric": return randomNumber(r, q);
    case "matching": {
      if (r.chance(0.25)) { const same = r.int(q.n); return all.map(() => same); } // one target for every item
      return all.map(() => r.int(q.n));
    }
    case "ordering":
      switch (r.int(4)) {
        case 0: return all; // correct
        case 1: return all.slice().reverse();
        case 2: { const v = all.slice(); const i = r.int(q.n - 1); [v[i], v[i + 1]] = [v[i + 1], v[i]]; return v; } // one swap
        default: return shuffled(r, all);
      }
  }
  throw new Error(q.kind);
}

/** What the player keeps of a typed answer (trimmed; a decimal comma read as a point). */
function stored(q, a) {
  if (q.kind === "fill-blank") return a.trim();
  if (q.kind === "numeric") return a.trim().replace(",", ".");
  return a;
}

const norm = (s, cs) => { s = String(s).trim().replace(/\s+/g, " "); return cs ? s : s.toLowerCase(); };
function isCorrect(q, v) {
  switch (q.kind) {
    case "single-choice": return q.key.includes(v);
    case "true-false": return v === q.key;
    case "multiple-response": return v.every((x, i) => x === q.key.includes(i));
    case "fill-blank": return q.accepted.some((a) => norm(a, q.caseSensitive) === norm(v, q.caseSensitive));
    case "numeric": return Math.abs(parseFloat(v) - q.value) <= q.tolerance + 1e-9;
    default: return v.every((x, i) => x === i);
  }
}

// ---- Driving the page ------------------------------------------------------

const sel = (q) => `#block-${q.id}`;

async function give(f, q, a) {
  const el = f.locator(sel(q));
  switch (q.kind) {
    case "single-choice": await el.locator(`input[value="${a}"]`).check(); break;
    case "true-false": await el.locator(`input[value="${a ? 1 : 0}"]`).check(); break;
    case "multiple-response":
      for (let i = 0; i < q.n; i++) await el.locator(`input[value="${i}"]`).setChecked(a[i]);
      break;
    case "fill-blank":
    case "numeric": await el.locator("input[type=text]").fill(a); break;
    case "matching":
      for (let i = 0; i < q.n; i++) await el.locator(`select[data-i="${i}"]`).selectOption(String(a[i]));
      break;
    case "ordering":
      for (let k = 0; k < a.length; k++) {
        const now = await el.locator(".t-order-item").evaluateAll((li) => li.map((x) => +x.getAttribute("data-i")));
        for (let j = now.indexOf(a[k]); j > k; j--) await el.locator(`.t-order-item[data-i="${a[k]}"] [data-t=up]`).click();
      }
      break;
  }
}

/** What the page shows for each question, read from the inputs themselves. */
function readPage(f, qs) {
  return f.evaluate((ids) => ids.map((id) => {
    const el = document.getElementById("block-" + id), kind = el.getAttribute("data-kind");
    const inputs = Array.from(el.querySelectorAll(".t-answer input, .t-answer select"));
    let shown;
    switch (kind) {
      case "single-choice": case "true-false": shown = inputs.filter((i) => i.checked).map((i) => +i.value); break;
      case "multiple-response": shown = inputs.map((i) => i.checked); break;
      case "fill-blank": case "numeric": shown = inputs[0].value; break;
      case "matching": shown = inputs.map((s) => (s.value === "" ? null : [+s.value, s.options[s.selectedIndex].textContent])); break;
      case "ordering": shown = Array.from(el.querySelectorAll(".t-order-item")).map((li) => +li.getAttribute("data-i")); break;
    }
    const fb = el.querySelector("[data-t=feedback]"), chk = el.querySelector("[data-t=check]");
    const reveal = el.querySelector("[data-t=reveal]");
    return {
      id, shown, hidden: el.hidden,
      verdict: fb && !fb.hidden ? fb.querySelector("[data-t=verdict]").textContent : null,
      reveal: reveal ? Array.from(reveal.querySelectorAll("li")).map((li) => li.textContent) : null,
      locked: chk ? chk.getAttribute("aria-disabled") === "true" : null,
      disabled: inputs.some((i) => i.disabled),
    };
  }), qs.map((q) => q.id));
}

/** The inputs as the page shows value v of q (null: never answered; `first` = the ordering it first showed). */
function expectShown(q, v, first) {
  switch (q.kind) {
    case "single-choice": return v == null ? [] : [v];
    case "true-false": return v == null ? [] : [v ? 1 : 0];
    case "multiple-response": return v ?? Array(q.n).fill(false);
    case "fill-blank": case "numeric": return v ?? "";
    case "matching": return v ? v.map((x) => [x, q.pairs[x].right]) : Array(q.n).fill(null);
    case "ordering": return v ?? first;
  }
}

function keyLines(q) {
  switch (q.kind) {
    case "single-choice": case "multiple-response": return q.key.map((i) => q.choices[i].text);
    case "true-false": return [q.key ? "True" : "False"];
    case "fill-blank": return [q.accepted[0]];
    case "numeric": return [q.tolerance ? `${q.value}, give or take ${q.tolerance}` : String(q.value)];
    case "matching": return q.pairs.map((p) => `${p.left}: ${p.right}`);
    case "ordering": return q.items.map((x) => x.text);
  }
}

// ---- One case --------------------------------------------------------------

class Session {
  static async open(adapter, prior) {
    const s = new Session();
    s.adapter = adapter;
    if (adapter === "local" || adapter === "cmi5") {
      // cmi5: no request routing, so the keepalive requests sent while the page unloads go out.
      s.ctx = prior?.ctx ?? (adapter === "local" ? await context(browser) : await browser.newContext());
      s.page = await s.ctx.newPage();
      s.errors = [];
      s.page.on("pageerror", (e) => s.errors.push(e.message));
      if (adapter === "local") await s.page.goto(`${web.url}/pkg/web/index.html`);
      else {
        s.registration = prior?.registration ?? randomUUID();
        s.session = await cmi5.launch({ contentUrl: `${web.url}/pkg/cmi5/${au.url}`, au, actor, registration: s.registration });
        await s.page.goto(s.session.launchUrl);
      }
      s.frame = s.page.mainFrame();
    } else {
      // The mastery score an LMS reads from the 1.2 manifest (2004 packages carry none).
      const flat = adapter === "12" ? { "cmi.student_data.mastery_score": String(PASS) } : {};
      const resume = prior ? resumeFrom(adapter, prior.cmi) : { preload: null, flat: {} };
      const l = await host.launch(browser, adapter, `/pkg/${TARGET[adapter]}/index.html`, { preload: resume.preload, flat: { ...flat, ...resume.flat } });
      s.lms = l.lms;
      s.ctx = l.ctx;
      s.page = l.page;
      s.errors = l.errors;
      await s.page.waitForSelector("iframe");
      s.frame = await (await s.page.$("iframe")).contentFrame();
    }
    await s.frame.locator("[data-t=next]").waitFor();
    await s.frame.waitForFunction(() => document.body.classList.contains("t-ready") && document.querySelector(".t-page:not([hidden])"));
    return s;
  }
  async goLesson(k) {
    await this.frame.locator(`.t-menu a[data-page="${k}"]`).click();
    await this.frame.locator(`.t-page[data-page="${k}"]:not([hidden])`).waitFor();
  }
  /** The learner leaves; returns what the LMS stored (SCORM). */
  async leave() {
    if (this.adapter === "local" || this.adapter === "cmi5") {
      const left = Date.now();
      await this.page.goto("about:blank");
      // cmi5: the state goes out with keepalive while the page unloads; the
      // next launch reads it, so wait until the LMS has it, however slow.
      const saved = () => this.session.requests.some((r) => r.method === "PUT" && r.path === "/xapi/activities/state" && r.at >= left);
      for (const until = Date.now() + 20000; this.adapter === "cmi5" && !saved();) {
        if (Date.now() > until) assert.fail("the state sent while the learner left did not reach the LMS within 20 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      await this.page.close();
      return null;
    }
    await this.lms.close();
    this.cmi = await this.lms.cmi();
    await this.ctx.close();
    return this.cmi;
  }
  async drawn(a) {
    return this.frame.evaluate((ids) => {
      const els = ids.map((id) => document.getElementById("block-" + id));
      const all = Array.from(document.querySelectorAll(".t-question"));
      return els.filter((e) => !e.hidden).sort((x, y) => all.indexOf(x) - all.indexOf(y)).map((e) => e.id.slice(6));
    }, a.pool.map((q) => q.id));
  }
}

const VERDICT = { c: "Correct.", w: "Not quite. Try again.", out: "Not quite. The correct answer is now shown." };

async function runCase(adapter, seed) {
  const r = rng(seed);
  const want = new Map(); // question id → { v, a, r } (practice) or { v } (assessment, in progress)
  const asmt = course.assessments.map(() => ({ n: 0, best: 0, last: 0, st: "i" }));
  const s1 = await Session.open(adapter);
  const firstOrder = new Map();
  for (const q of [...course.practice, ...course.assessments.flatMap((a) => a.pool)]) {
    if (q.kind === "ordering") firstOrder.set(q.id, (await readPage(s1.frame, [q]))[0].shown);
  }
  const log = [];

  // Practice: answer and check, a random number of times.
  for (const q of course.practice) {
    const tries = r.int(q.attempts === 0 ? 4 : q.attempts + 1);
    let st = null;
    for (let t = 0; t < tries; t++) {
      const answer = randomAnswer(r, q);
      await give(s1.frame, q, answer);
      await s1.frame.locator(`${sel(q)} [data-t=check]`).click();
      const v = stored(q, answer);
      st = { a: (st?.a ?? 0) + 1, v, r: isCorrect(q, v) ? "c" : "w" };
      log.push(`${q.id}: ${JSON.stringify(answer)} → ${st.r}`);
      if (st.r === "c" || (q.attempts && st.a >= q.attempts)) break;
    }
    if (st) want.set(q.id, st);
  }

  // Assessments: left alone, left in progress, or submitted (then perhaps retried).
  const order = [];
  for (const [ai, a] of course.assessments.entries()) {
    await s1.goLesson(1 + ai);
    const drawn = await s1.drawn(a);
    order.push(drawn);
    const byId = (id) => a.pool.find((q) => q.id === id);
    const mode = r.pick(["alone", "progress", "submit", "submit-retry"]);
    log.push(`${a.id}: ${mode}, drawn ${drawn.join(" ")}`);
    if (mode === "alone") continue;
    const answerSome = async (all) => {
      for (const id of drawn) {
        if (!all && r.chance(0.35)) continue;
        const q = byId(id), answer = randomAnswer(r, q);
        await give(s1.frame, q, answer);
        want.set(id, { v: stored(q, answer) });
        log.push(`  ${id}: ${JSON.stringify(answer)}`);
      }
    };
    await answerSome(mode !== "progress");
    if (mode === "progress") continue;
    await s1.frame.locator(`.t-page[data-page="${1 + ai}"] [data-t=submit]`).click();
    let pos = 0, got = 0;
    for (const id of drawn) { const q = byId(id); pos += q.points; if (isCorrect(q, want.get(id).v)) got += q.points; }
    const st = asmt[ai];
    st.n = 1; st.last = Math.round((100 * got) / pos); st.best = st.last; st.st = "r";
    st.drawn = drawn;
    st.correct = drawn.map((id) => isCorrect(byId(id), want.get(id).v));
    const retry = st.best < PASS && (a.attempts === 0 || a.attempts > 1);
    if (mode === "submit-retry" && retry) {
      await s1.frame.locator(`.t-page[data-page="${1 + ai}"] [data-t=retry]`).click();
      for (const q of a.pool) want.delete(q.id);
      st.st = "i";
      const again = await s1.drawn(a);
      order[ai] = again;
      drawn.splice(0, drawn.length, ...again);
      log.push(`  retry, drawn ${again.join(" ")}`);
      await answerSome(false);
    }
  }
  assert.deepEqual(s1.errors, [], "no script errors (first launch)");
  const cmi = await s1.leave();
  const ctx = { cmi, ctx: s1.ctx, adapter, registration: s1.registration };

  // What the LMS holds: the score over the assessments taken.
  const taken = asmt.filter((x) => x.n > 0);
  if (cmi) {
    const raw = adapter === "12" ? cmi.core.score.raw : cmi.score.raw;
    const expect = taken.length ? Math.round(asmt.reduce((t, x) => t + x.best, 0) / asmt.length) : "";
    assert.equal(raw === "" ? "" : Number(raw), expect, "the score the LMS holds");
    assert.ok((adapter === "12" ? cmi.suspend_data : cmi.suspend_data).length > 0, "suspend_data stored");
  }

  // Second launch from what was stored.
  const s2 = await Session.open(adapter, ctx);
  try {
    const problems = [];
    const same = (what, got, exp) => { if (JSON.stringify(got) !== JSON.stringify(exp)) problems.push(`${what}: page shows ${JSON.stringify(got)}, expected ${JSON.stringify(exp)}`); };
    for (const p of await readPage(s2.frame, course.practice)) {
      const q = course.practice.find((x) => x.id === p.id), st = want.get(q.id);
      same(`${q.id} answer`, p.shown, expectShown(q, st?.v, firstOrder.get(q.id)));
      const out = st && st.r === "w" && q.attempts > 0 && st.a >= q.attempts;
      same(`${q.id} feedback`, p.verdict, st ? VERDICT[out ? "out" : st.r] : null);
      same(`${q.id} locked`, p.locked, !!st && (st.r === "c" || out));
      same(`${q.id} correct answer written out`, p.reveal, out ? keyLines(q) : null);
    }
    for (const [ai, a] of course.assessments.entries()) {
      same(`${a.id} questions drawn, in order`, await s2.drawn(a), order[ai]);
      const st = asmt[ai], page = s2.frame.locator(`.t-page[data-page="${1 + ai}"]`);
      const results = page.locator("[data-t=results]");
      same(`${a.id} results shown`, await results.evaluate((e) => !e.hidden), st.st === "r");
      if (st.st === "r") {
        const pass = st.best >= PASS, left = a.attempts === 0 ? Infinity : a.attempts - st.n;
        let line = `You scored ${st.last}%. The pass mark is ${PASS}%. ${pass ? "Passed." : "Not passed."}`;
        if (!pass) line += " " + (left > 0 ? (left === Infinity ? "" : `Attempts left: ${left}.`) : "No attempts left.");
        same(`${a.id} score line`, await results.locator("[data-t=score]").textContent(), line.trim());
        same(`${a.id} breakdown`, await results.locator("[data-t=breakdown] li").allTextContents(),
          st.correct.map((ok, k) => `Question ${k + 1}: ${ok ? "correct" : "incorrect"}`));
      } else {
        for (const p of await readPage(s2.frame, a.pool)) {
          const q = a.pool.find((x) => x.id === p.id);
          if (p.hidden) continue;
          same(`${q.id} answer (assessment in progress)`, p.shown, expectShown(q, want.get(q.id)?.v, firstOrder.get(q.id)));
          same(`${q.id} open for answers`, p.disabled, false);
        }
      }
    }
    // Attempts left: one more try at a practice question answered wrong with tries to spare.
    await s2.goLesson(0);
    for (const q of course.practice) {
      const st = want.get(q.id);
      if (!st || st.r !== "w" || (q.attempts > 0 && st.a >= q.attempts)) continue;
      await s2.frame.locator(`${sel(q)} [data-t=check]`).click();
      const out = q.attempts > 0 && st.a + 1 >= q.attempts;
      same(`${q.id} verdict after one more wrong try (${st.a} of ${q.attempts || "unlimited"} used)`,
        (await readPage(s2.frame, [q]))[0].verdict, VERDICT[out ? "out" : "w"]);
    }
    assert.deepEqual(s2.errors, [], "no script errors (second launch)");
    assert.deepEqual(problems, [], `seed ${seed} (${adapter}); the learner did:\n${log.join("\n")}`);
  } finally {
    await s2.ctx.close();
  }
}

for (const adapter of ADAPTERS) {
  describe(`round trip through ${NAME[adapter]}`, () => {
    for (let i = 0; i < CASES; i++) {
      const seed = BASE + ADAPTERS.indexOf(adapter) * 100003 + i;
      test(`random learner, seed ${seed} (replay: TRELLIS_ROUNDTRIP_SEED=${seed - ADAPTERS.indexOf(adapter) * 100003 - i})`, async () => {
        console.log(`# round trip ${adapter}: seed ${seed}`);
        await runCase(adapter, seed);
      });
    }
  });
}
