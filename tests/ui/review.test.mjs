// The author's side of SME review in the editor, in headless Chromium
// against the real `trellis studio` (no mocks). The review files come from
// the real reviewer flow: a review build (`trellis publish --target review`)
// opened from file://, where "Dana Okafor" and then "Sam Reyes" comment and
// press "Send comments". The author then imports them (file input, and a
// drop on the window), finds each comment at its place (a block, a choice,
// the lesson), reimports, edits and deletes commented blocks, replies,
// resolves, reopens and filters; comment text stays text; axe-core finds no
// serious or critical problem.
//
// Run: (cd tests && npm ci && node --test ui/review.test.mjs)
// Needs: cargo (or TRELLIS_BIN), ui/dist (built when missing), /usr/bin/chromium, unzip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { repo, trellisBin, startStudio, launchBrowser, screenshot, saved, changes, expectConsole, expectHttp } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const EVIL = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "quotes"`;
const LESSON = "warning-signs";

let bin, work, courseFile, browser, studio, page;
/** The review files the reviewers sent, and what each comment was made on. */
const sent = {};

/** Calls the app API from the page (same origin, same session). */
async function api(command) {
  return page.evaluate(async (c) => {
    const r = await fetch("/api/call", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("trellis-token")}` }, body: JSON.stringify(c) });
    return r.json();
  }, command);
}
const listed = async () => (await api({ cmd: "comments" })).comments;

/** axe on what is shown now, within `include` (the parts this suite is
 *  about): serious and critical violations, one line per node. */
async function axe(where, include) {
  // Evaluated rather than added as a script tag: the editor's CSP allows no inline script.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(fs.readFileSync(AXE, "utf8"));
  const res = await page.evaluate((include) => window.axe.run({ include }, { resultTypes: ["violations"] }), include);
  const out = [];
  for (const v of res.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    for (const n of v.nodes) out.push(`${where}: [${v.impact}] ${v.id}: ${v.help} at ${n.target.join(" ")}`);
  }
  return out;
}

// ---- The reviewer's side (the real review build, from file://) ----

/** Moves the review build to the lesson holding `selector`; returns its section. */
async function lessonWith(rpage, selector) {
  const index = await rpage.evaluate((sel) => {
    const el = document.querySelector(`.t-page ${sel}`);
    return el ? +el.closest(".t-page").getAttribute("data-page") : -1;
  }, selector);
  assert.ok(index >= 0, `a lesson holds ${selector}`);
  await rpage.locator(`.t-menu a[data-page="${index}"]`).click();
  const section = rpage.locator(`.t-page[data-page="${index}"]`);
  await section.waitFor({ state: "visible" });
  return section;
}

/** Opens a comment dialog with `button`, writes `text` and saves. */
async function comment(rpage, button, text) {
  await button.click();
  const box = rpage.getByRole("dialog").getByRole("textbox", { name: "Your comment", exact: true });
  await box.waitFor();
  await box.fill(text);
  await rpage.getByRole("button", { name: "Save comment" }).click();
  await rpage.getByRole("dialog").waitFor({ state: "hidden" });
}

/** Presses "Send comments" and keeps the review file it saves. */
async function send(rpage) {
  const [download] = await Promise.all([
    rpage.waitForEvent("download"),
    rpage.getByRole("button", { name: "Send comments" }).click(),
  ]);
  const file = path.join(work, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function reviewerFlow() {
  const zip = path.join(work, "review.zip");
  execFileSync(bin, ["publish", courseFile, "--target", "review", "-o", zip], { cwd: work });
  const site = path.join(work, "review-site");
  execFileSync("unzip", ["-q", zip, "-d", site]);
  const context = await browser.newContext({ acceptDownloads: true });
  // A page opened from disk cannot load its caption files (file: URLs are
  // each their own origin in Chromium): a known limit of review builds.
  expectConsole(/Unsafe attempt to load URL file:.*\.vtt/);
  const rpage = await context.newPage();
  await rpage.goto(pathToFileURL(path.join(site, "index.html")).href);
  await rpage.getByRole("textbox", { name: "Your name" }).fill("Dana Okafor");
  await rpage.keyboard.press("Enter");
  await rpage.getByText("Reviewing as Dana Okafor").waitFor();

  // Dana: a choice of a question, the question as a whole (hostile text),
  // a text block the author will edit, one the author will delete, and the lesson.
  const section = await lessonWith(rpage, '[data-rv-block="ws-q-signs"]');
  const question = section.locator('[data-rv-block="ws-q-signs"]');
  await comment(rpage, question.getByRole("button", { name: /^Comment on the choice/ }).first(), "This choice reads as a trick question.");
  await comment(rpage, question.locator(".rv-block button").first(), EVIL);
  await comment(rpage, section.locator('[data-rv-block="ws-example"] .rv-block button').first(), "The example e-mail needs a date.");
  await comment(rpage, section.locator('[data-rv-block="ws-objective"] .rv-block button').first(), "Say which signs, not just that there are some.");
  await comment(rpage, section.getByRole("button", { name: /^Comment on this lesson/ }), "Ten minutes is too short for this lesson.");
  sent.dana = await send(rpage);

  // Sam, in the same browser later: another name, another lesson.
  await rpage.getByRole("button", { name: "Change name" }).click();
  const name = rpage.getByRole("textbox", { name: "Your name" });
  await name.fill("Sam Reyes");
  await rpage.keyboard.press("Enter");
  await rpage.getByText("Reviewing as Sam Reyes").waitFor();
  const other = await lessonWith(rpage, '[data-rv-block="wip-explanation"]');
  await comment(rpage, other.locator('[data-rv-block="wip-explanation"] .rv-block button').first(), "Add a line on QR codes.");
  await comment(rpage, other.getByRole("button", { name: /^Comment on this lesson/ }), "Good pace.");
  sent.sam = await send(rpage);
  await context.close();
}

before(async () => {
  bin = trellisBin();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-ui-review-"));
  courseFile = path.join(work, "phishing.trellis");
  execFileSync(bin, ["import", path.join(repo, "examples", "phishing-awareness"), "-o", courseFile], { cwd: work });
  browser = await launchBrowser();
  await reviewerFlow();
  studio = await startStudio({ course: courseFile });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (e) => console.log("page error:", e.message));
  await page.goto(studio.url);
  await page.locator(".shell").waitFor();
});

after(async () => {
  await browser?.close();
  await studio?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// ---- The author's side ----

const reviewNav = () => page.locator(".views").getByRole("button", { name: /^Review/ });
const view = () => page.locator("section.review");
const byText = (text) => page.locator(".rc", { has: page.locator(".rc-text", { hasText: text }) });
const card = (id) => page.locator(`#card-${id}`);
/** Text with its white space collapsed (the view joins lines wrapped in a quote). */
const flat = (t) => t.replace(/\s+/g, " ").trim();

async function openReview() {
  await reviewNav().click();
  await view().waitFor();
}

test("the review files came from the real reviewer flow", () => {
  const dana = JSON.parse(fs.readFileSync(sent.dana, "utf8"));
  const sam = JSON.parse(fs.readFileSync(sent.sam, "utf8"));
  assert.equal(dana.reviewer.name, "Dana Okafor");
  assert.equal(dana.comments.length, 5);
  assert.equal(sam.reviewer.name, "Sam Reyes");
  assert.equal(sam.comments.length, 2, "the second send holds only the new comments");
  assert.equal(dana.comments[0].target.part, "choice");
});

test("import with the file input: each comment at its place", async () => {
  await openReview();
  await page.getByText("No review comments yet.").waitFor();
  await view().locator('input[type="file"]').setInputFiles(sent.dana);
  await view().locator(".rv-results li", { hasText: "Added 5 comments from Dana Okafor" }).waitFor();
  await page.locator(".notice", { hasText: "Added 5 comments from Dana Okafor." }).waitFor();
  assert.equal(await view().locator(".rv-list .rc").count(), 5);
  assert.match(await reviewNav().textContent(), /5.*5 open comments/);

  // Who, when, where.
  const choice = byText("This choice reads as a trick question.");
  assert.equal(await choice.locator(".rc-who").textContent(), "Dana Okafor");
  assert.match(await choice.locator("time").getAttribute("datetime"), /^\d{4}-\d\d-\d\dT/);
  const [onChoice] = JSON.parse(fs.readFileSync(sent.dana, "utf8")).comments;
  assert.match(await choice.locator(".rc-place").textContent(), /^Go to The warning signs in an e-mail › Question · .+ › choice “.+”$/);
  assert.equal(flat(await choice.locator(".rc-quote blockquote").textContent()), flat(onChoice.quote));
  const lessonComment = byText("Ten minutes is too short");
  assert.match(await lessonComment.locator(".rc-place").textContent(), /^Go to [^›]+$/, "a lesson comment names only the lesson");

  // The hostile comment is text, everywhere.
  assert.equal(await byText("window.__pwned").locator(".rc-text").textContent(), EVIL);
  assert.equal(await page.locator(".rc img, .rc script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // "Go to" the choice: the lesson opens on the question, the choice's field
  // has the focus, and the comments pinned to the block are unfolded.
  await choice.getByRole("button", { name: /^Go to/ }).click();
  await card("ws-q-signs").waitFor();
  await page.waitForFunction((item) => document.activeElement?.closest("[data-item]")?.getAttribute("data-item") === item, onChoice.target.item);
  const pinned = card("ws-q-signs").locator(".bc");
  assert.equal(await pinned.getByRole("button", { name: /comments on this block/ }).getAttribute("aria-expanded"), "true");
  assert.equal(await pinned.locator(".rc").count(), 2);
  assert.match(await pinned.locator(".rc", { hasText: "trick question" }).locator(".rc-place").textContent(), /^On the choice “.+”$/);
  assert.equal(await pinned.locator(".rc-text").nth(1).textContent(), EVIL);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The text blocks show one comment each, folded; the lesson header its own.
  const example = card("ws-example").getByRole("button", { name: "1 comment on this block" });
  assert.equal(await example.getAttribute("aria-expanded"), "false");
  await example.click();
  await card("ws-example").locator(".rc-text", { hasText: "needs a date" }).waitFor();
  const header = page.locator(".lesson-head .bc");
  assert.equal((await header.getByRole("button").first().textContent()).trim().replace(/\s+/g, " "), "1 comment on this lesson");
  await header.getByRole("button").first().click();
  await header.locator(".rc-text", { hasText: "Ten minutes" }).waitFor();
  // A block without comments has no badge.
  assert.equal(await card("ws-anatomy").locator(".bc").count(), 0);

  const found = await axe("lesson editor with comments unfolded", [[".bc"]]);
  assert.deepEqual(found, [], found.join("\n"));
});

test("drop a review file on the window: imported as comments, not as an asset", async () => {
  const assetsBefore = (await api({ cmd: "snapshot" })).course.assets.length;
  const name = path.basename(sent.sam);
  const content = fs.readFileSync(sent.sam, "utf8");
  await page.evaluate(({ name, content }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], name, { type: "" }));
    document.body.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, content });
  await page.locator(".notice", { hasText: "Added 2 comments from Sam Reyes." }).waitFor();
  await saved(page);
  assert.equal((await listed()).length, 7);
  assert.equal((await api({ cmd: "snapshot" })).course.assets.length, assetsBefore, "no asset was added");
  assert.match(await reviewNav().textContent(), /7 open comments/);
  // Sam's lesson comment is on its lesson.
  await page.locator(".t-lesson", { hasText: "What phishing is" }).first().click();
  await page.locator(".lesson-head .bc").getByRole("button", { name: "1 comment on this lesson", exact: true }).waitFor();
  assert.equal(await card("wip-explanation").locator(".bc").getByRole("button").textContent().then((t) => t.replace(/\s+/g, " ").trim()), "1 comment on this block");
});

test("importing the same file again adds nothing; a bad file is refused with the core's message", async () => {
  await openReview();
  await view().locator('input[type="file"]').setInputFiles(sent.dana);
  await view().locator(".rv-results li", { hasText: "No new comments from Dana Okafor (5 already imported)" }).waitFor();
  assert.equal((await listed()).length, 7);

  const other = path.join(work, "other.trellis-review");
  const doc = JSON.parse(fs.readFileSync(sent.sam, "utf8"));
  doc.course = { id: "fire-safety", title: "Fire safety", version: "0000000000000000" };
  fs.writeFileSync(other, JSON.stringify(doc));
  await view().locator('input[type="file"]').setInputFiles(other);
  expectHttp(400, "/api/call"); // the core refuses the file
  const refused = view().locator(".rv-results li.err").first();
  await refused.waitFor();
  assert.match(await refused.textContent(), /other\.trellis-review:.*for the course .Fire safety. \(fire-safety\), not this one \(phishing-awareness\)/);
  await page.locator(".notice.error", { hasText: "Fire safety" }).waitFor();
  assert.equal((await listed()).length, 7);
  await page.locator(".notice.error").getByRole("button", { name: "Dismiss" }).click();
});

test("editing a commented block marks its comment changed and shows the old text", async () => {
  await page.locator(".t-lesson", { hasText: "warning signs" }).first().click();
  await card("ws-example").waitFor();
  const before = (await listed()).find((c) => c.target.block === "ws-example");
  assert.equal(before.anchor, "current");
  await changes(page, async () => {
    // The stand-in or the rich-text editor itself: a field starts its editor when it nears the screen or is clicked.
    await card("ws-example").locator(".md-host [role=textbox]").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Sent on a Friday at 16:55.");
  });
  const badge = card("ws-example").locator(".bc").getByRole("button");
  await page.waitForFunction(() => /changed since/.test(document.querySelector("#card-ws-example .bc button")?.textContent ?? ""));
  assert.match(await badge.textContent(), /1 comment.*changed since/s);
  if ((await badge.getAttribute("aria-expanded")) === "false") await badge.click();
  const item = card("ws-example").locator(".rc");
  assert.equal(await item.getAttribute("data-anchor"), "changed");
  await item.locator(".rc-tag", { hasText: "Changed since" }).waitFor();
  assert.equal(await item.locator("figcaption").textContent(), "Made on this text, as it was then:");
  assert.equal(flat(await item.locator("blockquote").textContent()), flat(before.quote));
  assert.ok(!before.quote.includes("16:55"));
  assert.equal((await listed()).find((c) => c.id === before.id).anchor, "changed");
});

test("deleting a commented block keeps its comment on the lesson, labelled", async () => {
  const c = (await listed()).find((x) => x.target.block === "ws-objective");
  await changes(page, () => card("ws-objective").getByRole("button", { name: "Delete block" }).click());
  await card("ws-objective").waitFor({ state: "detached" });
  const header = page.locator(".lesson-head .bc");
  const toggle = header.getByRole("button", { name: "2 comments on this lesson (1 on a deleted block)", exact: true });
  await toggle.waitFor();
  if ((await toggle.getAttribute("aria-expanded")) === "false") await toggle.click();
  const item = header.locator(`.rc[data-comment="${c.id}"]`);
  await item.locator(".rc-tag", { hasText: "On a deleted block" }).waitFor();
  assert.equal(await item.locator(".rc-text").textContent(), "Say which signs, not just that there are some.");
  assert.equal(flat(await item.locator("blockquote").textContent()), flat(c.quote));

  // In the Review view too, with no place to go to.
  await openReview();
  const listedItem = view().locator(`.rc[data-comment="${c.id}"]`);
  await listedItem.locator(".rc-tag", { hasText: "On a deleted block" }).waitFor();
  assert.match(await listedItem.locator(".rc-place").textContent(), /A deleted block/);

  // Undo brings the block and the comment back onto its card.
  await changes(page, () => page.getByRole("button", { name: /^Undo/ }).click());
  await page.waitForFunction((id) => document.querySelector(`.rc[data-comment="${id}"] .rc-tag`) === null, c.id);
  assert.equal((await listed()).find((x) => x.id === c.id).anchor, "current");
});

test("reply (keyboard only, name remembered), resolve and reopen", async () => {
  await openReview();
  const item = byText("Ten minutes is too short");
  const id = await item.getAttribute("data-comment");
  await item.getByRole("button", { name: "Reply" }).focus();
  await page.keyboard.press("Enter");
  // No name yet: the name field has the focus.
  await page.waitForFunction(() => document.activeElement?.getAttribute("autocomplete") === "name");
  await page.keyboard.type("Ana Author");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "TEXTAREA");
  await page.keyboard.type("Split into two lessons. <b>not bold</b>");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const reply = item.locator(".rc-replies li");
  await reply.waitFor();
  assert.equal(await reply.locator(".rc-reply-who").textContent(), "Ana Author");
  assert.equal(await reply.locator(".rc-text").textContent(), "Split into two lessons. <b>not bold</b>");
  assert.equal(await reply.locator("b").count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Reply", "focus returns to Reply");
  assert.equal(await page.evaluate(() => localStorage.getItem("trellis-review-author")), "Ana Author");
  const stored = (await listed()).find((c) => c.id === id);
  assert.deepEqual(stored.replies.map((r) => [r.author, r.text]), [["Ana Author", "Split into two lessons. <b>not bold</b>"]]);

  // The next reply starts with the name filled in and the focus in the text.
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA");
  assert.equal(await item.getByLabel("Your name", { exact: true }).inputValue(), "Ana Author");
  await page.keyboard.press("Escape");
  await item.getByRole("button", { name: "Reply" }).waitFor();

  // Resolve: gone from the open list and the count; Reopen brings it back.
  await item.getByRole("button", { name: "Resolve" }).click();
  await page.locator(`.rv-list .rc[data-comment="${id}"]`).waitFor({ state: "detached" });
  assert.match(await reviewNav().textContent(), /6 open comments/);
  assert.equal((await listed()).find((c) => c.id === id).status, "resolved");
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const resolved = page.locator(`.rv-list .rc[data-comment="${id}"]`);
  await resolved.locator(".rc-tag", { hasText: "Resolved" }).waitFor();
  assert.equal(await view().locator(".rv-list .rc").count(), 1);
  await resolved.getByRole("button", { name: "Reopen" }).click();
  await resolved.waitFor({ state: "detached" });
  assert.equal((await listed()).find((c) => c.id === id).status, "open");
  assert.match(await reviewNav().textContent(), /7 open comments/);
  await page.getByLabel("Status", { exact: true }).selectOption("open");
});

test("filters: reviewer, status, lesson", async () => {
  await openReview();
  // Resolve one of Sam's, so that the status filter has something to hide.
  const good = byText("Good pace.");
  await good.getByRole("button", { name: "Resolve" }).click();
  await good.waitFor({ state: "detached" });
  const shown = async () => view().locator(".rv-list .rc > .rc-text").allTextContents();
  assert.equal((await shown()).length, 6);

  await page.getByLabel("Reviewer", { exact: true }).selectOption("Sam Reyes");
  assert.deepEqual(await shown(), ["Add a line on QR codes."]);
  await page.getByLabel("Status", { exact: true }).selectOption("all");
  assert.deepEqual(await shown(), ["Add a line on QR codes.", "Good pace."]);
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  assert.deepEqual(await shown(), ["Good pace."]);
  await page.getByText("Showing 1 of 7 comments.").waitFor();

  await page.getByLabel("Reviewer", { exact: true }).selectOption("");
  await page.getByLabel("Status", { exact: true }).selectOption("all");
  const lessonId = LESSON;
  await page.getByLabel("Lesson", { exact: true }).selectOption(lessonId);
  assert.equal((await shown()).length, 5);
  assert.ok((await shown()).every((t) => !/QR codes|Good pace/.test(t)));
  await page.getByLabel("Reviewer", { exact: true }).selectOption("Sam Reyes");
  assert.deepEqual(await shown(), []);
  await page.getByText("No comment matches these filters.").waitFor();
  await page.getByLabel("Reviewer", { exact: true }).selectOption("");
  await page.getByLabel("Lesson", { exact: true }).selectOption("");

  // The view with every comment, one reply form open: axe, and the screenshot.
  assert.equal((await shown()).length, 7);
  await page.getByLabel("Status", { exact: true }).selectOption("all");
  await byText("The example e-mail needs a date.").getByRole("button", { name: "Reply" }).click();
  const found = await axe("review view", [["section.review"], [".views"]]);
  assert.deepEqual(found, [], found.join("\n"));
  await page.keyboard.press("Escape");
  // No notice over the list in the picture.
  while (await page.locator(".notice").count()) await page.locator(".notice button").first().click({ timeout: 1000 }).catch(() => {});
  await page.evaluate(() => { document.activeElement?.blur(); document.getElementById("editor").scrollTop = 0; });
  await screenshot(page, "review");
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test("the command palette opens the Review view and the file chooser", async () => {
  // Listen first: Playwright turns on its file chooser interception when a
  // listener is added, and a chooser opened before that is never reported.
  const opened = page.waitForEvent("filechooser");
  await page.locator(".t-lesson").first().click();
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Command" }).fill("import review");
  await page.getByRole("option", { name: /^Import review file/, selected: true }).waitFor();
  await page.keyboard.press("Enter");
  const chooser = await opened;
  assert.ok(chooser.isMultiple());
  await view().waitFor();
  await chooser.setFiles(sent.sam);
  await view().locator(".rv-results li", { hasText: "No new comments from Sam Reyes (2 already imported)" }).first().waitFor();
});
