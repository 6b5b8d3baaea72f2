// The Languages view of the editor, in headless Chromium against the real
// `trellis studio`: a language is added, a text translated by hand in the
// side-by-side view is stored in the course file (read back from disk with
// the source hash it was made from), the status panel counts it, the
// preview shows the course in that language with the player's own French,
// and an edit of the original marks the translation out of date.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { saved, screenshot, openEditor } from "./harness.mjs";
import { readCourseFile } from "./course-file.mjs";

let editor, studio, page, bin, file;
const TITLE = "What phishing is and why it works";
const FRENCH = "Ce qu’est l’hameçonnage et pourquoi il fonctionne";
const hash = (s) => createHash("sha256").update(s).digest("hex").slice(0, 16);

before(async () => {
  editor = await openEditor("phishing-awareness", { name: "languages" });
  ({ studio, page, bin, file } = editor);
});

after(() => editor?.close());

test("a text translated by hand in the side-by-side view is stored in the course file", async () => {
  await page.getByRole("navigation", { name: "Course views" }).getByRole("button", { name: "Languages" }).click();
  const view = page.locator("section.languages");
  await view.getByText("No translations yet").waitFor();
  await view.getByLabel("Add a language").fill("fr");
  await view.getByRole("button", { name: "Add" }).click();
  assert.equal(await view.getByRole("combobox", { name: "Translate into" }).inputValue(), "fr");

  const unit = view.locator('[data-unit="what-is-phishing.title"]');
  assert.equal(await unit.locator(".original p").textContent(), TITLE);
  assert.equal(await unit.getAttribute("data-state"), "missing");
  await unit.getByRole("textbox").fill(FRENCH);
  await page.keyboard.press("Tab");
  await saved(page);
  await view.locator('tr[data-language="fr"]').waitFor();
  assert.match(await view.locator('tr[data-language="fr"]').textContent(), /Français \(fr\)\s*1 of \d+/);
  assert.equal(await unit.getAttribute("data-state"), "translated");

  // What the course file on disk holds.
  const stored = readCourseFile(bin, file).translations.fr;
  assert.deepEqual({ ...stored["what-is-phishing.title"] }, { id: "what-is-phishing.title", source_hash: hash(TITLE), text: FRENCH });
  assert.equal(Object.keys(stored).length, 1);

  await unit.scrollIntoViewIfNeeded();
  await screenshot(page, "languages");

  // The preview in French: the translated title, the player's French.
  await view.getByRole("button", { name: "Preview in Français" }).click();
  const frame = page.frameLocator("iframe.lang-preview");
  await frame.getByRole("heading", { level: 2, name: FRENCH }).waitFor();
  await frame.locator("[data-t=next]").waitFor({ state: "attached" });
  assert.equal(await frame.locator("[data-t=next]").textContent(), "Suivant", "the player's own words in French");
  assert.equal(await frame.locator("html").getAttribute("lang"), "fr");
});

test("an edit of the original marks its translation out of date", async () => {
  const snap = await page.evaluate(async () => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` },
      body: JSON.stringify({ cmd: "apply", edit: { op: "rename-lesson", id: "what-is-phishing", title: "What phishing is" } }) });
    return r.ok;
  });
  assert.ok(snap);
  await page.reload();
  await page.locator(".shell").waitFor();
  await page.getByRole("navigation", { name: "Course views" }).getByRole("button", { name: "Languages" }).click();
  const view = page.locator("section.languages");
  await view.locator('tr[data-language="fr"]').waitFor();
  assert.match(await view.locator('tr[data-language="fr"] td').nth(1).textContent(), /^1$/, "one out of date");
  const unit = view.locator('[data-unit="what-is-phishing.title"]');
  assert.equal(await unit.getAttribute("data-state"), "stale");
  assert.equal(await unit.getByRole("textbox").inputValue(), FRENCH, "the older translation is shown to fix");
});
