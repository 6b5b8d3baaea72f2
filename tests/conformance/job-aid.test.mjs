// The job aid's phone page in Chromium, from the zip `trellis publish
// --target job-aid` writes: axe-core finds no serious or critical
// violation at a phone's 390 px width, nothing scrolls sideways, the page
// needs nothing from outside, its Print button prints under the page's own
// Content-Security-Policy and is not printed; in each example's web
// package, the last lesson's links open the phone page and download the
// PDFs; and two publishes of the same course give byte-identical zips.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { EXAMPLES, cli, packageDir, repo, serve, launch, context, axeViolations } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { Learner } from "./lib/learner.mjs";

let browser, server;

before(async () => {
  const roots = {};
  for (const ex of EXAMPLES) {
    roots[`/${ex}/`] = packageDir(ex, "job-aid");
    roots[`/${ex}.web/`] = packageDir(ex, "web");
  }
  server = await serve(roots);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

describe("job aid: the phone page", () => {
  for (const example of EXAMPLES) {
    test(`${example}: accessible and within 390 px, with no outside requests`, async () => {
      const course = loadCourse(path.join(repo, "examples", example));
      const ctx = await context(browser, { viewport: { width: 390, height: 844 }, bypassCSP: true });
      const page = await ctx.newPage();
      const outside = [];
      page.on("request", (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) outside.push(r.url()); });
      await page.goto(`${server.url}/${example}/index.html`);
      assert.equal(await page.locator("h1").innerText(), course.title);
      const toml = fs.readFileSync(path.join(repo, "examples", example, "course.toml"), "utf8");
      assert.equal(await page.getAttribute("html", "lang"), toml.match(/^language = "(.*)"$/m)[1]);
      const sizes = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(sizes.scroll <= sizes.client, `scrolls sideways: ${sizes.scroll} > ${sizes.client}`);
      assert.ok((await page.locator("ol.steps > li").count()) > 3, "the procedure steps are there");
      assert.ok((await page.locator("h4[id^=decision-]").count()) >= 2, "the scenario's decisions are there");
      assert.ok(await page.getByRole("button", { name: "Print" }).isVisible(), "the Print button is shown");
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(outside, [], "the page asks for nothing outside itself");
      if (example === "safe-forklift-operation") {
        await page.screenshot({ path: path.join(repo, "docs/screenshots/job-aid-phone.png") });
      }
      await ctx.close();
    });
  }

  test("the Print button prints, under the page's own Content-Security-Policy, and is not printed", async () => {
    const example = "safe-forklift-operation";
    const ctx = await context(browser, { viewport: { width: 390, height: 844 } });
    // Counts the calls instead of opening the print dialog.
    await ctx.addInitScript(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
    const page = await ctx.newPage();
    const refused = [];
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
    await page.goto(`${server.url}/${example}/index.html`);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(policy, /^default-src 'none'; img-src data:; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
    const print = page.getByRole("button", { name: "Print" });
    await print.waitFor();
    // Reached and pressed with the keyboard, as any button.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Print");
    await page.keyboard.press("Enter");
    await print.click();
    assert.equal(await page.evaluate(() => window.__printed), 2);
    // The style sheet and the script are the ones the policy allows.
    assert.deepEqual(refused, []);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("h1")).fontSize), "21.6px");
    await page.emulateMedia({ media: "print" });
    assert.equal(await print.isVisible(), false, "the button is left out of the printout");
    await page.emulateMedia({ media: "screen" });
    assert.equal(await print.isVisible(), true);
    await ctx.close();
  });

  test("without scripts the page shows no Print button that does nothing", async () => {
    const ctx = await context(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/safe-forklift-operation/index.html`);
    await page.locator("h1").waitFor();
    assert.equal(await page.getByRole("button").count(), 0);
    await ctx.close();
  });
});

describe("job aid: in the learner package", () => {
  for (const example of EXAMPLES) {
    test(`${example}: the last lesson opens the phone page, links to the PDFs and shows the QR code`, async () => {
      const course = loadCourse(path.join(repo, "examples", example));
      // The package's own Content-Security-Policy stays on.
      const ctx = await context(browser, { acceptDownloads: true });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/${example}.web/index.html`);
      const learner = new Learner(page, course);
      await learner.waitReady();
      const last = course.lessons[course.lessons.length - 1];
      await learner.openLesson(last);
      const aid = page.locator(`#lesson-${last.id} .t-job-aid`);
      await aid.getByRole("heading", { name: "Job aid" }).waitFor();
      const links = aid.getByRole("link");
      assert.deepEqual(await links.allInnerTexts(), [
        "Open the job aid (web page for phones, opens in a new tab)",
        "Download the job aid (PDF, A4 paper)",
        "Download the job aid (PDF, US Letter paper)",
      ]);
      // The phone page opens in a new tab, from the package, and the
      // course stays where it was.
      const popup = ctx.waitForEvent("page");
      await links.nth(0).click();
      const phone = await popup;
      await phone.waitForLoadState();
      assert.equal(phone.url(), `${server.url}/${example}.web/job-aid/index.html`);
      assert.equal(await phone.locator("h1").innerText(), course.title);
      assert.ok(await phone.getByRole("button", { name: "Print" }).isVisible(), "its Print button runs under its own policy");
      assert.ok((await phone.locator("ol.steps > li").count()) > 3);
      await phone.close();
      assert.equal(page.url(), `${server.url}/${example}.web/index.html`);
      for (let i = 1; i < 3; i++) {
        const download = page.waitForEvent("download");
        await links.nth(i).click();
        const file = await (await download).path();
        const head = fs.readFileSync(file).subarray(0, 5).toString();
        assert.equal(head, "%PDF-", "the link downloads the PDF from the package");
      }
      const toml = fs.readFileSync(path.join(repo, "examples", example, "course.toml"), "utf8");
      const url = toml.match(/^job_aid_url = "(.*)"$/m)?.[1];
      const qr = aid.getByRole("img");
      if (url) {
        assert.equal(await qr.getAttribute("alt"), `QR code that opens this job aid at ${url}`);
        await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle());
      } else {
        assert.equal(await qr.count(), 0, "no QR code without the phone page's address");
      }
      await ctx.close();
    });
  }
});

describe("job aid: the zip", () => {
  test("two publishes of the same course are byte-identical", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-aid-"));
    try {
      for (const example of EXAMPLES) {
        const zips = ["a", "b"].map((n) => {
          const zip = path.join(dir, `${example}-${n}.zip`);
          execFileSync(cli(), ["publish", path.join(repo, "examples", example), "--target", "job-aid", "-o", zip],
            { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
          return fs.readFileSync(zip);
        });
        assert.ok(zips[0].equals(zips[1]), `${example}: the two zips differ`);
        const list = execFileSync("unzip", ["-Z1", path.join(dir, `${example}-a.zip`)]).toString().trim().split("\n");
        assert.deepEqual(list.sort(), ["index.html", "job-aid-a4.pdf", "job-aid-letter.pdf", "qr-code.png", "qr-code.svg"]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
