// The reviewer's side of SME review, end to end in Debian Chromium
// (playwright-core) against the real `trellis` binary:
//  - a review build (`trellis publish --target review`) unzipped and opened
//    from file://: name, comments on a block, a choice and the lesson, edit,
//    delete, reload, "Send comments" saves a .trellis-review file that
//    `trellis comments --import` takes; comment text stays text; axe-core
//    finds no serious or critical problem with the review layer open;
//  - `trellis review --lan`: a reviewer in the browser posts to the course
//    file, three simulated reviewers post 100 comments at once and none is
//    lost, and requests without the token or too large are refused.
//
// Run: (cd tests && npm ci && node --test review/)
// Needs: cargo (or TRELLIS_BIN), /usr/bin/chromium, unzip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { ARGS, CHROMIUM, repo, spawnServer, trellisBin } from "../ui/harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const EVIL = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "quotes"`;

let bin, work, browser;
const trellis = (...args) => execFileSync(bin, args, { cwd: work, encoding: "utf8" });

/** A fresh course file imported from the phishing example. */
function course(name) {
  const file = path.join(work, name);
  trellis("import", path.join(repo, "examples", "phishing-awareness"), "-o", file);
  return file;
}

before(async () => {
  bin = trellisBin();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-review-"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** axe on what is shown now: serious and critical violations, one line per node. */
async function axe(page, where) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const out = [];
  for (const v of res.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    for (const n of v.nodes) out.push(`${where}: [${v.impact}] ${v.id}: ${v.help} at ${n.target.join(" ")}`);
  }
  return out;
}

/** Moves the player to the first lesson holding `selector`; returns its section. */
async function lessonWith(page, selector) {
  const index = await page.evaluate((sel) => {
    const el = document.querySelector(`.t-page ${sel}`);
    return el ? +el.closest(".t-page").getAttribute("data-page") : -1;
  }, selector);
  assert.ok(index >= 0, `a lesson holds ${selector}`);
  await page.locator(`.t-menu a[data-page="${index}"]`).click();
  const section = page.locator(`.t-page[data-page="${index}"]`);
  await section.waitFor({ state: "visible" });
  return section;
}

/** Writes a comment in the open comment dialog and saves it. */
async function write(page, text) {
  const box = page.getByRole("dialog").getByRole("textbox", { name: "Your comment", exact: true });
  await box.waitFor();
  await box.fill(text);
  await page.getByRole("button", { name: "Save comment" }).click();
  await page.getByRole("dialog").waitFor({ state: "hidden" });
}

test("a reviewer comments from file://, edits, deletes, reloads and sends a review file", async () => {
  const file = course("file-review.trellis");
  const zip = path.join(work, "review.zip");
  trellis("publish", file, "--target", "review", "-o", zip);
  const site = path.join(work, "review-site");
  execFileSync("unzip", ["-q", zip, "-d", site]);
  const url = pathToFileURL(path.join(site, "index.html")).href;

  const context = await browser.newContext({ acceptDownloads: true });
  // No network at all: everything the page needs is in the folder.
  await context.route(/^https?:/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);

  // The name is asked first, with the keyboard.
  const name = page.getByRole("textbox", { name: "Your name" });
  await name.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "rv-name");
  await page.keyboard.type("Dana Okafor");
  await page.keyboard.press("Enter");
  await page.getByText("Reviewing as Dana Okafor").waitFor();

  // 1. A choice of a question (keyboard: focus the button, press Enter).
  const section = await lessonWith(page, "[data-rv-part=choice]");
  const choice = section.getByRole("button", { name: /^Comment on the choice/ }).first();
  const choiceLabel = await choice.textContent();
  await choice.focus();
  await page.keyboard.press("Enter");
  await write(page, "This choice is ambiguous.");
  // Focus comes back to the button, which now counts the comment.
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Comment.*1 so far/);
  assert.notEqual(choiceLabel, await choice.textContent());

  // 2. The question block as a whole, with the hostile text.
  await section.locator("[data-rv-block] .rv-block button").first().click();
  await write(page, EVIL);
  // 3. The lesson.
  await section.getByRole("button", { name: /^Comment on this lesson/ }).click();
  await write(page, "Too long for one sitting.");
  // 4. One more, to delete.
  await section.getByRole("button", { name: /^Comment on the question/ }).first().click();
  await write(page, "Typo in the prompt.");

  // The panel lists them; comment text is text.
  const panelBtn = page.getByRole("button", { name: "Comments (4)" });
  await panelBtn.click();
  const panel = page.getByRole("region", { name: "Your comments" });
  await panel.waitFor();
  assert.equal(await panel.locator(".rv-item").count(), 4);
  assert.ok(await panel.locator(".rv-text", { hasText: "<script>" }).count() === 1);
  assert.equal(await panel.locator(".rv-text").nth(1).textContent(), EVIL);
  assert.equal(await panel.locator("img, script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // axe with the layer open: the panel, then the comment dialog.
  const found = await axe(page, "panel open");
  await panel.getByRole("button", { name: /^Edit comment: Too long/ }).click();
  found.push(...await axe(page, "comment dialog open"));
  assert.deepEqual(found, [], found.join("\n"));

  // Edit the lesson comment (the dialog is open on it), delete the typo one.
  const box = page.getByRole("dialog").getByRole("textbox", { name: "Your comment", exact: true });
  assert.equal(await box.inputValue(), "Too long for one sitting.");
  await box.fill("Too long for one sitting: split it in two.");
  await page.getByRole("button", { name: "Save comment" }).click();
  await panel.getByRole("button", { name: /^Delete comment: Typo/ }).click();
  await page.getByRole("button", { name: "Comments (3)" }).waitFor();

  // Kept between visits: reload, and the name and the comments are back.
  await page.reload();
  await page.getByText("Reviewing as Dana Okafor").waitFor();
  assert.equal(await page.getByRole("dialog").count(), 0, "no name prompt the second time");
  // For the README: the review build, with a Comment button on each part.
  fs.mkdirSync(path.join(repo, "docs", "screenshots"), { recursive: true });
  await page.screenshot({ path: path.join(repo, "docs", "screenshots", "review-build.png") });
  await page.getByRole("button", { name: "Comments (3)" }).click();
  const texts = await page.locator(".rv-list .rv-text").allTextContents();
  assert.deepEqual(texts, ["This choice is ambiguous.", EVIL, "Too long for one sitting: split it in two."]);

  // Send: a .trellis-review file named after the course and the reviewer.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Send comments" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "Phishing awareness for office staff-Dana Okafor.trellis-review");
  const saved = path.join(work, download.suggestedFilename());
  await download.saveAs(saved);
  const review = JSON.parse(fs.readFileSync(saved, "utf8"));
  assert.equal(review.format, "trellis-review");
  assert.equal(review.format_version, 1);
  assert.equal(review.course.id, "phishing-awareness");
  assert.match(review.course.version, /^[0-9a-f]{16}$/);
  assert.equal(review.reviewer.name, "Dana Okafor");
  assert.equal(review.comments.length, 3);
  const [onChoice, onBlock, onLesson] = review.comments;
  assert.equal(onChoice.target.part, "choice");
  assert.ok(onChoice.target.item && onChoice.target.block && onChoice.target.lesson);
  assert.match(onChoice.block_version, /^[0-9a-f]{16}$/);
  assert.ok(onChoice.quote.length > 0 && onChoice.quote.length <= 4000);
  assert.equal(onBlock.target.part, undefined);
  assert.equal(onBlock.text, EVIL);
  assert.deepEqual(Object.keys(onLesson.target), ["lesson"]);
  assert.equal(onLesson.block_version, undefined);
  for (const c of review.comments) {
    assert.match(c.id, /^c-[a-z2-9]{16}$/);
    assert.match(c.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  // Sent comments can no longer be edited or deleted.
  await page.getByText(/^Sent /).first().waitFor();
  assert.equal(await page.locator(".rv-list [data-rv-act=edit], .rv-list [data-rv-act=delete]").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();

  // The author imports it: every comment at its place, still current.
  trellis("comments", file, "--import", saved);
  const listed = JSON.parse(trellis("comments", file, "--format", "json"));
  assert.equal(listed.comments.length, 3);
  const byId = Object.fromEntries(listed.comments.map((c) => [c.id, c]));
  assert.equal(byId[onBlock.id].text, EVIL);
  assert.equal(byId[onChoice.id].reviewer, "Dana Okafor");
  assert.deepEqual(byId[onChoice.id].target, onChoice.target);
  assert.equal(byId[onChoice.id].anchor, "current");
  // Importing the same file again adds nothing.
  trellis("comments", file, "--import", saved);
  assert.equal(JSON.parse(trellis("comments", file, "--format", "json")).comments.length, 3);
});

/** Starts `trellis review` on a free port; resolves with the printed address. */
async function startReview(file, extra = []) {
  const server = await spawnServer(bin, ["review", file, "--port", "0", ...extra], { cwd: work, name: "trellis review" });
  const link = server.url;
  const base = link.replace(/#.*$/, "");
  const token = (/#token=([0-9a-f]+)/.exec(link) || [])[1];
  return { link, base, token, child: server.child, stop: server.stop };
}

function reviewDoc(reviewer, comments) {
  return {
    format: "trellis-review", format_version: 1,
    course: { id: "phishing-awareness", title: "Phishing awareness for office staff", version: "0000000000000000" },
    reviewer: { name: reviewer }, sent: new Date().toISOString(), comments,
  };
}

test("trellis review --lan: a browser reviewer, 100 concurrent posts, the token and the size limit", async () => {
  const file = course("served.trellis");
  const server = await startReview(file, ["--lan"]);
  try {
    assert.match(server.token, /^[0-9a-f]{32}$/);
    const auth = { Authorization: `Bearer ${server.token}` };

    // A reviewer in the browser: the address with the token opens the course,
    // and each saved comment is in the course file at once.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.link);
    await page.getByRole("textbox", { name: "Your name" }).fill("Lee Park");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForFunction(() => document.body.classList.contains("rv-server"));
    const section = await lessonWith(page, "[data-rv-part=choice]");
    await section.getByRole("button", { name: /^Comment on this lesson/ }).click();
    await write(page, "Posted straight to the author.");
    await page.locator("#t-live", { hasText: "sent to the author" }).waitFor();
    let count = await (await fetch(`${server.base}api/comments`, { headers: auth })).json();
    assert.equal(count.count, 1);
    await page.getByRole("button", { name: "Comments (1)" }).click();
    await page.getByText(/^Sent /).waitFor();
    assert.equal(await page.locator(".rv-list [data-rv-act=edit]").count(), 0, "a posted comment is the author's");
    assert.deepEqual(errors, []);
    await context.close();

    // Three reviewers, 100 comments, all posted at once.
    const posts = [];
    for (let i = 0; i < 100; i++) {
      const reviewer = ["Ana", "Ben", "Chen"][i % 3];
      const doc = reviewDoc(reviewer, [{
        id: `c-load${String(i).padStart(3, "0")}`,
        target: { lesson: "warning-signs" },
        text: `Comment ${i} from ${reviewer}`,
        quote: "Warning signs",
        created: new Date(Date.UTC(2026, 10, 28, 12, 0, i % 60)).toISOString(),
      }]);
      posts.push(fetch(`${server.base}api/comments`, {
        method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(doc),
      }).then(async (r) => ({ status: r.status, body: await r.json() })));
    }
    const replies = await Promise.all(posts);
    assert.deepEqual(replies.filter((r) => r.status !== 200 || r.body.added !== 1), []);
    count = await (await fetch(`${server.base}api/comments`, { headers: auth })).json();
    assert.equal(count.count, 101);

    // Refused: no token, a wrong token, a body over the limit.
    const doc = JSON.stringify(reviewDoc("Eve", [{ id: "c-eve", target: { lesson: "warning-signs" }, text: "x", created: "2026-11-28T12:00:00Z" }]));
    const none = await fetch(`${server.base}api/comments`, { method: "POST", headers: { "Content-Type": "application/json" }, body: doc });
    assert.equal(none.status, 401);
    assert.equal((await none.json()).code, "forbidden");
    const wrong = await fetch(`${server.base}api/comments`, {
      method: "POST", headers: { Authorization: "Bearer 00000000000000000000000000000000", "Content-Type": "application/json" }, body: doc,
    });
    assert.equal(wrong.status, 401);
    const page401 = await fetch(server.base);
    assert.equal(page401.status, 401);
    assert.ok(!(await page401.text()).includes("trellis-data"), "no course without the token");
    // Over the limit: the server answers 413 from the declared length
    // without reading the body, so the client may see its answer or, still
    // writing, the connection closed under it. Either way nothing is stored.
    const big = await fetch(`${server.base}api/comments`, {
      method: "POST", headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify(reviewDoc("Big", [{ id: "c-big", target: { lesson: "warning-signs" }, text: "y".repeat(5 * 1024 * 1024), created: "2026-11-28T12:00:00Z" }])),
    }).then(async (r) => ({ status: r.status, body: await r.json() }), (e) => ({ error: e.cause?.code || e.message }));
    if (big.error) assert.match(big.error, /EPIPE|ECONNRESET|other side closed/);
    else { assert.equal(big.status, 413); assert.match(big.body.message, /at most 4 MiB/); }
    const bad = await fetch(`${server.base}api/comments`, {
      method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: '{"format": "trellis-review"',
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).code, "bad_input");
  } finally {
    await server.stop();
  }
  // Every comment is in the course file.
  const listed = JSON.parse(trellis("comments", file, "--format", "json"));
  assert.equal(listed.comments.length, 101);
  assert.equal(listed.comments.filter((c) => c.text.startsWith("Comment ")).length, 100);
  assert.deepEqual(new Set(listed.comments.map((c) => c.reviewer)), new Set(["Lee Park", "Ana", "Ben", "Chen"]));
});
