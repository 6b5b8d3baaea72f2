// Editing friction (issue 16, fault 4), in real headless Chromium against
// the real `trellis studio`, on a course made from the "Compliance
// training" blueprint: adding a lesson, the course map, the coverage
// matrix, findings and the tracking view in the author's words, undo and
// redo taking the author to the change, and three layout faults. Where an
// action changes the course, what the course file holds is read back: the
// file (and its write-ahead log) is copied while the studio holds it, and
// the copy exported with `trellis export` to the text format.
//
// Run: (cd tests && npm ci && node --test ui/friction.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { startStudio, launchBrowser, saved, changes, trellisBin, png } from "./harness.mjs";

let studio, browser, page, bin, courseFile;
const errors = [];

/** Calls the app API from the page (same origin, same session). */
async function api(command) {
  return page.evaluate(async (c) => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify(c) });
    return r.json();
  }, command);
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
/** axe-core on the parts `include` shows now: serious and critical violations, one line per node. */
async function axe(include) {
  // Evaluated rather than added as a script tag: the editor's CSP allows no inline script.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(fs.readFileSync(AXE, "utf8"));
  const res = await page.evaluate((include) => window.axe.run({ include }, { resultTypes: ["violations"] }), include);
  return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} at ${n.target.join(" ")}`));
}

let copies = 0;
/**
 * The course as the file on disk holds it: the file and its log copied,
 * the copy exported to the text format. `{ course, lessons }`: course.toml
 * parsed, and each lesson file's text by lesson id.
 */
function stored() {
  const dir = path.join(studio.work, `stored-${++copies}`);
  fs.mkdirSync(dir);
  const copy = path.join(dir, "copy.trellis");
  fs.copyFileSync(courseFile, copy);
  if (fs.existsSync(`${courseFile}-wal`)) fs.copyFileSync(`${courseFile}-wal`, `${copy}-wal`);
  const out = path.join(dir, "text");
  execFileSync(bin, ["export", copy, "-o", out], { stdio: ["ignore", "ignore", "inherit"] });
  const course = parseToml(fs.readFileSync(path.join(out, "course.toml"), "utf8"));
  const lessons = {};
  for (const f of fs.readdirSync(path.join(out, "lessons"))) lessons[f.replace(/\.md$/, "")] = fs.readFileSync(path.join(out, "lessons", f), "utf8");
  return { course, lessons };
}
/** The Markdown of a text block as stored. */
function storedText(s, lessonId, blockId) {
  const m = new RegExp(`::: text \\{id = "${blockId}"[^}]*\\}\\n([\\s\\S]*?)\\n:::`).exec(s.lessons[lessonId] ?? "");
  return m?.[1];
}
/** The lesson ids of a module as stored, in order. */
const storedLessons = (s, moduleId) => s.course.modules.find((m) => m.id === moduleId).lessons;

const snapshot = () => api({ cmd: "snapshot", full: true });
const allLessons = (s) => s.course.modules.flatMap((m) => m.lessons);
const active = () => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a?.tagName, id: a?.id, cls: a?.className ?? "", card: a?.closest?.(".card")?.dataset.block ?? null, inLesson: !!a?.closest?.(".lesson"), text: (a?.textContent ?? "").slice(0, 80) };
});
/** The words of a message outside quoted text and titles, which are the
 *  author's own (a placeholder's guidance may say "right", a lesson be
 *  called 'a grey-area decision'), so an id among them is one we printed. */
const words = (text) => text.replace(/"[^"]*"|“[^”]*”|(Module|Lesson) '[^']*'/g, "").split(/[\s›·,()“”'"]+/);
/** Whether `text` shows the id `id`. An id that is a plain word (a blueprint's
 *  choice called "right") cannot be told from prose ("the feedback when
 *  right"), so only ids with a hyphen, underscore or digit are looked for. */
const showsId = (text, id) => /[-_\d]/.test(id) && words(text).includes(id);

async function openLesson(id) {
  await page.locator(`.t-lesson[data-id="${id}"]`).click();
  await page.waitForFunction((i) => document.querySelector(".t-lesson.current")?.dataset.id === i && document.querySelector(".lesson"), id);
}

before(async () => {
  bin = trellisBin();
  studio = await startStudio();
  courseFile = path.join(studio.work, "friction.trellis");
  // Made before the studio opens it (the studio holds its file alone).
  execFileSync(bin, ["new", "--template", "compliance-training", courseFile], { stdio: "ignore" });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(studio.url);
  await page.evaluate((p) => fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify({ cmd: "open_course", path: p }) }), courseFile);
  await page.reload();
  await page.locator(".shell").waitFor();
  await page.locator(".lesson").waitFor();
});

after(async () => {
  await browser?.close();
  await studio?.stop();
});

test("+ Lesson is always visible, reached with Tab, and adds right after the lesson being edited", async () => {
  const s = await snapshot();
  const mod = s.course.modules.find((m) => m.lessons.some((l) => l.template === "assessment"));
  const [before, assessment] = [mod.lessons.at(-2), mod.lessons.at(-1)];
  assert.equal(assessment.template, "assessment", "the module ends with its assessment");
  await openLesson(before.id);
  // Visible with the pointer elsewhere, and in the Tab order.
  await page.mouse.move(900, 500);
  const add = page.getByRole("button", { name: "+ Lesson", exact: true });
  assert.ok(await add.isVisible(), "the button shows without hovering");
  const box = await add.boundingBox();
  assert.ok(box && box.width >= 24 && box.height >= 24, `a target of 24 px at least: ${JSON.stringify(box)}`);
  assert.match(await add.getAttribute("title"), /after “Scenario: a grey-area decision”/);
  await page.getByRole("button", { name: "Hide outline" }).focus();
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await add.evaluate((el) => el === document.activeElement);
  }
  assert.ok(reached, "Tab reaches + Lesson");
  await changes(page, () => page.keyboard.press("Enter"));
  await page.waitForFunction(() => document.querySelector("[data-field=lesson-title]")?.value === "New lesson");
  // The file: the new lesson sits between the lesson and the assessment.
  const after = storedLessons(stored(), mod.id);
  assert.equal(after.length, mod.lessons.length + 1);
  assert.equal(after.at(-1), assessment.id, "the assessment stays last");
  assert.equal(after.at(-3), before.id);
  const added = after.at(-2);
  assert.ok(!mod.lessons.some((l) => l.id === added), "the new lesson is right after the one being edited");
  assert.equal(await page.locator(".t-lesson.current").getAttribute("data-id"), added, "and it is open");
  // Elsewhere: a module's own "+" adds before the assessment that closes it.
  await page.locator(`.t-lesson[data-id="${s.course.modules[0].lessons[0].id}"]`).click();
  await page.locator(`.t-module[data-id="${mod.id}"] > .row-item`).hover();
  await changes(page, () => page.getByRole("button", { name: `Add lesson to ${mod.title}` }).click());
  const later = storedLessons(stored(), mod.id);
  assert.equal(later.length, mod.lessons.length + 2);
  assert.equal(later.at(-1), assessment.id, "the assessment stays last");
  // Back to the course as it was.
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  await changes(page, () => page.keyboard.press("Control+z"));
  assert.deepEqual(storedLessons(stored(), mod.id), mod.lessons.map((l) => l.id));
});

test("course map: every tile names its lesson, template and state, readably", async () => {
  const s = await snapshot();
  const mod = s.course.modules.find((m) => m.lessons.length >= 2);
  await openLesson(mod.lessons[1].id);
  const tiles = page.getByRole("navigation", { name: "Course map" }).locator(".cm-lesson");
  assert.equal(await tiles.count(), mod.lessons.length);
  const templates = Object.fromEntries((await api({ cmd: "templates" })).map((t) => [t.kind, t.name]));
  for (let i = 0; i < mod.lessons.length; i++) {
    const l = mod.lessons[i];
    const tile = tiles.nth(i);
    const name = await tile.getAttribute("aria-label");
    assert.ok(name.includes(l.title), `tile ${i + 1} names its lesson: ${name}`);
    assert.ok(name.includes(templates[l.template]), `tile ${i + 1} names its template: ${name}`);
    assert.match(name, /complete|required slots filled|no required slots/, `tile ${i + 1} says its state`);
    assert.equal(await tile.getAttribute("title"), name, "the tooltip says the same");
    const text = (await tile.innerText()).trim();
    assert.ok(text.startsWith(String(i + 1)), `tile ${i + 1} shows its number: "${text}"`);
    const box = await tile.boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `tile ${i + 1} is a 24 px target: ${JSON.stringify(box)}`);
  }
  // The lesson being edited shows its title; the assessment is marked.
  assert.match(await tiles.nth(1).innerText(), new RegExp(mod.lessons[1].title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  const ai = mod.lessons.findIndex((l) => l.template === "assessment");
  if (ai >= 0) assert.match(await tiles.nth(ai).innerText(), /✎/);
  // The text is readable: at least 4.5:1 against the tile.
  const contrast = await tiles.first().evaluate((el) => {
    const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const cs = getComputedStyle(el);
    let bg = cs.backgroundColor;
    for (let p = el; p && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
    const [a, b] = [lum(rgb(cs.color)), lum(rgb(bg))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
  assert.ok(contrast >= 4.5, `tile text contrast ${contrast.toFixed(2)}:1`);
  assert.deepEqual(await axe([[".course-map"]]), []);
});

test("coverage: practice in lessons and scored questions in the assessment are told apart", async () => {
  await page.getByRole("button", { name: "Objectives", exact: true }).click();
  await page.locator("table.matrix").waitFor();
  const { course, lessons } = stored();
  // From the file: which blocks practise and which assess each objective.
  const assessmentLessons = new Set();
  for (const [id, text] of Object.entries(lessons)) if (/template = "assessment"/.test(text)) assessmentLessons.add(id);
  const linked = [];
  for (const [id, text] of Object.entries(lessons)) {
    for (const m of text.matchAll(/::: (question|scenario) \{id = "([^"]+)"[^}]*\}\n([\s\S]*?)\n:::/g)) {
      const objs = /objectives = \[([^\]]*)\]/.exec(m[3])?.[1].match(/"[^"]+"/g)?.map((x) => x.slice(1, -1)) ?? [];
      linked.push({ block: m[2], assessed: m[1] === "question" && assessmentLessons.has(id), objs });
    }
  }
  assert.ok(linked.some((p) => p.assessed) && linked.some((p) => !p.assessed), "the course has both");
  // Two column groups, with headers, and a key.
  assert.equal(await page.locator('th[scope="colgroup"]', { hasText: "Practice" }).count(), 1);
  assert.equal(await page.locator('th[scope="colgroup"]', { hasText: "Assessment" }).count(), 1);
  const key = page.getByRole("list", { name: "Key" });
  assert.match(await key.innerText(), /Practised/);
  assert.match(await key.innerText(), /Assessed/);
  for (const p of linked) {
    const col = page.locator(`th[data-col="${p.block}"]`);
    assert.equal(await col.getAttribute("data-group"), p.assessed ? "assessed" : "practice", p.block);
    assert.match(await col.innerText(), /\d/);
    assert.match(await col.locator(".vh").textContent(), p.assessed ? /assessed in/ : /practised in/);
  }
  // Each linked cell says which it is, in its mark and its name.
  for (const o of course.objectives) {
    const row = page.locator(`tr[data-objective="${o.id}"]`);
    const cells = await row.locator("button.cell").evaluateAll((bs) => bs.map((b) => ({ on: b.getAttribute("aria-pressed") === "true", mark: b.textContent, name: b.getAttribute("aria-label") })));
    const cols = await page.locator("thead th[data-col]").evaluateAll((ths) => ths.map((t) => t.dataset.col));
    cells.forEach((c, j) => {
      const p = linked.find((x) => x.block === cols[j]);
      assert.equal(c.on, p.objs.includes(o.id), `${o.id} × ${p.block}`);
      if (c.on) assert.equal(c.mark, p.assessed ? "◆" : "●", `${o.id} × ${p.block}`);
      assert.match(c.name, p.assessed ? /\(assessed in “/ : /\(practised in “/);
    });
    const practised = linked.some((p) => p.objs.includes(o.id));
    const assessed = linked.some((p) => p.assessed && p.objs.includes(o.id));
    const tag = (await row.locator("th .tag").allTextContents()).join();
    assert.equal(tag, !practised ? "no practice" : !assessed ? "not assessed" : "", o.id);
  }
  assert.deepEqual(await axe([["section.objectives"]]), []);
});

test("coverage: with the preview open no column is cut off, and a wide table scrolls within reach", async () => {
  assert.ok(await page.locator("aside.preview").isVisible(), "the preview is open");
  await page.getByRole("button", { name: "Objectives", exact: true }).click();
  await page.locator("table.matrix").waitFor();
  const measure = () => page.evaluate(() => {
    const wrap = document.querySelector(".matrix-wrap");
    const centre = document.querySelector("main.centre");
    wrap.scrollIntoView({ block: "start" });
    const atStart = { table: document.querySelector("table.matrix").getBoundingClientRect().right, wrap: wrap.getBoundingClientRect().right };
    wrap.scrollLeft = wrap.scrollWidth;
    const r = (el) => el.getBoundingClientRect();
    const last = r([...document.querySelectorAll("thead th[data-col]")].at(-1));
    const row = r(document.querySelector("tbody th[scope=row]"));
    const m = { cols: document.querySelectorAll("thead th[data-col]").length, atStart, scrolls: wrap.scrollWidth > wrap.clientWidth,
      lastRight: last.right, wrapLeft: r(wrap).left, wrapRight: r(wrap).left + wrap.clientWidth, wrapBottom: r(wrap).bottom, centreBottom: r(centre).bottom,
      rowLeft: row.left, centreOverflow: centre.scrollWidth - centre.clientWidth };
    wrap.scrollLeft = 0;
    return m;
  });
  // The blueprint's practice: the whole table shows, the last column too.
  let m = await measure();
  assert.equal(m.scrolls, false, `the table fits beside the preview: ${JSON.stringify(m)}`);
  assert.ok(m.atStart.table <= m.atStart.wrap, `no column is cut off: ${JSON.stringify(m)}`);
  // Twice as many columns: the table scrolls sideways in the pane, its
  // scroll bar on screen, the objectives kept in view, the last column reached.
  const s = await snapshot();
  const lesson = allLessons(s)[0];
  for (let i = 0; i < m.cols; i++) await api({ cmd: "new_block", lesson: lesson.id, index: 0, kind: "question", question_type: "true-false" });
  await page.waitForFunction((n) => document.querySelectorAll("thead th[data-col]").length === n, 2 * m.cols);
  m = await measure();
  assert.ok(m.scrolls, JSON.stringify(m));
  assert.ok(m.centreOverflow <= 0, `the view does not overflow the editor pane sideways: ${JSON.stringify(m)}`);
  assert.ok(m.wrapBottom <= m.centreBottom, `the table's scroll bar is on screen: ${JSON.stringify(m)}`);
  assert.ok(m.lastRight <= m.wrapRight + 0.5, `the last column shows once scrolled to: ${JSON.stringify(m)}`);
  assert.ok(m.rowLeft >= m.wrapLeft - 0.5, `the objectives stay in view: ${JSON.stringify(m)}`);
  // Back to the course as it was.
  for (let i = 0; i < m.cols / 2; i++) await api({ cmd: "undo" });
  await saved(page);
});

