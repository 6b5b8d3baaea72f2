// Importing a document into the open course, in browser mode, against the
// real `trellis studio` in headless Chromium: "Import document…" adds a
// LibreOffice storyboard's modules after the course's own, with its
// pictures and review comments, and shows the report; the course file,
// read back from disk, holds them; one Undo gives back exactly the course
// and the comments that were there before. A document that cannot be read
// changes nothing.
//
// Run: (cd tests && node --test ui/import-into.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repo, palette, saved, expectHttp, openEditor } from "./harness.mjs";
import { readCourseFile } from "./course-file.mjs";

let editor, studio, browser, page, bin, file, tmp;
const FIXTURES = path.join(repo, "crates", "trellis-import", "tests", "fixtures");

/** The file's course as the text format has it: course, lessons and assets, no helpers. */
function stored() {
  const { course, lessons, assets } = readCourseFile(bin, file);
  return { course, lessons, assets };
}

/** The review comments the file holds, read from a copy (the editor holds the file open). */
function storedComments() {
  const copy = path.join(tmp, `copy-${Date.now()}.trellis`);
  fs.copyFileSync(file, copy);
  if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
  try {
    return execFileSync(bin, ["comments", copy], { encoding: "utf8" }).replaceAll(copy, "FILE");
  } finally {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  }
}

before(async () => {
  editor = await openEditor("phishing-awareness", { name: "import-into" });
  ({ studio, browser, page, bin, file } = editor);
  tmp = editor.work;
  page.on("pageerror", (e) => console.log("page error:", e.message));
});

after(() => editor?.close());

test("a Word storyboard goes into the open course as new modules, and one Undo takes it all back", async () => {
  const before = stored();
  const commentsBefore = storedComments();
  const storyboard = path.join(studio.work, "storyboard.docx");
  fs.copyFileSync(path.join(FIXTURES, "storyboard.docx"), storyboard);

  await palette(page, "Import document…");
  const dialog = page.getByTestId("import-into");
  await dialog.waitFor();
  await dialog.getByLabel(/Word, PowerPoint or Markdown document/).fill(storyboard);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  assert.match(await report.getByRole("heading").first().textContent(), /Imported from Word/);
  assert.match(await page.getByTestId("import-skipped").textContent(), /paragraph 39: the style “Narrator script” means nothing to Trellis/);
  await report.getByRole("button", { name: "Close" }).click();
  await saved(page);
  // The outline shows the new modules after the course's own.
  await page.getByText("Lock your accounts", { exact: true }).first().waitFor();

  // The file: the course as it was, then the storyboard's three modules.
  const after = stored();
  assert.equal(after.course.title, before.course.title, "the course keeps its title");
  const titles = (c) => c.modules.map((m) => m.title);
  assert.deepEqual(titles(after.course), [...titles(before.course), "Recognise phishing", "Report it", "Stay safe"]);
  for (const m of before.course.modules) assert.deepEqual(after.course.modules.find((x) => x.id === m.id), m);
  for (const [id, lesson] of Object.entries(before.lessons)) assert.deepEqual(after.lessons[id], lesson, `lesson ${id} unchanged`);
  for (const name of ["inbox.png", "padlock.png", "report-button.png"]) assert.ok(after.assets.includes(name), `${name} in ${after.assets}`);
  assert.equal(after.course.objectives.length, before.course.objectives.length + 2);
  const commentsAfter = storedComments();
  assert.match(commentsAfter, /Can we add a real example from last year here\?/);

  // One Undo: the file is exactly what it was, comments included.
  await palette(page, "Undo");
  await saved(page);
  assert.deepEqual(stored(), before);
  assert.equal(storedComments(), commentsBefore);
  // And Redo brings the import back whole.
  await palette(page, "Redo");
  await saved(page);
  assert.deepEqual(stored(), after);
  assert.equal(storedComments(), commentsAfter);
});

test("heading levels can be chosen, and a document that cannot be read changes nothing", async () => {
  const before = stored();
  const handbook = path.join(studio.work, "handbook.docx");
  fs.copyFileSync(path.join(FIXTURES, "handbook.docx"), handbook);
  await palette(page, "Import document…");
  const dialog = page.getByTestId("import-into");
  await dialog.getByLabel(/Word, PowerPoint or Markdown document/).fill(handbook);
  await dialog.getByText("Headings and slides").click();
  await dialog.getByLabel("Word and Markdown headings that start a module").selectOption("none");
  await dialog.getByLabel("Headings that start a lesson").selectOption("1");
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByTestId("import-report").waitFor();
  await page.getByTestId("import-report").getByRole("button", { name: "Close" }).click();
  await saved(page);
  const after = stored();
  // Heading 1 starts lessons, all in one module named after the document.
  const added = after.course.modules.slice(before.course.modules.length);
  assert.equal(added.length, 1);
  assert.equal(added[0].title, "Handbook");
  const lessonTitles = added[0].lessons.map((id) => after.lessons[id].title);
  assert.deepEqual(lessonTitles, ["Your first week", "Working away from the office"]);
  await palette(page, "Undo");
  await saved(page);
  assert.deepEqual(stored(), before);

  expectHttp(400, "/api/call");
  const locked = path.join(studio.work, "locked.docx");
  fs.writeFileSync(locked, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
  await palette(page, "Import document…");
  await page.getByTestId("import-into").getByLabel(/Word, PowerPoint or Markdown document/).fill(locked);
  await page.getByTestId("import-into").getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText(/password-protected/).first().waitFor();
  assert.deepEqual(stored(), before);
});
