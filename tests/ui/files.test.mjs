// Files the author makes, in browser mode, against the real `trellis studio`
// in headless Chromium: a new course saved under its title without asking
// for a path, a text folder imported the same way, a package published and
// an export made as downloads, and the menu's other items (assets, preview,
// about) run from the command palette, as browser mode has no menu bar.
// Every check reads what was written: the course file with
// `trellis info --format json`, the downloaded zips unpacked.
//
// Run: (cd tests && node --test ui/files.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startStudio, launchBrowser, trellisBin, repo, saved, changes, palette } from "./harness.mjs";

let studio, browser, page, bin;
const EXAMPLE = path.join(repo, "examples", "phishing-awareness");
const EXAMPLE_TITLE = "Phishing awareness for office staff";

/** What `trellis info --format json` says of a course file or folder. */
function info(course) {
  return JSON.parse(execFileSync(bin, ["info", "--format", "json", course], { encoding: "utf8" }));
}

/** Unpacks a downloaded zip into a new folder and returns the folder. */
function unzip(zip, name) {
  const dir = path.join(studio.work, name);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("unzip", ["-q", "-o", zip, "-d", dir]);
  return dir;
}

/** Closes the course (the app holds it locked while open), so that
 *  `trellis info` can read the file. */
async function closeCourse() {
  await palette(page, "Close course");
  await page.locator("#main [data-blueprint]").first().waitFor();
}

/** Opens a course again from the start screen's recent list. */
async function reopen(title) {
  await page.locator(".recent-item", { hasText: title }).first().click();
  await page.locator(".shell").waitFor();
}

/** Runs `action` and saves the download it starts. */
async function downloaded(action, name) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), action()]);
  const to = path.join(studio.work, "downloads", name);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  await download.saveAs(to);
  return { file: to, name: download.suggestedFilename() };
}

before(async () => {
  bin = trellisBin();
  studio = await startStudio();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page.on("pageerror", (e) => console.log("page error:", e.message));
  await page.goto(studio.url);
});

after(async () => {
  await browser?.close();
  await studio?.stop();
});

test("a new course needs only a title: it is saved under that title", async () => {
  await page.locator('[data-blueprint="compliance-training"]').click();
  assert.equal(await page.locator(".new-form input").count(), 1, "only the title is asked for, no path");
  await page.getByLabel("Course title").fill("Fire safety: the basics");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.locator(".shell").waitFor();
  // A file name every file system takes, from the title, in the default folder.
  const file = path.join(studio.work, "Fire safety- the basics.trellis");
  assert.equal(await page.locator(".statusbar .spath").textContent(), file);
  await closeCourse();
  assert.equal(info(file).title, "Fire safety: the basics");

  // The same title again: a second file; the first is left as it was.
  const before = fs.readFileSync(file);
  await page.locator('[data-blueprint="compliance-training"]').click();
  await page.getByLabel("Course title").fill("Fire safety: the basics");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.locator(".shell").waitFor();
  const second = path.join(studio.work, "Fire safety- the basics 2.trellis");
  assert.equal(await page.locator(".statusbar .spath").textContent(), second);
  await closeCourse();
  assert.equal(info(second).title, "Fire safety: the basics");
  assert.ok(fs.readFileSync(file).equals(before), "the first course is untouched");
});

test("import folder: a text-format course becomes a course file named for it", async () => {
  await reopen("Fire safety: the basics");
  await palette(page, "Import folder…");
  const field = page.getByLabel("Folder (course.toml and Markdown)");
  await field.waitFor();
  await page.waitForFunction(() => document.activeElement?.id?.endsWith("-folder"));
  // The studio reads folders only inside the ones the author chose (here
  // the folder new courses go to), so the example is copied there first.
  const copy = path.join(studio.work, "phishing-awareness");
  fs.cpSync(EXAMPLE, copy, { recursive: true });
  await field.fill(copy);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.locator(".shell").waitFor();
  const file = path.join(studio.work, `${EXAMPLE_TITLE}.trellis`);
  assert.equal(await page.locator(".statusbar .spath").textContent(), file);
  await closeCourse();
  const got = info(file);
  const want = info(EXAMPLE);
  assert.equal(got.title, EXAMPLE_TITLE);
  assert.deepEqual(got, want, "the file holds the folder's course");
  await reopen(EXAMPLE_TITLE);
});