test("findings speak the author's words; ids only in a closed details line", async () => {
  // A question with an empty choice and no objective (findings on a block
  // and on an item), and an empty lesson (findings on a lesson).
  let s = await snapshot();
  const lesson = allLessons(s).find((l) => l.template === "concept");
  await api({ cmd: "new_block", lesson: lesson.id, index: lesson.blocks.length, kind: "question", question_type: "single-choice" });
  s = await snapshot();
  const q = allLessons(s).find((l) => l.id === lesson.id).blocks.at(-1);
  q.content.answer.choices[1].text = "";
  await api({ cmd: "apply", edit: { op: "update-block", block: q } });
  await api({ cmd: "apply", edit: { op: "add-lesson", module: s.course.modules[0].id, index: 0, lesson: { id: "l-empty", title: "Still to write", template: "concept", blocks: [] } } });
  await page.getByRole("button", { name: /^Check/ }).click();
  await page.locator(".findings li").first().waitFor();
  const report = await api({ cmd: "check" });
  assert.ok(report.findings.some((f) => f.location.item), "a finding on an item");
  assert.ok(report.findings.some((f) => f.location.block && !f.location.item), "a finding on a block");
  assert.ok(report.findings.some((f) => f.location.lesson && !f.location.block), "a finding on a lesson");
  const shown = await page.locator(".findings li").evaluateAll((lis) => lis.map((li) => ({
    rule: li.dataset.rule, text: li.querySelector("button.finding").innerText, details: li.querySelector("details"),
    open: li.querySelector("details")?.open, ids: li.querySelector("details p")?.textContent ?? "",
  })));
  assert.equal(shown.length, report.findings.length);
  report.findings.forEach((f, i) => {
    const { text, open, ids } = shown[i];
    assert.ok(!text.includes("`"), `no code marks: ${text}`);
    assert.ok(!text.includes(f.rule), `no rule id: ${text}`);
    for (const id of [f.location.block, f.location.item, f.location.lesson, f.location.module, f.location.objective].filter(Boolean))
      assert.ok(!showsId(text, id), `no id ${id}: ${text}`);
    assert.equal(open, false, "the details line is closed");
    assert.ok(ids.includes(f.rule), "the details line names the rule");
    if (f.location.block) assert.ok(ids.includes(f.location.block), "and the block");
  });
  // A block's place: its kind and number among its lesson's blocks, in its lesson.
  const item = report.findings.find((f) => f.location.item && f.location.lesson === lesson.id);
  const i = report.findings.indexOf(item);
  assert.match(shown[i].text, new RegExp(`Lesson '${lesson.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}' › question \\d+ › choice \\d+`));
  // The same findings on the card, without ids.
  await page.locator(".findings li button.finding").nth(i).click();
  const card = page.locator(`.card[data-block="${item.location.block}"]`);
  await card.locator(".badge").click();
  for (const t of await card.locator(".card-findings li").allInnerTexts()) {
    assert.ok(!t.includes("`") && !showsId(t, item.location.block) && !showsId(t, item.location.item), t);
  }
  await page.getByRole("button", { name: /^Check/ }).click();
  await page.locator(".findings li").first().waitFor();
  assert.deepEqual(await axe([["section.check"]]), []);
  // The empty lesson stays for the last test; the question goes.
  await api({ cmd: "apply", edit: { op: "delete-block", id: q.id } });
});

