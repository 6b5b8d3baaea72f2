// Course settings: "What the LMS shows when a learner passes / fails". In
// real headless Chromium against the real `trellis studio` on a real
// .trellis file: the author picks an option, the choice is stored in the
// course file (read from its SQLite row, and in the text format with
// `trellis export`), shown again after a reload, and the other settings are
// left as they were.
//
// Run: (cd tests && npm ci && node --test ui/reporting-settings.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repo, trellisBin, startStudio, launchBrowser, changes } from "./harness.mjs";

let studio, browser, page, work, file, initial;
const errors = [];

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-reporting-ui-"));
  file = path.join(work, "phishing.trellis");
  execFileSync(trellisBin(), ["import", path.join(repo, "examples", "phishing-awareness"), "-o", file]);
  initial = stored();
  studio = await startStudio({ course: file });
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
});

after(async () => {
  await browser?.close();
  await studio?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The course settings as stored in the course file (its SQLite row; the studio holds the file locked while open). */
function stored() {
  return JSON.parse(execFileSync("sqlite3", ["-readonly", file, "SELECT info FROM course"], { encoding: "utf8" }));
}

const control = () => page.getByLabel("What the LMS shows when a learner passes / fails");

async function openSettings() {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByRole("heading", { name: "Course settings" }).waitFor();
}

test("the reporting choice is stored in the course file and shown again", async () => {
  await page.goto(studio.url);
  await openSettings();
  assert.equal(await control().inputValue(), "passed-failed", "today's behaviour is the default");
  assert.equal(initial.reporting, "passed-failed");
  await changes(page, () => control().selectOption({ label: "Passed / Incomplete" }));
  await changes(page, () => control().selectOption({ label: "Passed / Completed (never failed)" }));

  await page.reload();
  await openSettings();
  assert.equal(await control().inputValue(), "completed-passed", "the stored choice is shown after a reload");
  assert.deepEqual(errors, []);

  // The page goes first, so its event stream is not cut by the studio stopping.
  await page.close();
  await studio.stop();
  assert.deepEqual(stored(), { ...initial, reporting: "completed-passed" }, "only the reporting changed in the course file");
  // ... and the text format carries it.
  const out = path.join(work, "exported");
  execFileSync(trellisBin(), ["export", file, "-o", out]);
  assert.match(fs.readFileSync(path.join(out, "course.toml"), "utf8"), /^reporting = "completed-passed"$/m);
});
