// The design check panel of the editor lists the findings about the
// course's translations (texts not translated, translations out of date, a
// language the player has no words for) exactly as `trellis check --format
// json` reports them for the same course file on disk, and a finding takes
// the author to the Languages view, on that language's first text still to
// do. Translating it there clears the finding in the panel and in the file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { saved, openEditor } from "./harness.mjs";
import { readCourseFile, withCopy } from "./course-file.mjs";

let editor, page, bin, file;
const RULES = new Set(["translation-missing", "translation-stale", "translation-player-language"]);

async function api(command) {
  return page.evaluate(async (c) => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify(c) });
    return r.json();
  }, command);
}

/** `trellis check --format json` of the course file as it is on disk now. */
function checkOnDisk() {
  return withCopy(file, (copy) => {
    let out;
    try {
      out = execFileSync(bin, ["check", copy, "--format", "json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      out = e.stdout; // exit status 1: the check found errors
    }
    return JSON.parse(out);
  });
}

/** What the design check panel lists: each finding's rule, message and place as shown. */
async function panelFindings() {
  const view = page.locator("section.check");
  await view.waitFor();
  return view.locator("ul.findings > li").evaluateAll((items) =>
    items.map((li) => ({ rule: li.dataset.rule, message: li.querySelector(".msg").textContent, path: li.querySelector(".where").textContent })),
  );
}

/** Runs `action` (an edit made through the API) and waits until the editor has its revision. */
async function revised(action) {
  const rev = Number(await page.locator(".statusbar").getAttribute("data-revision"));
  await action();
  await page.waitForFunction((r) => {
    const bar = document.querySelector(".statusbar");
    return Number(bar?.dataset.revision) > r && bar.dataset.pending === "0";
  }, rev);
}

const ofTranslations = (findings) => findings.filter((f) => RULES.has(f.rule));

async function openCheck() {
  await page.getByRole("navigation", { name: "Course views" }).getByRole("button", { name: /^Check/ }).click();
  await page.locator("section.check").waitFor();
}

before(async () => {
  editor = await openEditor("phishing-awareness", {
    name: "translation-check",
    // French, and Swedish (for which the player has no words of its own), both complete.
    prepare: (bin, file) => {
      for (const lang of ["fr", "sv"]) execFileSync(bin, ["translate", "pseudo", file, "--lang", lang], { stdio: ["ignore", "ignore", "inherit"] });
    },
  });
  ({ page, bin, file } = editor);
});

after(() => editor?.close());

test("the design check panel lists the translation findings as `trellis check` does", async () => {
  // One text changed (both translations of it out of date), one text added (not translated in either).
  const snap = await api({ cmd: "snapshot", full: true });
  const module = snap.course.modules[0];
  const first = module.lessons[0];
  await revised(() => api({ cmd: "apply", edit: { op: "rename-lesson", id: first.id, title: `${first.title}, in short` } }));
  await revised(() =>
    api({ cmd: "apply", edit: { op: "add-lesson", module: module.id, index: module.lessons.length, lesson: { id: "l-new", title: "Reporting a phishing email", template: "free", blocks: [] } } }),
  );

  await openCheck();
  const disk = ofTranslations(checkOnDisk().findings);
  assert.deepEqual(
    disk.map((f) => `${f.rule} ${f.location.language}`).sort(),
    ["translation-missing fr", "translation-missing sv", "translation-player-language sv", "translation-stale fr", "translation-stale sv"],
    "the course file holds what the test set up",
  );
  await page.locator("section.check li[data-rule=translation-player-language]").waitFor();
  const shown = ofTranslations(await panelFindings());
  assert.deepEqual(
    shown,
    disk.map((f) => ({ rule: f.rule, message: f.message, path: f.location.path })),
    "the panel lists what `trellis check` reports, in its words and order",
  );
  // The author's words: no rule names or ids in what the panel shows.
  for (const f of shown) assert.doesNotMatch(`${f.message} ${f.path}`, /translation-|l-new|\.title\b/);
  const counts = await page.locator("section.check .filters").textContent();
  const total = checkOnDisk().counts;
  assert.match(counts, new RegExp(`All \\(${total.errors + total.warnings + total.infos}\\)`), "the counts include the translation findings");
});

test("a translation finding goes to that language's first text still to do; translating it clears the finding", async () => {
  const finding = page.locator("section.check li[data-rule=translation-missing]").filter({ hasText: "“fr”" });
  await finding.getByRole("button").first().click();
  const view = page.locator("section.languages");
  await view.waitFor();
  assert.equal(await view.getByRole("combobox", { name: "Translate into" }).inputValue(), "fr");
  assert.ok(await view.getByRole("radio", { name: /Still to do/ }).isChecked(), "the texts still to do are listed");
  // The focused box is the translation of the first text still to do: the stale lesson title comes first in course order.
  const focused = view.locator(".unit:has(textarea:focus)");
  await focused.waitFor();
  const units = await view.locator(".unit").evaluateAll((els) => els.map((e) => ({ id: e.dataset.unit, state: e.dataset.state })));
  assert.deepEqual(units.map((u) => u.state).sort(), ["missing", "stale"]);
  assert.equal(await focused.getAttribute("data-unit"), units[0].id);

  // Translate the new lesson's title by hand.
  const added = view.locator('[data-unit="l-new.title"]');
  await added.getByRole("textbox").fill("Signaler un courriel d’hameçonnage");
  await page.keyboard.press("Tab");
  await saved(page);
  assert.equal(readCourseFile(bin, file).translations.fr["l-new.title"].text, "Signaler un courriel d’hameçonnage");

  await openCheck();
  await page.locator("section.check li[data-rule=translation-missing]").filter({ hasText: "“fr”" }).waitFor({ state: "detached" });
  const disk = ofTranslations(checkOnDisk().findings);
  assert.ok(!disk.some((f) => f.rule === "translation-missing" && f.location.language === "fr"), "the file has every French text");
  assert.deepEqual(ofTranslations(await panelFindings()), disk.map((f) => ({ rule: f.rule, message: f.message, path: f.location.path })));
});
