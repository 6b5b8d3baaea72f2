// The job aid in the editor: the Job aid view (the aid as it will print,
// its page count, the phone page's address, in each of the course's
// languages), the "In the job aid" choice of a block and of a whole
// lesson, the preview's links to the aid, and publishing the aid from the
// Publish panel. In real headless Chromium against the real `trellis studio` on a
// real .trellis file; every choice is read back from the course file's
// SQLite rows (read by sqlite3 from a copy: the studio holds the file locked),
// undone, and read back again.
//
// Run: (cd tests && npm ci && node --test ui/job-aid.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repo, trellisBin, startStudio, launchBrowser, changes, palette, screenshot } from "./harness.mjs";
import { withCopy, readCourseFile } from "./course-file.mjs";

let studio, browser, page, work, file;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-job-aid-ui-"));
  file = path.join(work, "forklift.trellis");
  execFileSync(trellisBin(), ["import", path.join(repo, "examples", "safe-forklift-operation"), "-o", file]);
  studio = await startStudio({ course: file });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })).newPage();
  await page.goto(studio.url);
  await page.locator(".statusbar").waitFor();
});

after(async () => {
  await browser?.close();
  await studio?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** `query`'s rows from the course file as it is on disk now (a copy: the studio holds the file locked). */
function sql(query) {
  return withCopy(file, (copy) => execFileSync("sqlite3", ["-json", copy, query], { encoding: "utf8" }).trim());
}
/** A block's job-aid mark as the course file holds it: 1, 0 or null. */
function blockMark(id) {
  return JSON.parse(sql(`SELECT job_aid FROM blocks WHERE id = '${id}'`))[0].job_aid;
}
/** A lesson's settings as the course file holds them. */
function lessonSettings(id) {
  return JSON.parse(JSON.parse(sql(`SELECT settings FROM lessons WHERE id = '${id}'`))[0].settings);
}
function courseInfo() {
  return JSON.parse(JSON.parse(sql("SELECT info FROM course"))[0].info);
}
const undo = () => changes(page, () => page.getByRole("button", { name: /^Undo/ }).click());

test("a block's choice is stored in the course file, and undone", async () => {
  await palette(page, "Go to lesson: Pick up, travel and set down");
  const rules = page.locator('[data-block="lt-rules"]').getByLabel("In the job aid");
  const overview = page.locator('[data-block="lt-overview"]').getByLabel("In the job aid");
  assert.equal(await rules.inputValue(), "out", "the example leaves the rules out");
  assert.equal(blockMark("lt-rules"), 0);
  // A block filling the Steps slot is in by default; the overview is not.
  assert.match(await page.locator('[data-block="lt-steps"]').getByLabel("In the job aid").locator("option:checked").innerText(), /^Yes.*automatic/);
  assert.match(await overview.locator("option:checked").innerText(), /^No \(automatic\)/);
  // A divider can never go in: no choice is offered.
  assert.equal(await page.locator('[data-block="lt-divider"]').getByLabel("In the job aid").count(), 0);

  await changes(page, () => rules.selectOption({ label: "Yes, always" }));
  assert.equal(blockMark("lt-rules"), 1, "in: stored as 1");
  await changes(page, () => overview.selectOption({ label: "No, leave it out" }));
  assert.equal(blockMark("lt-overview"), 0, "left out: stored as 0");
  await changes(page, () => overview.selectOption({ index: 0 }));
  assert.equal(blockMark("lt-overview"), null, "automatic: stored as NULL");

  await undo();
  assert.equal(blockMark("lt-overview"), 0);
  await undo();
  assert.equal(blockMark("lt-overview"), null);
  await undo();
  assert.equal(blockMark("lt-rules"), 0, "undone: the rules are left out again");
  await page.locator('[data-block="lt-rules"]').waitFor();
  assert.equal(await page.locator('[data-block="lt-rules"]').getByLabel("In the job aid").inputValue(), "out");
});

test("a whole lesson goes in, the mark survives a template change, and is undone", async () => {
  await palette(page, "Go to lesson: Reading a capacity chart");
  const whole = page.getByLabel("Put this whole lesson in the job aid");
  assert.equal(await whole.isChecked(), false);
  assert.equal(lessonSettings("capacity-chart").job_aid, undefined);
  await changes(page, () => whole.check());
  assert.equal(lessonSettings("capacity-chart").job_aid, true);
  // Every block of the lesson is now in unless left out one by one.
  const overview = page.locator(".card").first().getByLabel("In the job aid");
  assert.match(await overview.locator("option:checked").innerText(), /whole lesson/);
  // Changing the template keeps the lesson in the job aid.
  await changes(page, () => page.getByLabel("Template", { exact: true }).selectOption({ label: "Concept" }));
  assert.equal(lessonSettings("capacity-chart").job_aid, true, "the template change kept the mark");
  await undo();
  assert.equal(lessonSettings("capacity-chart").template, "procedure");
  await undo();
  assert.equal(lessonSettings("capacity-chart").job_aid, undefined, "undone");
  assert.equal(await page.getByLabel("Put this whole lesson in the job aid").isChecked(), false);
});

test("the Job aid view shows the aid as it will print and stores the phone page's address", async () => {
  await page.getByRole("button", { name: "Job aid", exact: true }).click();
  const view = page.locator("section.job-aid");
  await view.getByRole("heading", { name: "Job aid", level: 2 }).waitFor();
  const frame = page.frameLocator('iframe[title="The job aid as it will print"]');
  await frame.getByRole("heading", { name: "Pick up, travel and set down" }).waitFor();
  const pages = Number(await view.locator("[data-pages]").getAttribute("data-pages"));
  assert.ok(pages >= 1 && pages <= 2, `the example's aid fits on one or two pages (${pages})`);
  await screenshot(page, "job-aid-view");

  const address = view.getByLabel("Phone page address (the QR code opens it)");
  assert.equal(await address.inputValue(), "https://training.example.com/aids/forklift");
  await changes(page, async () => {
    await address.fill("https://intranet.example.org/forklift-aid");
    await address.press("Tab");
  });
  assert.equal(courseInfo().job_aid_url, "https://intranet.example.org/forklift-aid");
  const date = view.getByLabel("Version date (YYYY-MM-DD)");
  await changes(page, async () => {
    await date.fill("2026-12-01");
    await date.press("Tab");
  });
  assert.equal(courseInfo().version_date, "2026-12-01");
  // The printed view follows: the new date is in it.
  await frame.getByText(/2026-12-01/).first().waitFor();
});

test("the Publish panel publishes the job aid and says its length", async () => {
  await palette(page, "Show job aid");
  await page.getByRole("button", { name: "Publish the job aid…" }).click();
  const panel = page.locator("section.publish");
  assert.equal(await panel.getByLabel("Job aid (PDF and phone page)").isChecked(), true);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Publish and download" }).click();
  const saved = path.join(work, "downloaded-aid.zip");
  await (await download).saveAs(saved);
  const pages = Number(await panel.locator("li[data-pages]").getAttribute("data-pages"));
  const listing = execFileSync("unzip", ["-Z1", saved], { encoding: "utf8" }).trim().split("\n").sort();
  assert.deepEqual(listing, ["index.html", "job-aid-a4.pdf", "job-aid-letter.pdf", "qr-code.png", "qr-code.svg"]);
  const out = path.join(work, "aid");
  execFileSync("unzip", ["-q", saved, "-d", out]);
  const info = execFileSync("pdfinfo", [path.join(out, "job-aid-a4.pdf")], { encoding: "utf8" });
  assert.equal(Number(/^Pages:\s+(\d+)/m.exec(info)[1]), pages, "the panel's page count is the PDF's");
  const text = execFileSync("pdftotext", ["-layout", path.join(out, "job-aid-a4.pdf"), "-"], { encoding: "utf8" });
  assert.match(text, /2026-12-01/, "the version date set in the view is printed");
  const qr = execFileSync("zbarimg", ["--raw", "-q", path.join(out, "qr-code.png")], { encoding: "utf8" }).trim();
  assert.equal(qr, "https://intranet.example.org/forklift-aid", "the QR code opens the address set in the view");
  assert.equal(await panel.locator(".warning").count(), 0, "no warning for a short aid");
});

test("the preview's last lesson opens the job aid the editor makes", async () => {
  await palette(page, "Go to lesson: Final assessment");
  const frame = page.frameLocator(".frame-wrap iframe");
  const aid = frame.locator("#lesson-forklift-assessment .t-job-aid");
  await aid.getByRole("heading", { name: "Job aid" }).waitFor({ timeout: 15000 });
  const links = aid.getByRole("link");
  assert.deepEqual(await links.allInnerTexts(), [
    "Open the job aid (web page for phones, opens in a new tab)",
    "Download the job aid (PDF, A4 paper)",
    "Download the job aid (PDF, US Letter paper)",
  ]);
  // The PDFs, made on the spot from the course as it is now: the version
  // date set in the Job aid view is printed.
  for (const [i, size] of [[1, "595.276 x 841.89"], [2, "612 x 792"]]) {
    const download = page.waitForEvent("download");
    await links.nth(i).click();
    const pdf = path.join(work, `preview-${i}.pdf`);
    await (await download).saveAs(pdf);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.match(info, new RegExp(`Page size:\\s+${size} pts`), info);
    assert.match(execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }), /2026-12-01/);
  }
  // The QR code to the address set in the view.
  assert.equal(await aid.getByRole("img").getAttribute("alt"), "QR code that opens this job aid at https://intranet.example.org/forklift-aid");
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await aid.getByRole("img").elementHandle());
  // The phone page in a new tab, its Print button working under its own policy.
  const popup = page.context().waitForEvent("page");
  await links.nth(0).click();
  const phone = await popup;
  await phone.waitForLoadState();
  assert.match(phone.url(), /\/preview\/job-aid\/index\.html$/);
  assert.equal(await phone.locator("h1").innerText(), "Safe forklift operation: counterbalanced trucks");
  await phone.getByRole("button", { name: "Print" }).waitFor();
  await phone.close();
});

