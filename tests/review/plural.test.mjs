// Counts in the review layer's messages: one comment is "1 comment", not
// "1 comments" (issue 17, fault 8). A review build from file://, one comment,
// "Send comments": the announcement and the saved file agree.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { ARGS, CHROMIUM, repo, trellisBin } from "../ui/harness.mjs";

let bin, work, browser;

before(async () => {
  bin = trellisBin();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-review-plural-"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("one comment sent is announced as 1 comment", async () => {
  const zip = path.join(work, "review.zip"), site = path.join(work, "site");
  execFileSync(bin, ["publish", path.join(repo, "examples", "phishing-awareness"), "--target", "review", "-o", zip]);
  execFileSync("unzip", ["-q", zip, "-d", site]);
  const context = await browser.newContext({ acceptDownloads: true });
  await context.route(/^https?:/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.join(site, "index.html")).href);
  await page.getByRole("textbox", { name: "Your name" }).fill("Sam Lee");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: /^Comment on this lesson/ }).first().click();
  await page.getByRole("dialog").getByRole("textbox", { name: "Your comment", exact: true }).fill("One remark.");
  await page.getByRole("button", { name: "Save comment" }).click();
  await page.getByRole("button", { name: "Comments (1)" }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Send comments" }).click(),
  ]);
  const saved = path.join(work, download.suggestedFilename());
  await download.saveAs(saved);
  assert.equal(JSON.parse(fs.readFileSync(saved, "utf8")).comments.length, 1);
  const live = page.locator("#t-live");
  await live.filter({ hasText: "saved in the file" }).waitFor();
  assert.match(await live.textContent(), /^1 comment saved in the file /);
  assert.deepEqual(errors, []);
  await context.close();
});
