// End-to-end tests of the Trellis editor in real headless Chromium against
// the real `trellis studio` (no mocks): a temporary course is created from a
// blueprint and edited the way an author would, by roles and labels.
//
// Run: (cd tests && npm ci && node --test ui/)
// Needs: ui/dist (built when missing), cargo (or TRELLIS_BIN), /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startStudio, launchBrowser, screenshot, saved, changes, png, replaceAllPlaceholders } from "./harness.mjs";

let studio, browser, page;

/** Calls the app API from the page (same origin, same session). */
async function api(command) {
  return page.evaluate(async (c) => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify(c) });
    return r.json();
  }, command);
}
/** The core's course, every lesson whole. */
const snapshot = () => api({ cmd: "snapshot", full: true });
const lessons = (s) => s.course.modules.flatMap((m) => m.lessons);
async function currentLesson() {
  const s = await snapshot();
  const id = await page.locator(".t-lesson.current").getAttribute("data-id");
  return lessons(s).find((l) => l.id === id);
}
/** Waits for the preview iframe to show the latest revision. */
async function previewAt(revision) {
  await page.waitForFunction((r) => Number(document.querySelector(".frame-wrap iframe")?.getAttribute("data-revision")) >= r, revision, { timeout: 15000 });
}

const KINDS = ["Text", "Heading", "Image", "Video", "Audio", "Callout", "Quote", "Accordion", "Tabs", "Flashcards",
  "Process", "Text columns", "Labelled graphic", "Divider", "Question: single choice", "Question: multiple response",
  "Question: true or false", "Question: fill in the blank", "Question: matching", "Question: ordering",
  "Question: numeric", "Scenario"];

const PNG = png(64, 40);

before(async () => {
  studio = await startStudio();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (e) => console.log("page error:", e.message));
  await page.goto(studio.url);
});

after(async () => {
  await browser?.close();
  await studio?.stop();
});

test("start screen: create a course from a blueprint", async () => {
  const card = page.locator("[data-blueprint]").first();
  await card.waitFor();
  assert.ok(await page.locator("[data-blueprint]").count() >= 1, "blueprint cards are listed");
  await screenshot(page, "start");
  await page.locator('[data-blueprint="compliance-training"]').click();
  await page.getByLabel("Course title").fill("Data protection basics");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.locator(".shell").waitFor();
  const s = await snapshot();
  assert.equal(s.course.info.title, "Data protection basics");
  // Browser mode: saved in the default folder under its title (tests/ui/files.test.mjs).
  assert.equal(s.path, path.join(studio.work, "Data protection basics.trellis"));
  // Opens on its first lesson, with the template's slots in the header.
  await page.locator(".slots .slot").first().waitFor();
  assert.equal(await page.getByLabel("Lesson title").inputValue(), lessons(s)[0].title);
  await previewAt(s.revision);
  await screenshot(page, "editor");
});

test("outline: add a module and a lesson, then one block of each kind", async () => {
  await page.getByRole("button", { name: "+ Module" }).click();
  await page.getByLabel("Module title").fill("Extra module");
  await page.getByLabel("Module title").press("Enter");
  await page.getByRole("button", { name: "+ Add a lesson" }).click();
  // The new lesson opens in the editor once the core has added it.
  await page.waitForFunction(() => document.querySelector("[data-field=lesson-title]")?.value === "New lesson");
  await page.getByLabel("Lesson title").fill("Spotting a breach");
  await page.getByLabel("Lesson title").press("Tab");
  await page.selectOption("#lesson-template", "free");
  await saved(page);
  let s = await snapshot();
  const mod = s.course.modules.at(-1);
  assert.equal(mod.title, "Extra module");
  assert.equal(mod.lessons[0].title, "Spotting a breach");
  assert.equal(mod.lessons[0].template, "free");

  // The block menu is a visual library: every kind (and question type) with
  // its own small picture, hidden from screen readers (the option's text names it).
  await page.locator(".inserter .plus").last().click();
  const pics = await page.getByRole("listbox", { name: "Block kinds" }).getByRole("option").evaluateAll((os) => os.map((o) => {
    const svg = o.querySelectorAll("svg.block-pic");
    return { name: o.textContent.replace(/\s+/g, " ").trim(), pics: svg.length, hidden: svg[0]?.getAttribute("aria-hidden"), drawing: svg[0]?.innerHTML.replace(/<!--.*?-->/g, "") };
  }));
  assert.equal(pics.length, 22, "every kind and question type is offered");
  for (const p of pics) assert.deepEqual([p.pics, p.hidden], [1, "true"], `${p.name}: one decorative picture`);
  assert.equal(new Set(pics.map((p) => p.drawing)).size, pics.length, "each picture is different");
  assert.ok(pics.some((p) => p.name === "Image A picture with alt text"), "the option's name is its label and hint");
  await page.keyboard.press("Escape");

  for (const k of KINDS) {
    const n = await page.locator(".card").count();
    await page.locator(".inserter .plus").last().click();
    await page.getByRole("combobox", { name: "Search block kinds" }).fill(k);
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll(".card").length === n + 1, n);
  }
  s = await snapshot();
  const blocks = s.course.modules.at(-1).lessons[0].blocks;
  const kinds = new Set(blocks.map((b) => b.content.kind));
  for (const k of ["text", "heading", "image", "video", "audio", "callout", "quote", "accordion", "tabs", "flashcards", "process", "columns", "labelled-graphic", "divider", "question", "scenario"]) {
    assert.ok(kinds.has(k), `a ${k} block was added`);
  }
  const types = new Set(blocks.filter((b) => b.content.kind === "question").map((b) => b.content.answer.type));
  assert.equal(types.size, 7, "every question type was added");
});