test("tracking view: answers named by question and lesson, ids only in a closed details line", async () => {
  const s = await snapshot();
  const lesson = allLessons(s).find((l) => l.id === "what-the-rule-requires") ?? allLessons(s).find((l) => l.blocks.some((b) => b.content.kind === "question" && b.content.answer.type === "true-false"));
  await openLesson(lesson.id);
  const questions = lesson.blocks.filter((b) => b.content.kind === "question");
  const q = questions.findIndex((b) => b.content.answer.type === "true-false");
  const block = questions[q];
  const frame = page.frameLocator(".frame-wrap iframe");
  const inPreview = frame.locator(`#block-${block.id}`);
  await inPreview.waitFor({ timeout: 15000 });
  await inPreview.scrollIntoViewIfNeeded();
  await inPreview.getByLabel("True", { exact: true }).check();
  await inPreview.getByRole("button", { name: "Check answer" }).click();
  const tracking = page.locator(".tracking");
  await page.waitForFunction(() => /Interactions[\s\S]*: (correct|incorrect)/.test(document.querySelector(".tracking")?.innerText ?? ""), null, { timeout: 5000 });
  const text = await tracking.innerText();
  assert.match(text, new RegExp(`Question ${q + 1} in “${lesson.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}”`));
  const visible = await tracking.evaluate((el) => [...el.querySelectorAll("li")].filter((li) => !li.closest("details.track-ids")).map((li) => li.innerText).join("\n"));
  assert.ok(!visible.includes(block.id), `no block id shown: ${visible}`);
  for (const o of s.course.objectives) assert.ok(!visible.includes(o.id), `no objective id shown: ${visible}`);
  assert.equal(await page.locator("details.track-ids").evaluate((d) => d.open), false);
  assert.ok((await page.locator("details.track-ids").textContent()).includes(block.id), "the ids are in the details line");
  assert.equal(await tracking.locator("code").count(), 0);
});

