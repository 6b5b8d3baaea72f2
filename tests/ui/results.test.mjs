// Learners' results in the editor, in headless Chromium against the real
// `trellis studio`: a course file that holds results (24 learners' answers
// read in with `trellis results import`) shows each question's figures
// beside it, mastery in the coverage matrix, and a Results view whose
// charts each have a table. The figures are worked out here from the
// answers written.
//
// Run: (cd tests && npm ci && node --test ui/results.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repo, trellisBin, startStudio, launchBrowser, screenshot } from "./harness.mjs";

const QUESTION = "pa-q-define";
// 24 learners: 18 pick the right choice, 6 "spam", nobody "virus".
const PICKS = [...Array(18).fill("deceive"), ...Array(6).fill("spam")];

let work, courseFile, browser, studio, page;

before(async () => {
  const bin = trellisBin();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-ui-results-"));
  courseFile = path.join(work, "phishing.trellis");
  execFileSync(bin, ["import", path.join(repo, "examples", "phishing-awareness"), "-o", courseFile], { cwd: work });
  const lines = PICKS.map((choice, n) => JSON.stringify({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    actor: { mbox: `mailto:learner${n}@example.com` },
    verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
    object: { id: `urn:trellis:course:phishing-awareness:question:${QUESTION}` },
    result: { success: choice === "deceive", response: choice, duration: "PT20S" },
    context: { revision: "1.0", contextActivities: { parent: [{ id: "urn:trellis:course:phishing-awareness" }] } },
    timestamp: `2026-12-01T10:00:${String(n).padStart(2, "0")}Z`,
  })).join("\n");
  fs.writeFileSync(path.join(work, "statements.jsonl"), lines + "\n");
  const out = execFileSync(bin, ["results", "import", courseFile, path.join(work, "statements.jsonl")], { cwd: work, encoding: "utf8" });
  assert.match(out, /24 statements read: 24 new/);
  browser = await launchBrowser();
  studio = await startStudio({ course: courseFile });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(studio.url);
  await page.locator(".shell").waitFor();
});

after(async () => {
  await browser?.close();
  await studio?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the Results view draws each chart with a table of the same figures", async () => {
  await page.getByRole("button", { name: "Results", exact: true }).click();
  const view = page.locator(".results-view");
  await view.getByRole("heading", { name: "Results", level: 2 }).waitFor();
  assert.match(await view.textContent(), /24 learners, 24 statements/);
  const charts = view.getByRole("img");
  assert.equal(await charts.count(), 3);
  assert.equal(await view.locator("table").count(), 3);
  await screenshot(page, "results");
  // At 1440 px the tables fit the centre beside the preview: none runs
  // under the preview or needs the centre to scroll sideways.
  const centre = await page.locator("main.centre").boundingBox();
  const preview = await page.locator(".preview").boundingBox();
  assert.ok(preview && preview.width > 300, "the preview is shown beside the view");
  for (const [i, table] of (await view.locator("table").all()).entries()) {
    const t = await table.boundingBox();
    assert.ok(t.x + t.width <= preview.x, `table ${i + 1} ends at ${t.x + t.width}, the preview starts at ${preview.x}`);
    assert.ok(t.x + t.width <= centre.x + centre.width, `table ${i + 1} ends at ${t.x + t.width}, the centre at ${centre.x + centre.width}`);
  }
  const [scrollWidth, clientWidth] = await page.locator("main.centre").evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(scrollWidth <= clientWidth, `the centre scrolls sideways: ${scrollWidth} px of content in ${clientWidth} px`);
  assert.match(await charts.first().getAttribute("aria-labelledby"), /rq-t rq-d/);
  const row = view.locator(`tr[data-question="${QUESTION}"]`);
  assert.deepEqual((await row.locator("td").allTextContents()).slice(0, 3), ["24", "75 %", "75 %"]);
  assert.match(await row.locator("th").textContent(), /Final assessment/, "the question's lesson under its title");
  assert.match(await row.textContent(), /A distractor nobody picks/);
});

test("a question shows its figures and flags beside it", async () => {
  // From the Results view to the question's place in its lesson.
  await page.locator(`.results-view tr[data-question="${QUESTION}"] button`).click();
  const card = page.locator(`.card[data-block="${QUESTION}"]`);
  await card.waitFor();
  const box = card.getByRole("region", { name: "Learners' results for this question" });
  await box.waitFor();
  assert.equal(await box.locator('[data-figure="learners"]').textContent(), "24");
  assert.equal(await box.locator('[data-figure="facility"]').textContent(), "75 %");
  assert.equal(await box.locator('[data-figure="discrimination"]').textContent(), "—", "one question answered: no rest score");
  const bars = box.getByRole("list", { name: "Choices picked at the first try" }).getByRole("listitem");
  const shares = (await bars.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
  assert.equal(shares.length, 3);
  assert.match(shares[0], /^✓ A message that impersonates.*\(correct\): 75 %$/);
  assert.match(shares[1], /^Any unwanted marketing e-mail: 25 %$/);
  assert.match(shares[2], /: 0 %$/);
  assert.deepEqual(await box.locator("[data-flag]").evaluateAll((els) => els.map((e) => e.getAttribute("data-flag"))), ["unpicked-distractor"]);
  assert.match(await box.locator('[data-flag="unpicked-distractor"]').textContent(), /^A distractor nobody picks: “A virus that spreads between computers on its own”/);
});

test("the coverage matrix shows each objective's mastery", async () => {
  await page.getByRole("button", { name: "Objectives", exact: true }).click();
  await page.getByRole("columnheader", { name: "Mastery" }).waitFor();
  // obj-explain: the learners answered one of its questions; 18 of 24 right.
  assert.match(await page.locator('[data-mastery="obj-explain"]').textContent(), /^75 % of 24$/);
  assert.match(await page.locator('[data-mastery="obj-spot"]').textContent(), /^—$/);
});