test("question: feedback beside each choice, linked to an objective; coverage matrix follows", async () => {
  // A new objective has no practice yet: a red row in the coverage matrix.
  await page.getByRole("button", { name: "Objectives", exact: true }).click();
  await page.getByRole("button", { name: "+ Add objective" }).click();
  await saved(page);
  const objField = page.locator(".obj input").last();
  await objField.fill("Recognise a personal data breach");
  await objField.press("Tab");
  await saved(page);
  let s = await snapshot();
  const obj = s.course.objectives.at(-1);
  assert.equal(obj.statement, "Recognise a personal data breach");
  const row = page.locator(`tr[data-objective="${obj.id}"]`);
  await row.waitFor();
  assert.match(await row.getAttribute("class"), /uncovered/, "the new objective is a red row");
  const orphansBefore = await page.locator("thead th.orphan").count();
  assert.ok(orphansBefore >= 7, "the new questions are grey columns");

  // Write the single-choice question.
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
  const card = page.locator('.card[data-kind="question"]').first();
  await card.scrollIntoViewIfNeeded();
  const prompt = card.locator('.rt-content[aria-label="Prompt"]');
  await prompt.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("A colleague e-mails a customer list to the wrong person. What is it?");
  await card.getByRole("button", { name: "+ Add choice" }).click();
  await saved(page);
  const texts = ["A personal data breach", "Just a mistake, nothing to report", "A breach only if it was on purpose", "Only a breach if the list was sensitive"];
  const feedback = ["Right: personal data reached someone who should not have it.", "No: a mistake that discloses personal data is still a breach.",
    "No: intent does not matter; report it anyway.", "No: any personal data counts, not only sensitive data."];
  const nChoices = await card.locator(".choice").count();
  for (let i = 0; i < nChoices; i++) {
    await card.getByLabel(`Choice ${i + 1}`, { exact: true }).fill(texts[i] ?? `Another wrong answer ${i}`);
    await card.getByLabel(`Feedback for choice ${i + 1}`).fill(feedback[i] ?? `No: this is not it (${i}).`);
  }
  await card.getByLabel(`Feedback for choice ${nChoices}`).press("Tab");
  await saved(page);
  await card.locator(".choice").first().getByLabel("Correct").check();
  await card.getByLabel("Link an objective").selectOption(obj.id);
  await saved(page);
  await card.locator(".chip", { hasText: "Recognise a personal data breach" }).waitFor();
  await screenshot(page, "question");

  s = await snapshot();
  const q = s.course.modules.at(-1).lessons[0].blocks.find((b) => b.content.kind === "question");
  assert.match(q.content.prompt, /customer list/);
  assert.equal(q.content.answer.choices.length, nChoices);
  assert.ok(q.content.answer.choices.every((c) => c.feedback && c.feedback.length > 10), "feedback on every choice");
  assert.equal(q.content.answer.choices.filter((c) => c.correct).length, 1);
  assert.equal(q.content.answer.choices.find((c) => c.correct).text, "A personal data breach");
  assert.deepEqual(q.content.objectives, [obj.id]);

  // The matrix: the row is covered now, the question's column is no longer grey.
  await page.getByRole("button", { name: "Objectives", exact: true }).click();
  await row.waitFor();
  assert.doesNotMatch(await row.getAttribute("class") ?? "", /uncovered/);
  assert.equal(await page.locator(`th[data-col="${q.id}"]`).getAttribute("class").then((c) => /orphan/.test(c ?? "")), false);
  // Clicking a cell links another question to the objective.
  const before = await page.locator("thead th.orphan").count();
  await row.locator("td.orphan button.cell").first().click();
  await saved(page);
  await page.waitForFunction((n) => document.querySelectorAll("thead th.orphan").length === n - 1, before);
  await screenshot(page, "coverage");
});

