// A bundled theme font and a course whose text needs letters it lacks, in
// real headless Chromium against the real `trellis studio`: the Theme panel
// says which letters and what the course is shown in instead, the preview
// (the real player page) draws the text in the rest of the font stack, and
// choosing one of the device's fonts clears the note and is stored in the
// course file.
//
// Run: (cd tests && node --test ui/theme-fonts.test.mjs)
// Needs: ui/dist (built when missing), cargo (or TRELLIS_BIN), /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { saved, openEditor, writeCourse } from "./harness.mjs";
import { readCourseFile } from "./course-file.mjs";

let editor, studio, page, bin, work, file;

const COURSE = `id = "magazyn"
title = "Bezpieczeństwo w magazynie"
language = "pl"
version = "1.0"

[theme]
body_font = '"Lora", Georgia, serif'
heading_font = '"Lora", Georgia, serif'

[[modules]]
id = "m1"
title = "Wózki widłowe"
lessons = ["start"]
`;

const LESSON = `+++
id = "start"
title = "Zasady"
template = "free"
+++

::: text {id = "para"}
Zawsze sprawdź wózek przed jazdą.
:::
`;

before(async () => {
  editor = await openEditor((work) => writeCourse(path.join(work, "course"), COURSE, { "start.md": LESSON }), {
    name: "fonts",
    viewport: { width: 1600, height: 1000 },
  });
  ({ studio, page, bin, work, file } = editor);
});

after(() => editor?.close());

/** The font the preview's player draws the lesson's paragraph in. */
const previewFont = () =>
  page.waitForFunction(() => {
    const doc = document.querySelector(".frame-wrap iframe")?.contentDocument;
    const p = doc?.querySelector("#block-para p");
    return p ? getComputedStyle(p).fontFamily : null;
  }, null, { timeout: 15000 }).then((h) => h.jsonValue());

test("Polish text with Lora: the Theme panel names the letters, the preview uses Georgia, a device font clears it", async () => {
  await page.locator(".t-lesson", { hasText: "Zasady" }).first().click();
  await page.locator('.card[data-block="para"]').waitFor();
  assert.equal(await previewFont(), "Georgia, serif", "the player leaves Lora out");
  await page.getByRole("button", { name: "Theme", exact: true }).click();
  const note = page.locator(".font-letters li");
  await note.waitFor();
  const text = await note.textContent();
  assert.match(text, /^⚠ The theme's font for text and headings, Lora, comes with Trellis but has no letters for some of this course's text \(/);
  assert.match(text, /“ń”/);
  assert.match(text, /“ł”/);
  assert.match(text, /shows its text and headings in Georgia \(or the device's serif font\) instead/);
  assert.doesNotMatch(text, /font-family|\bstack\b|theme-font-letters/, "the author's words, no CSS or rule names");
  // The colours' verdict is still there beside it.
  assert.ok(await page.getByText("Colours pass WCAG AA contrast.").isVisible());
  // A font of the learner's device, for both.
  await page.getByLabel("Body font").selectOption({ label: "Georgia (serif)" });
  await saved(page);
  await page.getByLabel("Heading font").selectOption({ label: "Verdana (sans serif)" });
  await saved(page);
  await note.waitFor({ state: "detached", timeout: 15000 });
  const theme = readCourseFile(bin, file).course.theme;
  assert.equal(theme.body_font, "Georgia, serif");
  assert.equal(theme.heading_font, "Verdana, sans-serif");
});
