// The editor's preview page draws only the lesson it opens on; the player
// fetches every other lesson (`lessons/<id>.json`) the first time it is
// shown. In real headless Chromium against the real `trellis studio`
// (/preview/), on the phishing-awareness example (several lessons, practice
// questions, an assessment): a later lesson arrives when navigated to, an
// answer given in it is restored after a reload, `?lesson=` opens the page
// on a lesson, an assessment loaded on demand works, and an update for a
// lesson still a placeholder puts it in.
//
// Run: (cd tests && npm ci && node --test ui/preview.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { repo, startStudio, launchBrowser } from "./harness.mjs";

let studio, browser, context, page;
const errors = [];

before(async () => {
  studio = await startStudio({ course: path.join(repo, "examples", "phishing-awareness") });
  browser = await launchBrowser();
  context = await browser.newContext();
  await studio.admit(context);
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
});

after(async () => {
  await browser?.close();
  await studio?.stop();
});

const origin = () => new URL(studio.url).origin;
/** Every lesson of the page: id, page index, placeholder or not. */
const sections = () => page.evaluate(() => [...document.querySelectorAll(".t-page")].map((s) => ({
  id: s.id.replace(/^lesson-/, ""), page: +s.dataset.page, lazy: s.hasAttribute("data-lazy"),
})));
/** A lesson part as the player fetches it. */
const part = (id) => page.evaluate(async (id) => (await fetch(`lessons/${encodeURIComponent(id)}.json`)).json(), id);
const menuLink = (i) => page.locator(`.t-menu a[data-page="${i}"]`);

let lessons, practice, assessment;

test("the page draws only the lesson it opens on", async () => {
  const seen = [];
  page.on("request", (r) => seen.push(new URL(r.url()).pathname));
  await page.goto(`${origin()}/preview/`);
  await page.waitForFunction(() => document.body.classList.contains("t-js"));
  lessons = await sections();
  assert.ok(lessons.length >= 4, JSON.stringify(lessons));
  assert.deepEqual(lessons.map((l) => l.lazy), lessons.map((_, i) => i !== 0), "only the first lesson is drawn");
  assert.equal(seen.filter((p) => p.includes("/lessons/")).length, 0, "nothing fetched for the lesson shown");
  // Placeholders keep their title.
  const titles = await page.locator(".t-page[data-lazy] .t-page-title").allTextContents();
  assert.ok(titles.every((t) => t.trim().length > 0));
  // A later lesson with a choice question to practise, and the assessment.
  for (const l of lessons.slice(1)) {
    const p = await part(l.id);
    assert.equal(p.id, l.id);
    assert.equal(p.page, l.page);
    if (p.data.assessment) assessment ??= l;
    else if (!practice && /data-kind="(single-choice|true-false)"/.test(p.html)) practice = l;
  }
  assert.ok(practice, "a later lesson with a practice question");
  assert.ok(assessment, "an assessment lesson");
});

test("a later lesson arrives when shown; its answer is restored after a reload", async () => {
  const fetched = page.waitForResponse((r) => r.url().includes(`/preview/lessons/${practice.id}.json`));
  await menuLink(practice.page).click();
  const res = await fetched;
  assert.equal(res.headers()["content-type"], "application/json");
  const section = page.locator(`#lesson-${practice.id}`);
  const q = section.locator('.t-question[data-kind="single-choice"], .t-question[data-kind="true-false"]').first();
  await q.waitFor();
  assert.equal(await section.getAttribute("data-lazy"), null);
  // The page heading keeps the focus the move gave it.
  assert.equal(await page.evaluate(() => document.activeElement?.id), `lesson-${practice.id}-h`);
  await q.locator("input[type=radio]").first().check();
  await q.getByRole("button", { name: "Check answer" }).click();
  await q.locator("[data-t=feedback]:not([hidden])").waitFor();
  const verdict = await q.locator("[data-t=verdict]").textContent();
  const checked = () => q.locator("input[type=radio]").evaluateAll((xs) => xs.map((x) => x.checked));
  const answer = await checked();
  assert.ok(answer.some(Boolean));

  // Reload: the page opens on the first lesson, the player on the saved
  // one, which is fetched and shows the answer given.
  await page.reload();
  const again = page.locator(`#lesson-${practice.id}:not([data-lazy])`);
  await again.waitFor();
  assert.equal(await menuLink(practice.page).getAttribute("aria-current"), "page");
  const q2 = again.locator('.t-question[data-kind="single-choice"], .t-question[data-kind="true-false"]').first();
  assert.deepEqual(await q2.locator("input[type=radio]").evaluateAll((xs) => xs.map((x) => x.checked)), answer, "the answer is restored");
  assert.equal(await q2.locator("[data-t=verdict]").textContent(), verdict);
  assert.ok(await q2.locator("[data-t=feedback]").isVisible(), "its feedback is shown");
  // Progress counts lessons not drawn yet.
  const status = await page.evaluate(() => window.trellisPreview.results());
  assert.equal(status.completed, false);
});