test("outline: reorder by keyboard, then undo and redo", async () => {
  const order = async () => (await snapshot()).course.modules.map((m) => m.title);
  const start = await order();
  assert.equal(start.at(-1), "Extra module");
  const item = page.locator('.t-module', { hasText: "Extra module" }).first();
  await item.focus();
  await changes(page, () => page.keyboard.press("Alt+ArrowUp"));
  let now = await order();
  assert.equal(now.at(-2), "Extra module", "Alt+↑ moved the module up");
  // Focus stays on the moved item.
  await page.waitForFunction(() => document.activeElement?.classList.contains("t-module") && document.activeElement.textContent.includes("Extra module"));

  // Undo / redo from the keyboard (outside text fields).
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  assert.deepEqual(await order(), start, "Ctrl+Z restored the order");
  await changes(page, () => page.keyboard.press("Control+Shift+z"));
  assert.deepEqual(await order(), now, "Ctrl+Shift+Z redid the move");
  await changes(page, () => page.keyboard.press("Control+z"));
  await changes(page, () => page.keyboard.press("Control+y"));
  assert.deepEqual(await order(), now, "Ctrl+Y redid the move");

  // A lesson moves within its module with Alt+↓.
  const first = page.locator(".t-lesson").first();
  const firstId = await first.getAttribute("data-id");
  await first.focus();
  await changes(page, () => page.keyboard.press("Alt+ArrowDown"));
  const s = await snapshot();
  assert.equal(s.course.modules[0].lessons[1].id, firstId, "Alt+↓ moved the lesson down");
  const undoLabel = await page.locator(".top-actions button", { hasText: "Undo" }).textContent();
  assert.match(undoLabel, /Undo/);
});

test("typing with pauses is one undo step, a second visit another", async () => {
  await page.locator(".t-lesson").first().click();
  const field = page.getByLabel("Lesson title");
  const original = await field.inputValue();
  const applies = [];
  const onRequest = (r) => {
    if (r.url().endsWith("/api/call") && r.postDataJSON()?.cmd === "apply") applies.push(r.postDataJSON());
  };
  page.on("request", onRequest);
  try {
    await field.click();
    await field.press("End");
    // Slower than the commit delay: each key is committed on its own.
    await field.pressSequentially(" now", { delay: 250 });
    await field.press("Tab");
    await saved(page);
    await field.click();
    await field.press("End");
    await field.pressSequentially("!", { delay: 250 });
    await field.press("Tab");
    await saved(page);
  } finally {
    page.off("request", onRequest);
  }
  assert.ok(applies.length >= 4, `each pause committed (${applies.length} applies)`);
  const runs = [...new Set(applies.map((a) => a.run))];
  assert.equal(runs.length, 2, `one run per visit to the field: ${JSON.stringify(runs)}`);
  assert.ok(runs.every(Boolean));
  const title = async () => (await currentLesson()).title;
  assert.equal(await title(), `${original} now!`);
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  assert.equal(await title(), `${original} now`, "the first undo takes back the second visit");
  await changes(page, () => page.keyboard.press("Control+z"));
  assert.equal(await title(), original, "the second undo takes back the whole first run");
  await changes(page, () => page.keyboard.press("Control+Shift+z"));
  await changes(page, () => page.keyboard.press("Control+Shift+z"));
  assert.equal(await title(), `${original} now!`);
  await changes(page, () => page.keyboard.press("Control+z"));
  await changes(page, () => page.keyboard.press("Control+z"));
  await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, original);
});