test("undo and redo take the author to the block they changed, and the file follows", async () => {
  const s = await snapshot();
  const lesson = allLessons(s).find((l) => l.blocks.filter((b) => b.content.kind === "text").length >= 2 && l.blocks.length >= 4);
  const block = lesson.blocks.filter((b) => b.content.kind === "text").at(-1);
  const original = block.content.markdown;
  await openLesson(lesson.id);
  // Change the block's text, then go to another lesson.
  await changes(page, () => api({ cmd: "apply", edit: { op: "update-block", block: { ...block, content: { ...block.content, markdown: "Changed by the author." } } } }));
  assert.equal(storedText(stored(), lesson.id, block.id), "Changed by the author.");
  const other = allLessons(s).find((l) => l.id !== lesson.id);
  await openLesson(other.id);
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  // The lesson is open, the card has focus and is on screen.
  await page.waitForFunction((b) => document.activeElement?.id === `card-${b}`, block.id, { timeout: 5000 });
  assert.equal(await page.locator(".t-lesson.current").getAttribute("data-id"), lesson.id);
  const onScreen = await page.locator(`#card-${block.id}`).evaluate((el) => {
    const r = el.getBoundingClientRect(), c = document.querySelector("main.centre").getBoundingClientRect();
    return r.top < c.bottom && r.bottom > c.top;
  });
  assert.ok(onScreen, "the card is scrolled into view");
  assert.equal(storedText(stored(), lesson.id, block.id).trim(), original.trim(), "the file holds the text from before");
  // Ctrl+Z again goes on undoing the course (focus is not in a text field).
  assert.equal((await active()).tag, "ARTICLE");
  // Redo from elsewhere: back to the block, with the change.
  await openLesson(other.id);
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+Shift+z"));
  await page.waitForFunction((b) => document.activeElement?.id === `card-${b}`, block.id, { timeout: 5000 });
  assert.equal(storedText(stored(), lesson.id, block.id), "Changed by the author.");
});

