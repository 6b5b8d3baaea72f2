// Accessibility helpers shared by the suites: axe-core on the page shown,
// and the keyboard-only answering of every question kind.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { plain } from "./course.mjs";
import { Learner, playerStrings } from "./learner.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe on what is shown now; serious and critical violations, each on one readable line per node. */
export async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const out = [];
  for (const v of res.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    for (const n of v.nodes) out.push(`${where}: [${v.impact}] ${v.id}: ${v.help}\n      at ${n.target.join(" ")}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`);
  }
  return out;
}

/** Where focus is, as a screen reader would say it: role-ish kind and accessible name. */
export function focused(page) {
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
export async function tabTo(page, want, what, { back = false, max = 200 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (want(f)) return f;
  }
  assert.fail(`keyboard: could not reach ${what} with ${back ? "Shift+Tab" : "Tab"} in ${max} presses`);
}

const same = (a, b) => plain(a).replace(/['’‘"“”]/g, "'") === plain(b).replace(/['’‘"“”]/g, "'");

/**
 * Answers question q correctly with the keyboard, then Check answer with Enter;
 * `S` is the player's strings in the page's language (English by default).
 */
export async function keyboardAnswer(page, q, S = playerStrings("en")) {
  const inQ = (f) => f.question === `block-${q.id}` || (f.question || "").endsWith(q.id);
  switch (q.type) {
    case "single-choice":
    case "true-false": {
      const target = q.type === "true-false" ? (q.correct ? S.true : S.false) : plain(q.choices.find((c) => c.correct).text);
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
        const texts = await new Learner(page, null, { strings: S }).question(q).getByRole("listitem").allTextContents();
        const j = texts.findIndex((t) => plain(t).startsWith(plain(q.items[k].text)));
        if (j <= k) continue;
        await tabTo(page, (x) => inQ(x) && x.name === `${S.up}: ${plain(q.items[k].text)}`, `"${S.up}: ${q.items[k].text}"`, { max: 60 });
        for (let m = j; m > k; m--) await page.keyboard.press(m % 2 ? "Enter" : "Space");
        // Focus stays on the moved item's button; the next item to move is further down, so Tab goes on.
      }
      break;
    }
  }
  await tabTo(page, (x) => inQ(x) && x.kind === "button" && x.name === S.check, `"${S.check}" of ${q.id}`);
  await page.keyboard.press("Enter");
  await page.locator("#t-live").filter({ hasText: S.correct }).waitFor({ timeout: 3000 })
    .catch(async () => assert.fail(`${q.id} (${q.type}): answered by keyboard, the live region says "${await page.locator("#t-live").textContent()}"`));
}
