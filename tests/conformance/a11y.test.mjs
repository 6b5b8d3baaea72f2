// Accessibility of the published course (web target) in Chromium:
//  - axe-core on every lesson of every example (and on the assessment's
//    results screen): no serious or critical violation;
//  - every question kind answered and checked with the keyboard alone
//    (Tab, Shift+Tab, Space, Enter, arrow keys, typing; never the mouse).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { createRequire } from "node:module";
import { EXAMPLES, packageDir, repo, serve, launch, context } from "./lib/env.mjs";
import { loadCourse, plain } from "./lib/course.mjs";
import { Learner } from "./lib/learner.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let browser, server;

before(async () => {
  const roots = {};
  for (const ex of EXAMPLES) roots[`/${ex}/`] = packageDir(ex, "web");
  server = await serve(roots);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function open(example) {
  // axe is injected as an inline script, which the package's own
  // Content-Security-Policy rightly refuses: the auditor's tool is let
  // past it, the player is not (the other suites run under the policy).
  const ctx = await context(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/${example}/index.html`);
  return { ctx, page, errors };
}

/** axe on what is shown now; serious and critical violations, each on one readable line per node. */
async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const out = [];
  for (const v of res.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    for (const n of v.nodes) out.push(`${where}: [${v.impact}] ${v.id}: ${v.help}\n      at ${n.target.join(" ")}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`);
  }
  return out;
}

describe("axe-core: no serious or critical violation", () => {
  for (const example of EXAMPLES) {
    test(`${example}: every lesson, and the assessment results`, async () => {
      const course = loadCourse(path.join(repo, "examples", example));
      const { ctx, page, errors } = await open(example);
      const learner = new Learner(page, course);
      await learner.waitReady();
      const found = [];
      for (const lesson of course.lessons) {
        await learner.openLesson(lesson);
        found.push(...await axe(page, `lesson "${lesson.id}"`));
      }
      // Feedback, hints and results are content too: answer and check on the last lesson with practice, submit the assessment.
      const asmt = course.assessments[0];
      if (asmt) {
        await learner.openLesson(course.lessons.find((l) => l.id === asmt.lesson));
        await learner.assessment(asmt, false);
        found.push(...await axe(page, `assessment results of "${asmt.lesson}"`));
      }
      await ctx.close();
      assert.deepEqual(found, [], `axe found ${found.length} serious/critical problem(s):\n${found.join("\n")}`);
      assert.deepEqual(errors, []);
    });
  }
});

// ---- Keyboard only ----------------------------------------------------------

/** Where focus is, as a screen reader would say it: role-ish kind and accessible name. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { kind: "body", name: "" };
    const name = (el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || "").replace(/\s+/g, " ").trim();
    const kind = el.getAttribute("role") || (el.tagName === "INPUT" ? el.type : el.tagName.toLowerCase());
    const q = el.closest("fieldset");
    return { kind, name, checked: !!el.checked, value: el.tagName === "SELECT" ? el.options[el.selectedIndex].text : el.value,
      question: q ? q.id : null };
  });
}

/** Presses Tab (or Shift+Tab) until focus is on something `want` accepts. */
async function tabTo(page, want, what, { back = false, max = 200 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (want(f)) return f;
  }
  assert.fail(`keyboard: could not reach ${what} with ${back ? "Shift+Tab" : "Tab"} in ${max} presses`);
}

const same = (a, b) => plain(a).replace(/['’‘"“”]/g, "'") === plain(b).replace(/['’‘"“”]/g, "'");

/** Answers question q correctly with the keyboard, then Check answer with Enter. */
async function keyboardAnswer(page, q) {
  const inQ = (f) => f.question === `block-${q.id}` || (f.question || "").endsWith(q.id);
  switch (q.type) {
    case "single-choice":
    case "true-false": {
      const target = q.type === "true-false" ? (q.correct ? "True" : "False") : plain(q.choices.find((c) => c.correct).text);
      let f = await tabTo(page, (x) => inQ(x) && x.kind === "radio", `the choices of ${q.id}`);
      for (let i = 0; i < 10 && !same(f.name, target); i++) { await page.keyboard.press("ArrowDown"); f = await focused(page); }
      assert.ok(same(f.name, target), `${q.id}: arrow keys reach "${target}"`);
      await page.keyboard.press("Space");
      assert.ok((await focused(page)).checked, `${q.id}: Space selects "${target}"`);
      break;
    }
    case "multiple-response": {
      for (const c of q.choices) {
        const f = await tabTo(page, (x) => inQ(x) && x.kind === "checkbox" && same(x.name, c.text), `choice "${c.text}" of ${q.id}`);
        if (!!c.correct !== f.checked) await page.keyboard.press("Space");
      }
      // Back up once with Shift+Tab and forward again: focus order is reversible.
      await tabTo(page, (x) => inQ(x) && x.kind === "checkbox", `a choice of ${q.id}`, { back: true, max: 2 });
      await page.keyboard.press("Tab");
      break;
    }
    case "fill-blank":
    case "numeric": {
      await tabTo(page, (x) => inQ(x) && x.kind === "text", `the answer box of ${q.id}`);
      await page.keyboard.type(q.type === "numeric" ? String(q.value) : q.accepted[0]);
      break;
    }
    case "matching": {
      for (const p of q.pairs) {
        let f = await tabTo(page, (x) => inQ(x) && x.kind === "select" && same(x.name, p.left), `the list for "${p.left}" in ${q.id}`);
        for (let i = 0; i < q.pairs.length + 2 && !same(f.value, p.right); i++) { await page.keyboard.press("ArrowDown"); f = await focused(page); }
        for (let i = 0; i < q.pairs.length + 2 && !same(f.value, p.right); i++) { await page.keyboard.press("ArrowUp"); f = await focused(page); }
        assert.ok(same(f.value, p.right), `${q.id}: arrow keys choose "${p.right}" for "${p.left}" (got "${f.value}")`);
      }
      break;
    }
    case "ordering": {
      for (let k = 0; k < q.items.length; k++) {
        const texts = await new Learner(page, null).question(q).getByRole("listitem").allTextContents();
        const j = texts.findIndex((t) => plain(t).startsWith(plain(q.items[k].text)));
        if (j <= k) continue;
        await tabTo(page, (x) => inQ(x) && x.name === `Up: ${plain(q.items[k].text)}`, `"Up: ${q.items[k].text}"`, { max: 60 });
        for (let m = j; m > k; m--) await page.keyboard.press(m % 2 ? "Enter" : "Space");
        // Focus stays on the moved item's button; the next item to move is further down, so Tab goes on.
      }
      break;
    }
  }
  await tabTo(page, (x) => inQ(x) && x.kind === "button" && x.name === "Check answer", `"Check answer" of ${q.id}`);
  await page.keyboard.press("Enter");
  await page.locator("#t-live").filter({ hasText: "Correct." }).waitFor({ timeout: 3000 })
    .catch(async () => assert.fail(`${q.id} (${q.type}): answered by keyboard, the live region says "${await page.locator("#t-live").textContent()}"`));
}

describe("keyboard alone: every question kind", () => {
  // One practice question of each kind, from whichever example has it.
  const courses = EXAMPLES.map((ex) => loadCourse(path.join(repo, "examples", ex)));
  const kinds = ["single-choice", "multiple-response", "true-false", "fill-blank", "numeric", "matching", "ordering"];
  for (const kind of kinds) {
    const course = courses.find((c) => c.questions.some((q) => q.type === kind && !q.asmt));
    test(`${kind}`, { skip: course ? false : `no practice question of kind ${kind} in the examples` }, async () => {
      const q = course.questions.find((x) => x.type === kind && !x.asmt);
      const lesson = course.lessons.find((l) => l.id === q.lesson);
      const { ctx, page, errors } = await open(path.basename(course.dir));
      try {
        await new Learner(page, course).waitReady();
        // To the lesson by the menu, with the keyboard: Tab to its link, Enter.
        await tabTo(page, (x) => x.kind === "a" && x.name.startsWith(plain(lesson.title)), `the menu link "${lesson.title}"`);
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { level: 2, name: lesson.title }).waitFor();
        const f = await focused(page);
        assert.equal(f.name, lesson.title, "Enter on a menu link moves focus to the lesson's heading");
        await keyboardAnswer(page, q);
        assert.deepEqual(errors, []);
      } finally { await ctx.close(); }
    });
  }
});
