// Blueprint placeholders in the editor, in real headless Chromium against the
// real `trellis studio`: a course made from a blueprint shows each placeholder
// as a design-check error, a click on one reaches its field, replacing the
// text clears the mark in the course file, and publishing for learners is
// refused with the reason shown to the author.
//
// Run: (cd tests && npm ci && node --test ui/placeholders.test.mjs)
// Needs: ui/dist (built when missing), cargo (or TRELLIS_BIN), /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { trellisBin, startStudio, launchBrowser, saved, expectHttp, palette } from "./harness.mjs";

let studio, browser, page, bin, courseFile;

async function api(command) {
  return page.evaluate(async (c) => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify(c) });
    return r.json();
  }, command);
}
const placeholderFindings = async () => (await api({ cmd: "check" })).findings.filter((f) => f.rule === "placeholder-text");
const items = () => page.locator('.findings li[data-rule="placeholder-text"]');

/** Opens the design check and clicks the placeholder finding `f` (findings are listed in report order). */
async function clickFinding(f) {
  await page.getByRole("button", { name: /^Check/ }).click();
  const all = await placeholderFindings();
  await page.waitForFunction((n) => document.querySelectorAll('.findings li[data-rule="placeholder-text"]').length === n, all.length);
  const i = all.findIndex((x) => JSON.stringify(x.location) === JSON.stringify(f.location));
  assert.ok(i >= 0, "the finding is listed");
  assert.equal(await items().nth(i).locator(".msg").textContent(), f.message);
  await items().nth(i).locator("button").click();
}

/** Replaces the text of the focused field, as an author would. */
async function typeOver(text) {
  await page.keyboard.press("Control+a");
  await page.keyboard.type(text);
  await page.keyboard.press("Tab");
  await saved(page);
}

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

test("a course from a blueprint: each placeholder is an error that leads to its field; replacing clears it in the file", async () => {
  await page.locator('[data-blueprint="compliance-training"]').click();
  await page.getByLabel("Course title").fill("Gifts and hospitality");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.locator(".shell").waitFor();
  // Browser mode names the file from the title, in the courses folder.
  courseFile = (await api({ cmd: "snapshot" })).path;
  assert.equal(path.basename(courseFile), "Gifts and hospitality.trellis");

  // Every placeholder is an error in the check, in the author's words.
  const first = await placeholderFindings();
  assert.ok(first.length > 40, `${first.length} placeholders reported`);
  const s = await api({ cmd: "snapshot", full: true });
  const blocks = s.course.modules.flatMap((m) => m.lessons.flatMap((l) => l.blocks));
  const marked = blocks.reduce((n, b) => n + (b.placeholders?.length ?? 0), 0)
    + s.course.objectives.filter((o) => o.placeholder).length + s.course.info.placeholders.length;
  assert.equal(first.length, marked, "one error per placeholder");
  await page.getByRole("button", { name: /^Check/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.findings li[data-rule="placeholder-text"].error').length === n, first.length);
  for (const f of first) {
    assert.equal(f.severity, "error");
    assert.ok(!f.message.includes("placeholder-text"), f.message);
    for (const b of blocks) assert.ok(!f.message.includes(b.id), `no block id in: ${f.message}`);
  }

  // A choice's feedback: the click opens the lesson with that very field focused.
  const choice = first.find((f) => f.location.block && f.location.item && f.location.field === "feedback");
  assert.ok(choice, "a finding on a choice's feedback");
  await clickFinding(choice);
  await page.waitForFunction(({ block, item }) => {
    const el = document.activeElement;
    return el?.getAttribute("data-field") === "feedback" && el.closest("[data-item]")?.getAttribute("data-item") === item
      && el.closest(".card")?.getAttribute("data-block") === block;
  }, choice.location, { timeout: 10000 });
  await typeOver("Right: a gift over £50 goes in the register the same day.");
  let now = await placeholderFindings();
  assert.equal(now.length, first.length - 1);
  assert.ok(!now.some((f) => JSON.stringify(f.location) === JSON.stringify(choice.location)));

  // A course setting: the click opens the settings on the authors field.
  const authors = now.find((f) => f.location.field === "authors");
  await clickFinding(authors);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-field") === "authors", null, { timeout: 10000 });
  await typeOver("Compliance team");
  // An objective: the click opens the objectives on its statement.
  const objective = (await placeholderFindings()).find((f) => f.location.objective);
  await clickFinding(objective);
  await page.waitForFunction((id) => document.activeElement?.getAttribute("data-field") === `objective-${id}`, objective.location.objective, { timeout: 10000 });
  await typeOver("Explain why gifts from suppliers must be recorded.");
  now = await placeholderFindings();
  assert.equal(now.length, first.length - 3);

  // Publishing for learners is refused, saying how many remain and where; nothing is written.
  expectHttp(422, "/api/call"); // the core refuses to publish
  const downloads = [];
  page.on("download", (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole("button", { name: "Publish", exact: true }).first().click();
  await page.locator('input[name="target"][value="scorm12"]').check();
  await page.getByRole("button", { name: "Publish and download" }).click();
  const alert = page.locator(".publish-error[role=alert]");
  await alert.waitFor({ timeout: 30000 });
  const said = await alert.textContent();
  assert.match(said, new RegExp(`still holds ${now.length} placeholders from its blueprint`));
  assert.match(said, /in the course settings/);
  assert.match(said, /in lesson 'Why the rule exists'/);
  assert.match(said, /review build/);
  assert.deepEqual(downloads, [], "no package downloaded");
  const zips = fs.readdirSync(studio.work, { recursive: true }).filter((f) => String(f).endsWith(".zip"));
  assert.deepEqual(zips, [], "no package written");

  // The course file, read back once the editor has let it go: the replaced
  // texts are stored, their marks cleared, every other mark kept.
  // Closed as the author closes it (the command palette), so the editor lets it go too.
  await palette(page, "Close course");
  await page.locator("#main [data-blueprint]").first().waitFor();
  const info = JSON.parse(execFileSync(bin, ["info", "--format", "json", courseFile]).toString());
  assert.equal(info.placeholders, now.length);
  const folder = path.join(studio.work, "exported");
  execFileSync(bin, ["export", courseFile, "-o", folder]);
  const toml = fs.readFileSync(path.join(folder, "course.toml"), "utf8");
  assert.match(toml, /^authors = \["Compliance team"\]$/m);
  assert.match(toml, /^placeholders = \["description"\]$/m);
  assert.match(toml, /statement = "Explain why gifts from suppliers must be recorded."\n(?!placeholder)/);
  const lessonFiles = fs.readdirSync(path.join(folder, "lessons")).map((f) => fs.readFileSync(path.join(folder, "lessons", f), "utf8"));
  const lesson = lessonFiles.find((t) => t.includes(`{id = "${choice.location.block}"`));
  const fence = lesson.split("\n").find((l) => l.includes(`{id = "${choice.location.block}"`));
  assert.match(fence, /placeholder = \[/, "the question keeps its other marks, listed");
  assert.ok(!fence.includes(`"choices.${choice.location.item}.feedback"`), fence);
  assert.ok(fence.includes(`"choices.${choice.location.item}.text"`), fence);
  assert.ok(lesson.includes("Right: a gift over £50 goes in the register the same day."));
});