test("publish downloads the package: a valid SCORM 2004 zip", async () => {
  await palette(page, "Publish SCORM 2004");
  await page.locator('input[name="target"][value="scorm2004"]').waitFor();
  assert.ok(await page.locator('input[name="target"][value="scorm2004"]').isChecked());
  assert.equal(await page.getByLabel(/save the package/i).count(), 0, "no path on the server is asked for");
  const got = await downloaded(() => page.getByRole("button", { name: "Publish and download" }).click(), "package.zip");
  assert.equal(got.name, `${EXAMPLE_TITLE} - SCORM 2004.zip`);
  const dir = unzip(got.file, "package");
  const manifest = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
  assert.match(manifest, /<manifest[\s>]/);
  assert.match(manifest, /adlcp_v1p3|2004/, "a SCORM 2004 manifest");
  assert.ok(fs.existsSync(path.join(dir, "index.html")), "the course page is in the package");
  // The result offers it again, and names it without a server path.
  await page.getByRole("link", { name: "Download again" }).waitFor();
  assert.equal(await page.locator('[data-testid="published-path"]').textContent(), `“${EXAMPLE_TITLE} - SCORM 2004.zip”`);
});

test("export as text folder downloads the course folder, edits included", async () => {
  // An edit first, so the export is of the course as it is now.
  await page.locator(".t-lesson").first().click();
  const title = page.getByLabel("Lesson title");
  await changes(page, async () => { await title.fill("How phishing works, exported"); await title.blur(); });
  await saved(page);
  const got = await downloaded(() => palette(page, "Export as text folder…"), "export.zip");
  assert.equal(got.name, `${EXAMPLE_TITLE}.zip`);
  const folder = path.join(unzip(got.file, "export"), EXAMPLE_TITLE);
  assert.ok(fs.existsSync(path.join(folder, "course.toml")));
  const back = info(folder);
  assert.equal(back.title, EXAMPLE_TITLE);
  await closeCourse();
  const file = info(path.join(studio.work, `${EXAMPLE_TITLE}.trellis`));
  assert.deepEqual(back, file, "the folder holds the course file's course");
  const lessons = fs.readdirSync(path.join(folder, "lessons")).map((f) => fs.readFileSync(path.join(folder, "lessons", f), "utf8"));
  assert.ok(lessons.some((t) => t.includes("How phishing works, exported")), "the edit is in the exported lesson");
  assert.ok(fs.readdirSync(path.join(folder, "assets")).length > 0, "assets are exported");
  await reopen(EXAMPLE_TITLE);
});

test("the menu's view items: assets, preview (and its shortcut), about", async () => {
  await palette(page, "Show assets");
  await page.getByRole("heading", { name: "Assets", level: 2 }).waitFor();
  await page.locator("tr[data-asset]").first().waitFor();  // listed once the core answers

  const frame = page.locator(".frame-wrap iframe");
  await frame.waitFor();
  await palette(page, "Toggle preview");
  await frame.waitFor({ state: "detached" });
  await palette(page, "Toggle preview");
  await frame.waitFor();
  await page.locator("#editor").focus();
  await page.keyboard.press("Control+Shift+V");
  await frame.waitFor({ state: "detached" });
  await page.keyboard.press("Control+Shift+V");
  await frame.waitFor();

  await palette(page, "About Trellis");
  const about = page.getByRole("dialog", { name: "About Trellis" });
  await about.waitFor();
  const version = /^version = "([^"]+)"/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];
  assert.equal(await about.getByTestId("about-version").textContent(), version);
  assert.match(await about.textContent(), /MIT or Apache-2\.0/);
  await page.keyboard.press("Escape");
  await about.waitFor({ state: "detached" });
});