test("undo and redo take the author to the objectives or the theme they changed", async () => {
  const s = await snapshot();
  const o = s.course.objectives[0];
  await changes(page, () => api({ cmd: "apply", edit: { op: "update-objective", objective: { ...o, statement: "Explain the rule in one sentence." } } }));
  await openLesson(allLessons(s)[0].id);
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  await page.getByRole("heading", { name: "Learning objectives" }).waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), "editor", "the view has focus");
  assert.equal(stored().course.objectives[0].statement, o.statement, "the file holds the objective from before");

  const info = s.course.info;
  await changes(page, () => api({ cmd: "apply", edit: { op: "set-course-info", info: { ...info, theme: { ...info.theme, primary_color: "#883300" } } } }));
  await openLesson(allLessons(s)[0].id);
  await page.locator(".topbar h1").click();
  await changes(page, () => page.keyboard.press("Control+z"));
  await page.getByRole("heading", { name: "Theme", exact: true }).waitFor({ timeout: 5000 });
  // The text format leaves out a theme that is the default one (as the blueprint's is).
  const primary = () => stored().course.theme?.primary_color ?? "default";
  assert.equal(primary(), "default", "the file holds the theme from before");
  await changes(page, () => page.keyboard.press("Control+Shift+z"));
  assert.equal(primary(), "#883300");
  await page.getByRole("heading", { name: "Theme", exact: true }).waitFor();
  await changes(page, () => page.keyboard.press("Control+z"));
});

