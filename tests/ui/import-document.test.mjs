// Importing a document from the start screen, in browser mode, against the
// real `trellis studio` in headless Chromium: a Word storyboard made by
// LibreOffice becomes a course file named after its title, the editor shows
// the import's report in the author's words, and the course file holds the
// modules, pictures and review comments (read back with `trellis info` and
// `trellis comments`, not from the page). A password-protected file gets a
// clear message and no file.
//
// Run: (cd tests && node --test ui/import-document.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startStudio, launchBrowser, trellisBin, repo, palette, expectHttp } from "./harness.mjs";

let studio, browser, page, bin;
const FIXTURES = path.join(repo, "crates", "trellis-import", "tests", "fixtures");

before(async () => {
  bin = trellisBin();
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

test("a Word storyboard becomes a course file, and the report says what was not brought over", async () => {
  // The studio reads only inside the folders it was given, as an author's
  // documents would be; the fixture is copied into its working folder.
  const storyboard = path.join(studio.work, "storyboard.docx");
  fs.copyFileSync(path.join(FIXTURES, "storyboard.docx"), storyboard);
  await page.locator('#main input[id$="-document"]').fill(storyboard);
  await page.getByRole("button", { name: "Import document" }).click();
  await page.locator(".shell").waitFor();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  assert.match(await report.getByRole("heading").first().textContent(), /Imported from Word/);
  const skipped = await page.getByTestId("import-skipped").textContent();
  assert.match(skipped, /paragraph 39: the style “Narrator script” means nothing to Trellis/);
  assert.doesNotMatch(skipped, /docPr|w:p|xml/i, "the author's words, no markup");
  await report.getByRole("button", { name: "Close" }).click();
  assert.equal(await page.getByTestId("import-report").count(), 0);

  // What the file holds, read back without the editor.
  await palette(page, "Close course");
  await page.locator("#main [data-blueprint]").first().waitFor();
  const file = path.join(studio.work, "Phishing awareness.trellis");
  const info = JSON.parse(execFileSync(bin, ["info", "--format", "json", file], { encoding: "utf8" }));
  assert.equal(info.title, "Phishing awareness");
  assert.equal(info.modules, 3);
  assert.equal(info.assets, 3);
  const comments = execFileSync(bin, ["comments", file], { encoding: "utf8" });
  assert.match(comments, /Can we add a real example from last year here\?/);
});

test("a password-protected document is refused with a clear message and no file", async () => {
  expectHttp(400, "/api/call");
  const locked = path.join(studio.work, "locked.docx");
  fs.writeFileSync(locked, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
  const before = fs.readdirSync(studio.work).filter((f) => f.endsWith(".trellis")).sort();
  await page.locator('#main input[id$="-document"]').fill(locked);
  await page.getByRole("button", { name: "Import document" }).click();
  await page.getByText(/password-protected/).first().waitFor();
  assert.equal(await page.locator(".shell").count(), 0, "still on the start screen");
  const after = fs.readdirSync(studio.work).filter((f) => f.endsWith(".trellis")).sort();
  assert.deepEqual(after, before);
});
