// Smoke test of the Trellis player in real headless Chromium, driven the
// way a person would: by roles and accessible names.
//
// Renders the demo course (plus a practice lesson) for the web target with
// `cargo run -p trellis-render --example render-site`, serves it on
// 127.0.0.1, and checks navigation, a question with feedback in the live
// region, and resume after a reload (local adapter).
//
// Run: (cd tests/player && npm ci && node --test)
// Set TRELLIS_SITE=DIR to test an already rendered site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".png": "image/png", ".json": "application/json" };

let site, server, base, browser;

function render(target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trellis-${target}-`));
  execFileSync("cargo", ["run", "--quiet", "-p", "trellis-render", "--example", "render-site", "--", dir, target], {
    cwd: repo,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target" },
  });
  return dir;
}

before(async () => {
  site = process.env.TRELLIS_SITE || render("web");
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const file = path.join(site, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open() {
  const context = await browser.newContext();
  // No network here: media on other hosts fails fast instead of hanging.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // What the page's Content-Security-Policy refused, as Chromium reports it.
  const refused = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
  await page.goto(base + "index.html");
  return { context, page, errors, refused };
}

test("the page keeps to its Content-Security-Policy: no inline style but its own, markers placed by the player", async () => {
  const { context, page, errors, refused } = await open();
  await page.locator("body.t-ready").waitFor({ state: "attached" });
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // The inlined player CSS is let in by its hash: its custom properties and rules apply.
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--t-primary").trim()), "#1f5f8b");
  // Hotspot markers are placed from their data through the style object.
  const marks = await page.locator(".t-marker, .t-pop").evaluateAll((ms) => ms.map((m) => [m.dataset.x, m.dataset.y, m.style.left, m.style.top]));
  assert.ok(marks.length >= 2, "the demo course has markers");
  for (const [x, y, left, top] of marks) assert.deepEqual([left, top], [`${x}%`, `${y}%`]);
  assert.deepEqual(refused, [], "nothing of the page itself was refused");
  // The policy is in force: a style attribute slipped into the page does not apply.
  const color = await page.evaluate(() => {
    const p = document.createElement("p");
    p.setAttribute("style", "color: rgb(1, 2, 3)");
    document.body.append(p);
    return getComputedStyle(p).color;
  });
  assert.notEqual(color, "rgb(1, 2, 3)");
  assert.deepEqual(errors, []);
  await context.close();
});

const live = (page) => page.locator("#t-live");

test("navigate, answer, get feedback, resume", async () => {
  const { context, page, errors } = await open();
  const menu = page.getByRole("navigation", { name: "Course menu" });
  await assert.doesNotReject(menu.getByRole("link", { name: /All content/ }).waitFor());
  assert.equal(await menu.getByRole("link", { name: /All content/ }).getAttribute("aria-current"), "page");
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Demo course");

  // Next, by role and name; focus moves to the new lesson's heading.
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { level: 2, name: "A scenario" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "A scenario");
  assert.equal(await menu.getByRole("link", { name: /A scenario/ }).getAttribute("aria-current"), "page");
  assert.match(await menu.getByRole("link", { name: /All content/ }).textContent(), /viewed/);

  // The scenario: a choice shows its consequence.
  await page.getByRole("button", { name: "Refuse and report" }).click();
  await page.getByRole("main").getByText("Ending: Attack stopped").waitFor();
  await assert.doesNotReject(page.getByText("The security team thanks you.").first().waitFor());

  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { level: 2, name: "Practice" }).waitFor();

  // A single-choice question, answered by label; feedback in the live region.
  const q1 = page.getByRole("group", { name: /^Question 1\b/ });
  await q1.getByLabel("Choice 1").check();
  await q1.getByRole("button", { name: "Check answer" }).click();
  await assert.doesNotReject(live(page).filter({ hasText: "Correct." }).waitFor({ timeout: 2000 }));
  assert.match(await live(page).textContent(), /Feedback for choice 1\./);
  assert.equal(await q1.getByText("Correct.").isVisible(), true);

  // A wrong answer, then the hint.
  const q3 = page.getByRole("group", { name: /^Question 3\b/ });
  await q3.getByLabel("False").check();
  await q3.getByRole("button", { name: "Check answer" }).click();
  await live(page).filter({ hasText: "Not quite." }).waitFor({ timeout: 2000 });
  assert.match(await live(page).textContent(), /Try again\./);

  // Ordering by keyboard-operable buttons.
  const q6 = page.getByRole("group", { name: /^Question 6\b/ });
  const before = await q6.getByRole("listitem").allTextContents();
  await q6.getByRole("button", { name: "Up: Step 1" }).click();
  await live(page).filter({ hasText: /Step 1: position \d of 4\./ }).waitFor({ timeout: 2000 });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Up: Step 1");
  assert.notDeepEqual(await q6.getByRole("listitem").allTextContents(), before);

  // Reload: the position and the answer come back, with their feedback.
  await page.reload();
  await page.getByRole("heading", { level: 2, name: "Practice" }).waitFor();
  const again = page.getByRole("group", { name: /^Question 1\b/ });
  assert.equal(await again.getByLabel("Choice 1").isChecked(), true);
  assert.equal(await again.getByText("Correct.").isVisible(), true);
  assert.equal(await page.getByRole("group", { name: /^Question 3\b/ }).getByLabel("False").isChecked(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard alone: tabs with arrow keys, flashcards, menu links", async () => {
  const { context, page, errors } = await open();
  const tab2 = page.getByRole("tab", { name: "Panel 2" });
  await page.getByRole("tab", { name: "Panel 1" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await tab2.getAttribute("aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab");
  assert.equal(await page.getByRole("tabpanel").textContent(), "Body of panel 2.");

  const card = page.getByRole("button", { name: /Card 1/ });
  await card.focus();
  await page.keyboard.press("Enter");
  assert.equal(await card.getAttribute("aria-pressed"), "true");
  assert.match(await card.textContent(), /Back/);

  await page.getByRole("link", { name: /Quiz/ }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 2, name: "Quiz" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Next" }).isDisabled(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("assessment: submit, results, resume shows the same draw", async () => {
  const { context, page, errors } = await open();
  await page.getByRole("link", { name: /Quiz/ }).click();
  const quiz = page.locator("section[data-asmt]");
  // Submitting with nothing answered is refused and says why.
  await page.getByRole("button", { name: "Submit assessment" }).click();
  await live(page).filter({ hasText: "unanswered" }).waitFor({ timeout: 2000 });
  const drawn = await quiz.getByRole("group").evaluateAll((els) => els.map((e) => e.id));
  assert.equal(drawn.length, 5);
  // Resume keeps the draw.
  await page.reload();
  await page.getByRole("heading", { level: 2, name: "Quiz" }).waitFor();
  const again = await quiz.getByRole("group").evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(again, drawn);
  // Answer every drawn question (not necessarily right), submit, see results.
  for (let k = 1; k <= 5; k++) {
    const g = quiz.getByRole("group", { name: new RegExp(`^Question ${k}\\b`) });
    const kind = await g.getAttribute("data-kind");
    if (kind === "single-choice" || kind === "multiple-response") await g.getByLabel("Choice 1").check();
    else if (kind === "true-false") await g.getByLabel("True").check();
    else if (kind === "fill-blank") await g.getByLabel("Your answer").fill("phishing");
    else if (kind === "numeric") await g.getByLabel(/Your answer/).fill("42.5");
    else if (kind === "matching") {
      for (let i = 1; i <= 3; i++) await g.getByLabel(`Term ${i}`).selectOption({ label: `Meaning ${i}` });
    }
  }
  await page.getByRole("button", { name: "Submit assessment" }).click();
  const results = page.getByRole("heading", { level: 3, name: "Your result" });
  await results.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Your result");
  await live(page).filter({ hasText: /You scored \d+%/ }).waitFor({ timeout: 2000 });
  await page.reload();
  await results.waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