test("adding and choosing an image leaves the app where it was", async () => {
  const s = await snapshot();
  const lesson = allLessons(s).find((l) => l.blocks.length >= 4);
  await openLesson(lesson.id);
  const place = () => page.evaluate(() => ({ top: document.querySelector(".topbar").getBoundingClientRect().top, scroll: document.scrollingElement.scrollTop, height: document.scrollingElement.scrollHeight }));
  const start = await place();
  assert.deepEqual(start, { top: 0, scroll: 0, height: 900 });
  // An image block at the end of the lesson, from the block menu.
  await page.locator(".inserter .plus").last().click();
  await page.getByRole("combobox", { name: "Search block kinds" }).fill("Image");
  await changes(page, () => page.keyboard.press("Enter"));
  await page.waitForTimeout(300);
  assert.deepEqual(await place(), start, "the top bar stays where it was after adding the image block");
  // A new file through the picker's "Import a file…", then chosen from the list.
  const card = page.locator('.card[data-kind="image"]').last();
  const chooser = page.waitForEvent("filechooser");
  await card.getByRole("button", { name: "Import a file…" }).click();
  await changes(page, async () => (await chooser).setFiles({ name: "diagram.png", mimeType: "image/png", buffer: png(80, 50) }));
  await card.locator("img.thumb").waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await place(), start, "the top bar stays where it was after importing");
  await changes(page, () => card.getByLabel("Image", { exact: true }).selectOption(""));
  await changes(page, () => card.getByLabel("Image", { exact: true }).selectOption("diagram.png"));
  await card.locator("img.thumb").waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await place(), start, "the top bar stays where it was after choosing");
  assert.match(stored().lessons[lesson.id], /::: image [^\n]*\n(.*\n)*?asset = "diagram.png"/, "the file has the image in the block");
});

test("clicking a finding about a lesson keeps focus in the lesson it opens", async () => {
  await page.getByRole("button", { name: /^Check/ }).click();
  const report = await api({ cmd: "check" });
  const f = report.findings.find((x) => x.location.lesson && !x.location.block);
  assert.ok(f, "a finding about a lesson itself");
  const i = report.findings.indexOf(f);
  await page.locator(".findings li button.finding").nth(i).click();
  await page.waitForFunction((l) => document.querySelector(".t-lesson.current")?.dataset.id === l, f.location.lesson);
  await page.waitForTimeout(200);
  const a = await active();
  assert.notEqual(a.tag, "BODY", "focus is not lost");
  assert.ok(a.inLesson, `focus is in the lesson: ${JSON.stringify(a)}`);
  if (f.rule === "template-slot-empty") assert.match(a.cls, /slot empty/);
  // The keyboard goes on from there.
  await page.keyboard.press("Tab");
  assert.ok((await active()).inLesson);
});

test("no page errors", () => {
  assert.deepEqual(errors, []);
});