test("?lesson= opens the page on that lesson", async () => {
  const seen = [];
  const onRequest = (r) => seen.push(new URL(r.url()).pathname);
  page.on("request", onRequest);
  await page.goto(`${origin()}/preview/?lesson=${encodeURIComponent(practice.id)}`);
  await page.waitForFunction(() => document.body.classList.contains("t-js"));
  const now = await sections();
  assert.deepEqual(now.map((l) => l.lazy), now.map((l) => l.id !== practice.id));
  page.off("request", onRequest);
  assert.equal(seen.filter((p) => p.includes("/lessons/")).length, 0, "the lesson opened on is in the page");
  // The player shows it (and the answer given before).
  assert.equal(await menuLink(practice.page).getAttribute("aria-current"), "page");
  const q = page.locator(`#lesson-${practice.id} .t-question`).first();
  assert.ok(await q.locator("[data-t=feedback]").isVisible());
  // The first lesson is now the one fetched when shown.
  await menuLink(0).click();
  await page.locator(`#lesson-${lessons[0].id}:not([data-lazy]) .t-block`).first().waitFor();
});

test("an assessment fetched on demand draws its questions and takes a submit", async () => {
  await menuLink(assessment.page).click();
  const sec = page.locator(`#lesson-${assessment.id}.t-assessment`);
  await sec.waitFor();
  const shown = sec.locator(".t-question:visible");
  await shown.first().waitFor();
  assert.ok((await shown.count()) > 0);
  // Numbered in the drawn order.
  assert.equal(await shown.first().locator("[data-t=qnum]").textContent(), "Question 1");
  // Submitting with nothing answered says how many are left.
  await sec.getByRole("button", { name: "Submit" }).click();
  await page.waitForFunction(() => /unanswered/.test(document.getElementById("t-live").textContent));
  // Answer every drawn question (the first option of each), submit: results.
  const n = await shown.count();
  for (let k = 0; k < n; k++) {
    const q = shown.nth(k);
    const kind = await q.getAttribute("data-kind");
    if (kind === "single-choice" || kind === "true-false" || kind === "multiple-response") await q.locator("input").first().check();
    else if (kind === "fill-blank" || kind === "numeric") await q.locator("input").first().fill("1");
    else if (kind === "matching") for (const s of await q.locator("select").all()) await s.selectOption({ index: 1 });
  }
  await sec.getByRole("button", { name: "Submit" }).click();
  await sec.locator("[data-t=results]:not([hidden])").waitFor();
  assert.match(await sec.locator("[data-t=score]").textContent(), /%/);
  // The tracking sees the attempt.
  const r = await page.evaluate(() => window.trellisPreview.results());
  assert.notEqual(r.score, null);
  // After a reload the assessment, fetched again, shows its results.
  await page.reload();
  await menuLink(assessment.page).click();
  await page.locator(`#lesson-${assessment.id} [data-t=results]:not([hidden])`).waitFor();
  assert.equal(await page.locator(`#lesson-${assessment.id} [data-t=asmt-body]`).isVisible(), false);
});

test("an update for a lesson still a placeholder puts it in", async () => {
  await page.goto(`${origin()}/preview/`);
  await page.waitForFunction(() => document.body.classList.contains("t-js"));
  const lazy = (await sections()).filter((l) => l.lazy && l.id !== assessment.id);
  const target = lazy.at(-1);
  const ok = await page.evaluate(async (id) => {
    const p = await (await fetch(`lessons/${id}.json`)).json();
    return window.trellisPreview.update({ lessons: [p], menu: null });
  }, target.id);
  assert.equal(ok, true);
  assert.equal(await page.locator(`#lesson-${target.id}`).getAttribute("data-lazy"), null);
  assert.ok(await page.locator(`#lesson-${target.id} .t-block`).count() > 0);
  assert.deepEqual(errors, []);
});

test("show(lesson, block) waits for a lesson being fetched, then scrolls to the block", async () => {
  await page.goto(`${origin()}/preview/?lesson=${encodeURIComponent(lessons[0].id)}`);
  await page.waitForFunction(() => document.body.classList.contains("t-js"));
  const lazy = (await sections()).filter((l) => l.lazy && l.id !== assessment.id);
  // The lesson with the most blocks, so that its last one is off screen.
  let best = null;
  for (const l of lazy) {
    const ids = [...(await part(l.id)).html.matchAll(/id="block-([^"]+)"/g)].map((m) => m[1]);
    if (!best || ids.length > best.ids.length) best = { ...l, ids };
  }
  const block = best.ids.at(-1);
  let release;
  const held = new Promise((r) => (release = r));
  // Hold the lesson's fetch, so show() comes before the lesson is in.
  await page.route(`**/preview/lessons/${best.id}.json`, async (route) => { await held; await route.continue(); });
  await page.evaluate(([l, b]) => window.trellisPreview.show(l, b), [best.id, block]);
  assert.equal(await menuLink(best.page).getAttribute("aria-current"), "page");
  assert.equal(await page.locator(`#block-${block}`).count(), 0, "not in yet");
  release();
  await page.locator(`#block-${block}`).waitFor();
  await page.waitForFunction((id) => {
    const r = document.getElementById(`block-${id}`).getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  }, block, { timeout: 5000 });
  const y = await page.evaluate(() => scrollY);
  const top = await page.evaluate((id) => document.getElementById(`block-${id}`).offsetTop, block);
  if (top > 720) assert.ok(y > 0, "the page scrolled to the block");
  await page.unroute(`**/preview/lessons/${best.id}.json`);
  assert.deepEqual(errors, []);
});