test("the Job aid view shows a translation's aid, as the course file holds it", async () => {
  // A French translation of one lesson's title in the aid, typed in the
  // Languages view.
  await page.getByRole("navigation", { name: "Course views" }).getByRole("button", { name: "Languages" }).click();
  const languages = page.locator("section.languages");
  await languages.getByLabel("Add a language").fill("fr");
  await languages.getByRole("button", { name: "Add" }).click();
  const unit = languages.locator('[data-unit="truck-anatomy.title"]');
  await unit.getByRole("textbox").fill("Les éléments d’un chariot à contrepoids");
  await page.keyboard.press("Tab");
  await languages.locator('tr[data-language="fr"]').waitFor();

  await palette(page, "Show job aid");
  const view = page.locator("section.job-aid");
  const choice = view.getByRole("combobox", { name: "Show the job aid in" });
  assert.equal(await choice.inputValue(), "en-GB", "the course's own language first");
  const frame = page.frameLocator('iframe[title="The job aid as it will print"]');
  const english = await frame.locator("h2").allInnerTexts();
  await choice.selectOption({ label: "Français (fr)" });
  await frame.locator('html[lang="fr"]').waitFor();
  const shown = await frame.locator("h2").allInnerTexts();

  // What the course file holds: each section's title in French where it
  // is translated, the original's where it is not.
  const bin = trellisBin();
  const stored = readCourseFile(bin, file);
  const fr = stored.translations.fr;
  assert.equal(fr["truck-anatomy.title"].text, "Les éléments d’un chariot à contrepoids");
  const expected = english.map((title) => {
    const lesson = Object.values(stored.lessons).find((l) => l.title === title);
    return fr[`${lesson.id}.title`]?.text ?? title;
  });
  assert.deepEqual(shown, expected);
  assert.ok(shown.includes("Les éléments d’un chariot à contrepoids"), shown.join(" | "));
  // The aid's own words in French.
  assert.equal(await frame.locator("h4").first().innerText(), "Décision 1");
  await view.locator("[data-pages]").waitFor();
  // Back to the course's own language.
  await choice.selectOption("en-GB");
  await frame.locator('html[lang="en-GB"]').waitFor();
  assert.deepEqual(await frame.locator("h2").allInnerTexts(), english);
});

test("a job aid past two pages is warned about in the view and the Publish panel", async () => {
  // Every lesson in whole: the aid grows past two pages.
  const lessons = JSON.parse(sql("SELECT id FROM lessons")).map((r) => r.id);
  for (const id of lessons) {
    const title = lessonSettings(id).title;
    await palette(page, `Go to lesson: ${title}`);
    const whole = page.getByLabel("Put this whole lesson in the job aid");
    if (!(await whole.isChecked())) await changes(page, () => whole.check());
  }
  await palette(page, "Show job aid");
  const view = page.locator("section.job-aid");
  await view.locator("[data-pages]").waitFor();
  await page.waitForFunction(() => Number(document.querySelector("section.job-aid [data-pages]")?.dataset.pages) > 2);
  await view.getByText(/The job aid runs to \d+ pages/).waitFor();
  await page.getByRole("button", { name: /errors · .* warnings/ }).click();
  await page.getByText(/The job aid runs to \d+ pages\. It is meant to be kept at hand/).first().waitFor();
  await palette(page, "Publish Job aid");
  const panel = page.locator("section.publish");
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Publish and download" }).click();
  await download;
  await panel.getByText(/The job aid runs to \d+ pages/).waitFor();
});