test("lesson editor: drag a block card to another place; the editor's course stays the core's", async () => {
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
  await page.waitForFunction(() => document.querySelector("[data-field=lesson-title]")?.value === "Spotting a breach");
  const blockIds = async () => (await currentLesson()).blocks.map((b) => b.id);
  const shown = () => page.locator(".blocks .card").evaluateAll((cards) => cards.map((c) => c.dataset.block));
  const cards = page.locator(".blocks .card");
  const drag = async (from, to, side) => {
    const target = cards.nth(to);
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    await cards.nth(from).locator(".drag-handle").dragTo(target, { targetPosition: { x: box.width / 2, y: side === "after" ? box.height - 8 : 8 } });
    await saved(page);
  };
  const start = await blockIds();
  assert.ok(start.length >= 3);

  // The first block dropped on the lower half of the second goes below it.
  await drag(0, 1, "after");
  let ids = await blockIds();
  assert.deepEqual(ids, [start[1], start[0], ...start.slice(2)]);
  // The third dropped on the upper half of the first goes to the top.
  await drag(2, 0, "before");
  ids = await blockIds();
  assert.deepEqual(ids, [start[2], start[1], start[0], ...start.slice(3)]);
  // Dropped where it already is: nothing changes.
  const rev = (await snapshot()).revision;
  await drag(1, 1, "after");
  assert.equal((await snapshot()).revision, rev);
  // The cards show the core's order (the editor patched its course from the deltas).
  await page.waitForFunction((want) => [...document.querySelectorAll(".blocks .card")].map((c) => c.dataset.block).join() === want.join(), ids);
  assert.deepEqual(await shown(), ids);

  // Undo puts the block back, and the editor follows.
  await page.getByRole("button", { name: /^Undo/ }).click();
  await saved(page);
  ids = await blockIds();
  assert.deepEqual(ids, [start[1], start[0], ...start.slice(2)]);
  await page.waitForFunction((want) => [...document.querySelectorAll(".blocks .card")].map((c) => c.dataset.block).join() === want.join(), ids);

  // The outline shows every module and lesson as the core has them.
  const s = await snapshot();
  const outline = await page.locator(".outline .t-lesson").evaluateAll((ls) => ls.map((l) => l.dataset.id));
  assert.deepEqual(outline, lessons(s).map((l) => l.id));
});

test("course map: the module's lessons as tiles, other modules one tile each", async () => {
  const s = await snapshot();
  const map = page.getByRole("navigation", { name: "Course map" });
  const current = await currentLesson();
  const mod = s.course.modules.find((m) => m.lessons.some((l) => l.id === current.id));
  // One tile per lesson of this module, the current one marked.
  assert.equal(await map.locator(".cm-lesson").count(), mod.lessons.length);
  assert.equal(await map.locator('.cm-lesson[aria-current="page"]').getAttribute("aria-label").then((l) => l.includes(current.title)), true);
  assert.equal(await map.locator(".cm-module").count(), s.course.modules.length - 1);
  // Another module's tile opens its first lesson.
  const other = s.course.modules.findIndex((m) => m.id !== mod.id && m.lessons.length);
  await map.getByRole("button", { name: `Module ${other + 1}: ${s.course.modules[other].title}` }).click();
  await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, s.course.modules[other].lessons[0].title);
  assert.equal(await map.locator(".cm-lesson").count(), s.course.modules[other].lessons.length);
  // A lesson tile opens that lesson.
  const target = s.course.modules[other].lessons.at(-1);
  await map.locator(".cm-lesson").last().click();
  await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, target.title);
  assert.equal(await map.locator('.cm-lesson[aria-current="page"]').count(), 1);
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
});

