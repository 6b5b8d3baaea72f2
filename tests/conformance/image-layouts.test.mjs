// Image layouts in the published course (web target), in Chromium: each
// layout at a wide and a narrow viewport, measured by bounding boxes (centred,
// full width, image beside its text, stacked in reading order on a narrow
// screen), the reading order of the page, the alt text, and axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { publishCourse, serve, launch, context, axeViolations } from "./lib/env.mjs";
import { png } from "../ui/harness.mjs";


const COURSE = `id = "image-layouts"
title = "Image layouts"
language = "en"
version = "1"

[[objectives]]
id = "o1"
statement = "Identify each image layout."

[[modules]]
id = "m1"
title = "Module"
lessons = ["layouts"]
`;

const WORDS = "Read the sender's address, not the name shown. Hover over a link to see where it really leads before you open it, and report anything that asks for your password.";
const image = (id, layout, extra = "") => `::: image {id = "${id}"}
asset = "images/photo.png"
alt = "Photo for ${id}"
caption = "Caption of ${id}"
${layout ? `layout = "${layout}"\n` : ""}${extra}:::
`;
const LESSON = `+++
id = "layouts"
title = "Layouts"
template = "free"
+++

::: text {id = "intro"}
Four images follow.
:::

${image("centered", null)}
${image("full", "full-width")}
${image("left", "image-left", `markdown = """\nLeft text. ${WORDS}\n"""\n`)}
${image("right", "image-right", `markdown = """\nRight text. ${WORDS}\n"""\n`)}
::: question {id = "q1"}
type = "true-false"
prompt = "An image can sit beside its text."
objectives = ["o1"]
correct = true
:::
`;

let work, server, browser;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-layouts-"));
  const src = path.join(work, "course");
  fs.mkdirSync(path.join(src, "lessons"), { recursive: true });
  fs.mkdirSync(path.join(src, "assets", "images"), { recursive: true });
  fs.writeFileSync(path.join(src, "course.toml"), COURSE);
  fs.writeFileSync(path.join(src, "lessons", "layouts.md"), LESSON);
  fs.writeFileSync(path.join(src, "assets", "images", "photo.png"), png(400, 250));
  const dir = publishCourse(src, "web", path.join(work, "web"));
  server = await serve({ "/c/": dir });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The boxes of each block's image, text and column, at one viewport. */
async function boxes(width, height) {
  // axe-core goes in as an inline script, which the package's
  // Content-Security-Policy rightly refuses: the auditor is let past it.
  const ctx = await context(browser, { bypassCSP: true });
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/c/index.html`);
  await page.locator("body.t-ready").waitFor({ state: "attached" });
  await page.locator("#block-right img").waitFor();
  // Every image loaded, so the boxes are final.
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  const got = await page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    const out = {};
    for (const id of ["centered", "full", "left", "right"]) {
      const block = document.getElementById(`block-${id}`);
      const img = block.querySelector("img");
      const text = block.querySelector(".t-image-text");
      const cs = getComputedStyle(block);
      const inner = box(block);
      inner.x += parseFloat(cs.paddingLeft); inner.w -= parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
      out[id] = { block: inner, img: box(img), alt: img.alt, text: text && box(text), first: block.firstElementChild.tagName.toLowerCase() + (block.firstElementChild.className ? "." + block.firstElementChild.className : "") };
    }
    // The page's reading order: the text of the main region, in DOM order.
    out.order = document.querySelector("main").innerText.replace(/\s+/g, " ");
    return out;
  });
  return { page, ctx, got, errors };
}


const near = (a, b, tol = 2) => Math.abs(a - b) <= tol;
const beside = (a, b) => a.x + a.w <= b.x + 1 && a.y < b.y + b.h && b.y < a.y + a.h; // a left of b, overlapping rows
const above = (a, b) => a.y + a.h <= b.y + 1; // a wholly above b

for (const [label, width, height, wide] of [["wide (1280×900)", 1280, 900, true], ["narrow (375×800)", 375, 800, false]]) {
  test(`each image layout at a ${label} viewport`, async () => {
    const { page, ctx, got, errors } = await boxes(width, height);
    try {
      const { centered, full, left, right } = got;
      // Alt text is the block's own, in every layout.
      for (const id of ["centered", "full", "left", "right"]) assert.equal(got[id].alt, `Photo for ${id}`);

      // Centred: the image's middle is the column's middle (at its own size when it fits).
      assert.ok(near(centered.img.x + centered.img.w / 2, centered.block.x + centered.block.w / 2), `centred: ${JSON.stringify(centered)}`);
      if (wide) assert.ok(near(centered.img.w, 400), "centred: own size");
      // Full width: as wide as the column.
      assert.ok(near(full.img.x, full.block.x) && near(full.img.w, full.block.w), `full width: ${JSON.stringify(full)}`);
      if (wide) assert.ok(full.img.w > 400, "full width: wider than the image's own size");

      // Beside: image left of its text, or text left of its image; a narrow
      // screen stacks them in the same (reading) order.
      assert.equal(left.first, "figure.t-image-figure", "image left: the image comes first");
      assert.equal(right.first, "div.t-image-text", "image right: the text comes first");
      if (wide) {
        assert.ok(beside(left.img, left.text), `image left: ${JSON.stringify(left)}`);
        assert.ok(beside(right.text, right.img), `image right: ${JSON.stringify(right)}`);
      } else {
        assert.ok(above(left.img, left.text), `image left, stacked: ${JSON.stringify(left)}`);
        assert.ok(above(right.text, right.img), `image right, stacked: ${JSON.stringify(right)}`);
        for (const b of [left, right]) {
          assert.ok(b.img.x >= b.block.x - 1 && b.img.x + b.img.w <= b.block.x + b.block.w + 1, "the image fits the column");
          assert.ok(near(b.text.w, b.block.w), "the text takes the column's width");
        }
      }
      // Reading order: left's caption before its text; right's text before its caption.
      const at = (s) => { const i = got.order.indexOf(s); assert.ok(i >= 0, `${s} is on the page`); return i; };
      assert.ok(at("Caption of left") < at("Left text."));
      assert.ok(at("Right text.") < at("Caption of right"));
      assert.ok(at("Caption of full") < at("Left text.") && at("Left text.") < at("Right text."));

      assert.deepEqual(await axeViolations(page), [], "axe-core: no serious or critical violation");
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}
