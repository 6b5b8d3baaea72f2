// The examples' audio and video, in every published package, in Chromium
// with no network beyond 127.0.0.1 (context() aborts every other host):
// each media block of the course's text files is on the page as an <audio>
// or <video> whose file is inside the package, loads, has a duration, plays,
// and carries its captions track with cues that fit inside that duration.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { SUITE_COURSES, TARGETS, packageDir, exampleCourse, serve, launch, context } from "./lib/env.mjs";

// The review build is published from the same course and plays the same media.
const BUILDS = [...TARGETS, "review"];
let browser, server;
// Each package is published (when run.sh has not) and served when its test asks for it.
const roots = {};

before(async () => {
  server = await serve(roots);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

/** The media blocks of an example, from its text files: id, tag, asset, captions. */
function mediaBlocks(example) {
  const course = exampleCourse(example);
  return course.lessons.flatMap((l) => l.blocks)
    .filter((b) => b.kind === "video" || b.kind === "audio")
    .map((b) => ({ id: b.id, tag: b.kind, asset: b.body.asset, url: b.body.url, captions: b.body.captions }));
}

/** Loads and plays (muted) the media element of block `id`; what the browser then knows of it. */
function probe(page, id) {
  return page.evaluate(async (id) => {
    const el = document.getElementById(`block-${id}`)?.querySelector("video, audio");
    if (!el) return { missing: true };
    const until = (ok, ms) => new Promise((resolve) => {
      const start = Date.now();
      (function poll() { if (ok() || Date.now() - start > ms) resolve(ok()); else setTimeout(poll, 50); })();
    });
    const track = el.querySelector("track");
    if (track) track.track.mode = "hidden"; // load the captions even in a lesson not shown
    if (el.readyState < 1) el.load();
    await until(() => el.readyState >= 1 || el.error, 15000);
    const out = { tag: el.tagName.toLowerCase(), src: el.currentSrc, readyState: el.readyState,
      error: el.error && `${el.error.code} ${el.error.message}`, duration: el.duration };
    if (el.tagName === "VIDEO") out.size = [el.videoWidth, el.videoHeight];
    el.muted = true;
    try {
      await el.play();
      out.played = await until(() => el.currentTime > 0.3, 10000);
      el.pause();
    } catch (e) { out.played = `play() failed: ${e.message}`; }
    if (track) {
      await until(() => track.readyState >= 2, 10000);
      const cues = Array.from(track.track.cues || []);
      out.captions = { src: track.src, readyState: track.readyState, cues: cues.length,
        lastEnd: cues.length ? cues[cues.length - 1].endTime : null };
    }
    return out;
  }, id);
}

describe("every media element of every published example (and the French course OmegaT translated) loads, has a duration and plays", () => {
  for (const example of SUITE_COURSES) {
    const blocks = mediaBlocks(example);
    test(`${example}: the course has audio and video, all of it in the package`, () => {
      assert.ok(blocks.some((b) => b.tag === "video") && blocks.some((b) => b.tag === "audio"), "a video and an audio block");
      for (const b of blocks) {
        assert.ok(b.asset && !b.url, `${b.id}: media from the course's own assets, not from the web (${b.url})`);
        assert.ok(b.captions, `${b.id}: a captions file`);
      }
    });
    for (const target of BUILDS) {
      test(`${example}, ${target}`, async () => {
        const ctx = await context(browser);
        const page = await ctx.newPage();
        const errors = [];
        page.on("pageerror", (e) => errors.push(e.message));
        const failed = [];
        // Media, captions and pictures that did not arrive, and anything asked of another host.
        page.on("requestfailed", (r) => {
          if (["media", "texttrack", "image"].includes(r.resourceType()) || !r.url().startsWith(server.url)) failed.push(r.url());
        });
        roots[`/${example}.${target}/`] = packageDir(example, target);
        const base = `${server.url}/${example}.${target}/`;
        await page.goto(`${base}index.html`);
        await page.waitForSelector("video, audio", { state: "attached" });
        assert.equal(await page.locator("video, audio").count(), blocks.length, "one media element per media block");
        for (const b of blocks) {
          const got = await probe(page, b.id);
          const where = `${b.id} (${b.asset ?? b.url})`;
          assert.ok(!got.missing, `${where}: no <${b.tag}> on the page`);
          assert.equal(got.tag, b.tag, where);
          const src = b.asset ? `${base}assets/${b.asset.split("/").map(encodeURIComponent).join("/")}` : b.url;
          assert.equal(got.src, src, where);
          assert.equal(got.error, null, `${where}: media error`);
          assert.ok(got.readyState >= 1, `${where}: metadata never loaded (readyState ${got.readyState})`);
          assert.ok(Number.isFinite(got.duration) && got.duration > 1, `${where}: duration ${got.duration}`);
          if (b.tag === "video") assert.ok(got.size[0] > 0 && got.size[1] > 0, `${where}: a picture (${got.size})`);
          assert.equal(got.played, true, `${where}: plays`);
          assert.ok(got.captions, `${where}: a captions track`);
          assert.equal(got.captions.readyState, 2, `${where}: captions ${got.captions.src} loaded`);
          assert.ok(got.captions.cues > 0, `${where}: captions have cues`);
          assert.ok(got.captions.lastEnd <= got.duration + 0.05,
            `${where}: the last caption ends at ${got.captions.lastEnd} s, after the media (${got.duration} s)`);
        }
        await ctx.close();
        assert.deepEqual(failed, [], "every media file, captions file and picture arrived; nothing was asked of another host");
        assert.deepEqual(errors, []);
      });
    }
  }
});