test("lessons arrive when opened: the outline and the coverage matrix are drawn from outlines alike", async () => {
  // A fresh editor: its snapshot carries the lesson being edited whole and
  // every other lesson as an outline (crates/trellis-app/src/outline.rs).
  const full = await snapshot();
  const all = lessons(full);
  const practice = all.flatMap((l) => l.blocks.filter((b) => ["question", "scenario"].includes(b.content.kind)));
  const asked = [];
  const onRequest = (r) => {
    if (!r.url().endsWith("/api/call")) return;
    const c = JSON.parse(r.postData() ?? "{}");
    if (c.cmd === "lessons") asked.push(...c.ids);
  };
  page.on("request", onRequest);
  try {
    await page.reload();
    await page.locator(".t-lesson.current").waitFor();
    const opened = await page.locator(".t-lesson.current").getAttribute("data-id");
    const labels = () => page.locator(".outline .t-lesson").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label")));
    const fromOutlines = await labels();
    assert.equal(fromOutlines.length, all.length, "every lesson is in the outline");
    // The coverage matrix lists the practice of lessons never opened.
    await page.getByRole("button", { name: "Objectives", exact: true }).click();
    await page.locator("th[data-col]").first().waitFor();
    assert.deepEqual(await page.locator("th[data-col]").evaluateAll((h) => h.map((x) => x.dataset.col)), practice.map((b) => b.id));
    assert.deepEqual(asked, [], "nothing fetched for the outline and the matrix");
    // Opening a lesson fetches its blocks once; the editor shows the core's blocks.
    const other = all.find((l) => l.id !== opened && l.blocks.length > 1);
    await page.locator(`.t-lesson[data-id="${other.id}"]`).click();
    await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, other.title);
    await page.waitForFunction((n) => document.querySelectorAll(".blocks .card").length === n, other.blocks.length);
    assert.deepEqual(await page.locator(".blocks .card").evaluateAll((c) => c.map((x) => x.dataset.block)), other.blocks.map((b) => b.id));
    assert.deepEqual(asked, [other.id]);
    // With every lesson opened (whole), the outline says the same as it did from outlines.
    for (const l of all) {
      await page.locator(`.t-lesson[data-id="${l.id}"]`).click();
      await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, l.title);
    }
    assert.deepEqual(await labels(), fromOutlines);
    assert.equal(new Set(asked).size, asked.length, "each lesson fetched at most once");
    // An edit in a lesson opened late is kept like any other.
    await page.getByLabel("Lesson title").fill(`${all.at(-1).title} (edited)`);
    await page.getByLabel("Lesson title").press("Tab");
    await saved(page);
    assert.equal(lessons(await snapshot()).at(-1).title, `${all.at(-1).title} (edited)`);
    await page.locator(".topbar h1").click();
    await changes(page, () => page.keyboard.press("Control+z"));
    await page.waitForFunction((t) => document.querySelector("[data-field=lesson-title]")?.value === t, all.at(-1).title);
  } finally {
    page.off("request", onRequest);
  }
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
});

test("preview follows edits and the lesson being edited", async () => {
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
  const heading = page.locator('.card[data-kind="heading"]').first();
  await heading.scrollIntoViewIfNeeded();
  const field = heading.getByLabel("Heading", { exact: true });
  const marker = `Warning signs ${Date.now() % 100000}`;
  const t0 = Date.now();
  await field.fill(marker);
  await field.press("Tab");
  await saved(page);
  const s = await snapshot();
  await previewAt(s.revision);
  const frame = page.frameLocator(".frame-wrap iframe");
  await frame.getByText(marker).first().waitFor({ timeout: 15000 });
  const ms = Date.now() - t0;
  const measured = await page.evaluate(() => window.__trellisPreview);
  console.log(`edit-to-preview: ${ms} ms from typing to text visible in the preview (UI measured ${measured?.ms} ms from the sent edit to the updated preview, revision ${measured?.revision})`);
  // The preview shows the lesson being edited.
  const current = await frame.locator('.t-menu a[aria-current="page"]').textContent();
  assert.match(current, /Spotting a breach/);
  // Tracking: saved state size against the SCORM 1.2 limit.
  await page.locator('[data-track="state"]').waitFor();
  assert.match(await page.locator('[data-track="state"]').textContent(), /\/ 4,096/);
  // Answer the question in the preview: the tracking view shows the interaction.
  const q = frame.locator(".t-block").filter({ hasText: "customer list" }).first();
  await q.getByLabel("A personal data breach").check();
  await q.getByRole("button", { name: "Check answer" }).click();
  await page.waitForFunction(() => /: correct/.test(document.querySelector(".tracking")?.textContent ?? ""), null, { timeout: 5000 });
  assert.match(await page.locator(".tracking").textContent(), /Spotting a breach/, "the location is the lesson shown");
  await screenshot(page, "preview-tracking");
  // Another lesson, then a reload of the preview (an undo of a change to
  // that lesson, which keeps the editor there): the page then draws only
  // that lesson, and the answer is still tracked (from the state).
  const first = lessons(s)[0];
  await page.locator(`.t-lesson[data-id="${first.id}"]`).click();
  await page.waitForFunction((t) => document.querySelector(".tracking")?.textContent.includes(t), first.title, { timeout: 5000 });
  await changes(page, () => api({ cmd: "apply", edit: { op: "rename-lesson", id: first.id, title: `${first.title} (draft)` } }));
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  await previewAt((await snapshot()).revision);
  await page.waitForFunction((t) => document.querySelector(".tracking")?.textContent.includes(t), first.title, { timeout: 5000 });
  assert.match(await page.locator(".tracking").textContent(), /: correct/);
  assert.equal(await frame.locator(".t-block").filter({ hasText: "customer list" }).count(), 0, "the answered lesson is not drawn");
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
});

