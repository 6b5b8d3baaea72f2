// Block variants in the published course: the three callout styles (note,
// tip, warning) and text columns (two, three and four), published for every
// target, then the web package in Chromium at a wide and a narrow viewport:
// columns side by side, wrapped in reading order on a narrow screen, each
// callout named by its style, axe-core, and the keyboard (Tab reaches every
// link in reading order, each one shown on screen and with a visible focus
// ring).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { publishCourse, serve, launch, context, TARGETS, axeViolations } from "./lib/env.mjs";


const COURSE = `id = "block-variants"
title = "Block variants"
language = "en"
version = "1"

[[objectives]]
id = "o1"
statement = "Tell the block variants apart."

[[modules]]
id = "m1"
title = "Module"
lessons = ["variants"]
`;

const callout = (style) => `::: callout {id = "callout-${style}", style = "${style}", title = "About ${style}"}
Callout ${style} text with [the ${style} guide](https://example.org/${style}).
:::
`;
const columns = (n) => `::: columns {id = "cols-${n}"}
${Array.from({ length: n }, (_, i) => `[[columns]]
id = "k${i + 1}"
${i === 1 ? "" : `title = "Column ${i + 1} of ${n}"\n`}markdown = """
Text of column ${i + 1} of ${n}, with [link ${i + 1} of ${n}](https://example.org/${n}/${i + 1}).
"""
`).join("\n")}:::
`;

const LESSON = `+++
id = "variants"
title = "Variants"
template = "free"
+++

::: text {id = "intro"}
Three callouts and three sets of columns follow.
:::

${["info", "tip", "warning"].map(callout).join("\n")}
${[2, 3, 4].map(columns).join("\n")}
::: question {id = "q1"}
type = "true-false"
prompt = "Columns stack on a narrow screen."
objectives = ["o1"]
correct = true
:::
`;

let work, server, browser, dirs;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-variants-"));
  const src = path.join(work, "course");
  fs.mkdirSync(path.join(src, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(src, "course.toml"), COURSE);
  fs.writeFileSync(path.join(src, "lessons", "variants.md"), LESSON);
  dirs = Object.fromEntries(TARGETS.map((t) => [t, publishCourse(src, t, path.join(work, t))]));
  server = await serve({ "/c/": dirs.web });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("every target carries the same variants: three callout styles and columns of two, three and four", () => {
  let first;
  for (const t of TARGETS) {
    const html = fs.readFileSync(path.join(dirs[t], "index.html"), "utf8");
    // The lesson's markup, from its section to the next.
    const lesson = /<section class="t-page"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    for (const s of ["info", "tip", "warning"]) assert.match(lesson, new RegExp(`class="t-block t-callout t-callout-${s}" id="block-callout-${s}" role="note"`), `${t}: callout ${s}`);
    for (const n of [2, 3, 4]) {
      const block = new RegExp(`<div class="t-block t-columns t-columns-${n}" id="block-cols-${n}">((?:<div class="t-column"[^>]*>[\\s\\S]*?</div>){${n}})</div>`).exec(lesson);
      assert.ok(block, `${t}: ${n} columns`);
      assert.equal((block[1].match(/class="t-column-title"/g) ?? []).length, n - 1, `${t}: the untitled column has no empty title`);
    }
    assert.match(html, /\.t-columns\{display:flex;flex-wrap:wrap/, `${t}: the columns' styles ship`);
    first ??= lesson;
    assert.equal(lesson, first, `${t}: the same lesson markup as ${TARGETS[0]}`);
  }
});

async function open(width, height) {
  // axe-core goes in as an inline script, which the package's
  // Content-Security-Policy rightly refuses: the auditor is let past it.
  const ctx = await context(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/c/index.html`);
  await page.locator("body.t-ready").waitFor({ state: "attached" });
  return { ctx, page, errors };
}


for (const [label, width, height, wide] of [["wide (1280×900)", 1280, 900, true], ["narrow (375×800)", 375, 800, false]]) {
  test(`callouts and columns at a ${label} viewport: layout, names, axe-core, keyboard`, async () => {
    const { ctx, page, errors } = await open(width, height);
    try {
      // Columns: one row when wide, stacked in reading order when narrow.
      for (const n of [2, 3, 4]) {
        const boxes = await page.locator(`#block-cols-${n} > .t-column`).evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; }));
        assert.equal(boxes.length, n);
        // Reading order is row by row: each column right of the one before on its row, or first on a lower row.
        for (let i = 1; i < n; i++) {
          const [a, b] = [boxes[i - 1], boxes[i]];
          const sameRow = Math.abs(a.y - b.y) < 1 && a.x + a.w <= b.x + 1;
          const nextRow = a.y + a.h <= b.y + 1 && Math.abs(b.x - boxes[0].x) < 1;
          assert.ok(sameRow || nextRow, `${n} columns in reading order: ${JSON.stringify(boxes)}`);
        }
        const rows = new Set(boxes.map((b) => Math.round(b.y))).size;
        // Wide: one row. Narrow: two and three columns stacked, four in two rows of two.
        assert.equal(rows, wide ? 1 : n === 4 ? 2 : n, `${n} columns in ${rows} rows: ${JSON.stringify(boxes)}`);
        for (const b of boxes) assert.ok(b.w >= (wide ? 120 : n === 4 ? 140 : 300), `a column is wide enough to read: ${b.w}px`);
      }
      // Each callout is a note named by its style and title.
      for (const [s, word] of [["info", "Note"], ["tip", "Tip"], ["warning", "Warning"]]) {
        const note = page.getByRole("note", { name: `${word}: About ${s}` });
        assert.equal(await note.count(), 1, `callout ${s} is a note named "${word}: About ${s}"`);
      }
      assert.deepEqual(await axeViolations(page), [], "axe-core: no serious or critical violation");

      // Keyboard: Tab from the lesson title reaches every link in reading order, on screen, with a focus ring.
      const expected = [
        ...["info", "tip", "warning"].map((s) => `the ${s} guide`),
        ...[2, 3, 4].flatMap((n) => Array.from({ length: n }, (_, i) => `link ${i + 1} of ${n}`)),
      ];
      await page.locator(".t-page-title").first().focus();
      const reached = [];
      for (let i = 0; i < 40 && reached.length < expected.length; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          return { tag: el.tagName, text: el.textContent.trim(), inView: r.top >= 0 && r.bottom <= innerHeight, ring: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 };
        });
        if (f.tag !== "A" || !/guide|of \d/.test(f.text)) continue;
        assert.ok(f.inView, `"${f.text}" is scrolled into view when focused`);
        assert.ok(f.ring, `"${f.text}" shows a focus ring`);
        reached.push(f.text);
      }
      assert.deepEqual(reached, expected, "links reached in reading order");
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}