test("preview: an edit swaps the lesson in place, keeping the answers", async () => {
  const frame = page.frameLocator(".frame-wrap iframe");
  const iframe = () => document.querySelector(".frame-wrap iframe");
  // Mark the preview's document: a reload would replace it.
  await page.evaluate(`(${iframe})().contentDocument.__kept = true`);
  const q = frame.locator(".t-block").filter({ hasText: "customer list" }).first();
  assert.ok(await q.getByLabel("A personal data breach").isChecked());
  const heading = page.locator('.card[data-kind="heading"]').first();
  const field = heading.getByLabel("Heading", { exact: true });
  const marker = `In place ${Date.now() % 100000}`;
  await field.fill(marker);
  await field.press("Tab");
  await saved(page);
  await previewAt((await snapshot()).revision);
  await frame.getByText(marker).first().waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(`(${iframe})().contentDocument.__kept`), true, "the preview was not reloaded");
  assert.ok(await q.getByLabel("A personal data breach").isChecked(), "the answer is kept");
  assert.equal(await q.locator(".t-feedback.t-ok").count(), 1, "its feedback is still shown");
  // The lesson shown stays the one being edited.
  assert.equal(await frame.locator('.t-menu a[aria-current="page"]').count(), 1);
});

test("a burst of edits made elsewhere costs the editor one catch-up, not a call per revision", async () => {
  const s = await snapshot();
  const block = (await currentLesson()).blocks.find((b) => b.content.kind === "text");
  assert.ok(block, "the open lesson has a text block");
  // The editor's calls are held while the burst lands, as they are when
  // the core is busy: revision events keep coming in meanwhile.
  let holding = true, catchUps = 0;
  const held = [];
  await page.route("**/api/call", (route) => {
    if (route.request().postDataJSON()?.cmd === "changes") catchUps++;
    if (holding) held.push(route); else route.continue();
  });
  // A second listener in the page counts the events the editor is sent.
  await page.evaluate(() => {
    window.__burstSeen = [];
    window.__burstEvents = new EventSource("/events");
    window.__burstEvents.addEventListener("revision", (e) => window.__burstSeen.push(JSON.parse(e.data).revision));
  });
  const N = 20;
  for (let i = 0; i < N; i++) {
    // Another client of the same studio: not through the page, so not held.
    const r = await fetch(new URL("api/call", studio.url), {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${studio.token}` },
      body: JSON.stringify({ cmd: "apply", edit: { op: "update-block", block: { ...block, content: { ...block.content, markdown: `Burst edit ${i}` } } } }),
    });
    assert.equal(r.status, 200, await r.clone().text());
    // Apart, since the studio's event stream sends only the newest revision.
    await new Promise((ok) => setTimeout(ok, 20));
  }
  const last = s.revision + N;
  await page.waitForFunction((r) => window.__burstSeen.includes(r), last, { timeout: 10000 });
  await page.waitForTimeout(200); // the editor's own event source is as quick; a margin all the same
  const seen = await page.evaluate(() => { window.__burstEvents.close(); return new Set(window.__burstSeen).size; });
  assert.ok(seen >= N / 2, `the burst reached the page as many revision events (${seen})`);
  holding = false;
  for (const route of held) await route.continue();
  await page.waitForFunction((r) => Number(document.querySelector(".statusbar")?.dataset.revision) === r, last, { timeout: 10000 });
  await previewAt(last);
  await saved(page);
  await page.unroute("**/api/call");
  assert.ok(catchUps <= 2, `${catchUps} catch-up calls for ${seen} revision events`);
  // The editor shows the last edit of the burst.
  const card = page.locator(`.card[data-block="${block.id}"]`);
  await card.scrollIntoViewIfNeeded();
  assert.match(await card.textContent(), new RegExp(`Burst edit ${N - 1}\\b`));
});

test("assets: import an image and use it", async () => {
  await page.getByRole("button", { name: "Assets", exact: true }).click();
  await page.locator("#asset-file").setInputFiles({ name: "breach-diagram.png", mimeType: "image/png", buffer: PNG });
  await page.locator('tr[data-asset="breach-diagram.png"]').waitFor();
  assert.equal(await page.locator('tr[data-asset="breach-diagram.png"] img.thumb').count(), 1);
  const loaded = await page.locator('tr[data-asset="breach-diagram.png"] img.thumb').evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(loaded, "the thumbnail loads from /preview/assets/");
  // Use it in the image block of the lesson.
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
  const image = page.locator('.card[data-kind="image"]').first();
  await image.getByLabel("Image", { exact: true }).selectOption("breach-diagram.png");
  await saved(page);
  await image.locator("img.thumb").waitFor();
  await screenshot(page, "assets");
});

test("design check: clicking a finding goes to the field; fixing it clears it", async () => {
  await page.getByRole("button", { name: /^Check/ }).click();
  const finding = page.locator('.findings li[data-rule="image-missing-alt"] button').first();
  await finding.waitFor();
  await screenshot(page, "check");
  const before = await page.locator('.findings li[data-rule="image-missing-alt"]').count();
  await finding.click();
  // The lesson opens and the alt text field of that image has focus.
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-field") === "alt");
  await page.keyboard.type("Diagram of how a customer list reaches the wrong inbox");
  await page.keyboard.press("Tab");
  await saved(page);
  await page.getByRole("button", { name: /^Check/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.findings li[data-rule="image-missing-alt"]').length === n - 1, before);
});

test("theme: a low-contrast colour shows the contrast warning live", async () => {
  await page.getByRole("button", { name: "Theme", exact: true }).click();
  const text = page.getByLabel("Text hex");
  await text.fill("#cccccc");
  await text.press("Tab");
  await saved(page);
  await page.locator(".contrast-warning").waitFor({ timeout: 5000 });
  await screenshot(page, "theme");
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  await page.locator(".contrast-warning").waitFor({ state: "detached", timeout: 5000 });
});

test("publish to SCORM 1.2: a zip with imsmanifest.xml on disk", async () => {
  // Media blocks without a file cannot be published; remove them (as an author would).
  await page.locator(".t-lesson", { hasText: "Spotting a breach" }).click();
  for (const kind of ["image", "labelled-graphic", "video", "audio"]) {
    while (await page.locator(`.card[data-kind="${kind}"]`).count()) {
      const n = await page.locator(".card").count();
      await page.locator(`.card[data-kind="${kind}"]`).first().getByRole("button", { name: "Delete block" }).click();
      await page.waitForFunction((n) => document.querySelectorAll(".card").length === n - 1, n);
    }
  }
  await saved(page);
  // A learner package cannot carry the blueprint's guidance: write over every
  // placeholder first (tests/ui/placeholders.test.mjs covers the refusal).
  await replaceAllPlaceholders(api);
  assert.equal((await api({ cmd: "check" })).findings.filter((f) => f.rule === "placeholder-text").length, 0);
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Command" }).fill("publish scorm 1.2");
  await page.keyboard.press("Enter");
  await page.locator('input[name="target"][value="scorm12"]').check();
  // In the browser the package downloads (the studio serves the zip it wrote).
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60000 }),
    page.getByRole("button", { name: "Publish and download" }).click(),
  ]);
  await page.locator('[data-testid="published-path"]').waitFor({ timeout: 60000 });
  await screenshot(page, "publish");
  assert.equal(download.suggestedFilename(), "Data protection basics - SCORM 1.2.zip");
  const got = path.join(studio.work, "downloaded.zip");
  await download.saveAs(got);
  const zip = fs.readFileSync(got);
  assert.equal(zip.subarray(0, 4).toString("latin1"), "PK\x03\x04", "a zip file");
  assert.ok(zip.includes(Buffer.from("imsmanifest.xml")), "the zip has imsmanifest.xml");
  const written = await page.locator('[data-testid="published-path"]').getAttribute("data-path");
  assert.ok(fs.readFileSync(written).equals(zip), "the download is the package the studio wrote");
});

test("a long lesson starts its Markdown editors near the screen; focus starts one at once", async () => {
  await page.reload();
  await page.locator(".t-lesson.current").waitFor();
  const open = await page.locator(".t-lesson.current").getAttribute("data-id");
  const home = (await snapshot()).course.modules.find((m) => m.lessons.some((l) => l.id === open));
  const text = (i) => `Paragraph **${i}** of a long lesson.`;
  const blocks = Array.from({ length: 16 }, (_, i) => ({ id: `b-long-${i}`, content: { kind: "text", markdown: text(i) } }));
  await api({ cmd: "apply", edit: { op: "add-lesson", module: home.id, index: home.lessons.length, lesson: { id: "l-long", title: "A long lesson", template: "free", blocks } } });
  await page.locator('.t-lesson[data-id="l-long"]').click();
  await page.waitForFunction(() => document.querySelector("[data-field=lesson-title]")?.value === "A long lesson");
  const card = (i) => page.locator(`.card[data-block="b-long-${i}"]`);
  // On screen: the rich-text editor. Far below: a stand-in showing the text formatted.
  await card(0).locator(".rt-content").waitFor();
  const last = card(15);
  assert.equal(await last.locator(".rt-content").count(), 0);
  const standIn = last.getByRole("textbox", { name: "Text", exact: true });
  const shown = (i) => `Paragraph ${i} of a long lesson.`;
  assert.equal((await standIn.textContent()).trim(), shown(15));
  assert.equal(await standIn.locator("strong").textContent(), "15");
  // Focus, as Tab or a design-check finding gives it, starts the editor with the caret in it.
  await standIn.focus();
  await page.waitForFunction(() => document.activeElement?.closest(".card")?.dataset.block === "b-long-15" && document.activeElement.classList.contains("rt-content"));
  await page.keyboard.press("End");
  await page.keyboard.type(" Edited.");
  await page.keyboard.press("Tab");
  await saved(page);
  const lesson = lessons(await snapshot()).find((l) => l.id === "l-long");
  assert.equal(lesson.blocks[15].content.markdown, `${text(15)} Edited.`);
  // Scrolling a field near the screen starts its editor too.
  await card(8).scrollIntoViewIfNeeded();
  await card(8).locator(".rt-content").waitFor();
  assert.equal(await card(8).locator(".rt-content").textContent(), shown(8));
  assert.equal(await card(8).locator(".rt-content strong").textContent(), "8");
});

test("outline: a course of more than 100 lessons opens folded but for the open lesson's module", async () => {
  // Two more modules of 60 lessons each, added through the API.
  const before = await snapshot();
  for (const m of [1, 2]) {
    const id = `m-many-${m}`;
    await api({ cmd: "apply", edit: { op: "add-module", index: before.course.modules.length + m - 1, module: { id, title: `Many lessons ${m}`, lessons: [] } } });
    for (let i = 0; i < 60; i++)
      await api({ cmd: "apply", edit: { op: "add-lesson", module: id, index: i, lesson: { id: `l-many-${m}-${i}`, title: `Lesson ${m}.${i}`, template: "free", blocks: [] } } });
  }
  const s = await snapshot();
  assert.ok(lessons(s).length > 100);
  await page.reload();
  await page.locator(".t-lesson.current").waitFor();
  const open = await page.locator(".t-lesson.current").getAttribute("data-id");
  const home = s.course.modules.find((m) => m.lessons.some((l) => l.id === open));
  // Only the open lesson's module shows its lessons; every module is listed.
  assert.equal(await page.locator(".outline .t-module").count(), s.course.modules.length);
  assert.equal(await page.locator(".outline .t-lesson").count(), home.lessons.length);
  assert.equal(await page.locator(`.t-module[data-id="${home.id}"]`).getAttribute("aria-expanded"), "true");
  const many = page.locator('.t-module[data-id="m-many-2"]');
  assert.equal(await many.getAttribute("aria-expanded"), "false");
  // The author unfolds a module from the keyboard; it stays open while another lesson is opened.
  await many.focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector('.t-module[data-id="m-many-2"]')?.getAttribute("aria-expanded") === "true");
  assert.equal(await page.locator(".outline .t-lesson").count(), home.lessons.length + 60);
  await page.locator('.t-lesson[data-id="l-many-2-59"]').click();
  await page.waitForFunction(() => document.querySelector("[data-field=lesson-title]")?.value === "Lesson 2.59");
  assert.equal(await many.getAttribute("aria-expanded"), "true");
  assert.equal(await page.locator('.t-module[data-id="m-many-1"]').getAttribute("aria-expanded"), "false");
});
