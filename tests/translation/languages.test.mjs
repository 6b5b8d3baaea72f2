// One package, every language (`trellis publish --lang all`), in real
// run-times: the phishing example with French and German (de-DE) filled by
// pseudo-translation, published for SCORM 1.2, SCORM 2004 and cmi5.
//  - SCORM 1.2 (scorm-again) with cmi.student_preference.language "fr": the
//    French page opens, in the same LMS session, and the LMS ends holding the
//    learner's progress and the preference;
//  - SCORM 2004 with cmi.learner_preference.language "de-AT": the German page
//    (a regional variant stands in for its language);
//  - no preference: the learner picks a language, and the LMS holds the pick;
//  - cmi5 with languagePreference "fr-CA,en-GB" in the agent profile: the
//    French page, one initialized, every statement in French, and the
//    session follows the cmi5 rules the other suites check.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repo, launch, publishCourse, serve } from "../conformance/lib/env.mjs";
import { Learner, playerStrings } from "../conformance/lib/learner.mjs";
import { scormHost } from "../conformance/lib/scormhost.mjs";
import { Cmi5Runs, auIn, cmi5Suite } from "../conformance/lib/cmi5run.mjs";
import { verbOf } from "../conformance/lib/cmi5rules.mjs";

const cli = process.env.TRELLIS_CLI || path.join(process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target", "debug", "trellis");
let work, browser, host;
const dirs = {};

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-languages-"));
  const file = path.join(work, "course.trellis");
  const run = (...args) => execFileSync(cli, args, { cwd: work, encoding: "utf8" });
  run("import", path.join(repo, "examples/phishing-awareness"), "-o", file);
  run("translate", "pseudo", file, "--lang", "fr");
  run("translate", "pseudo", file, "--lang", "de-DE");
  for (const target of ["scorm12", "scorm2004", "cmi5"]) dirs[target] = publishCourse(file, target, path.join(work, target), ["--lang", "all"]);
  host = await scormHost({ "/s12/": dirs.scorm12, "/s04/": dirs.scorm2004 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await host?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The page the SCO's frame shows once the player is ready in `lang`. */
async function ready(s, lang) {
  await new Learner(s.frame, null, { strings: playerStrings(lang) }).waitReady();
  const frame = s.page.frames().find((f) => f !== s.page.mainFrame());
  return { file: path.basename(new URL(frame.url()).pathname), lang: await frame.evaluate(() => document.documentElement.lang) };
}

const inits = (calls, fn) => calls.filter((c) => c.fn === fn).map((c) => [c.r, c.err]);

describe("publish --lang all: the learner's language in a real run-time", () => {
  test("the package holds every language's page, and the manifests pass the schemas", () => {
    for (const [target, manifest, schema] of [["scorm12", "imsmanifest.xml", "wrappers/scorm12_all.xsd"],
      ["scorm2004", "imsmanifest.xml", "wrappers/scorm2004_4th_all.xsd"], ["cmi5", "cmi5.xml", "cmi5/CourseStructure.xsd"]]) {
      for (const page of ["index.html", "index.fr.html", "index.de-DE.html"]) assert.ok(fs.existsSync(path.join(dirs[target], page)), `${target}: ${page}`);
      const xsd = path.join(repo, "tests/fixtures/xsd");
      execFileSync("xmllint", ["--noout", "--nonet", "--schema", path.join(xsd, schema), path.join(dirs[target], manifest)],
        { env: { ...process.env, XML_CATALOG_FILES: path.join(xsd, "catalog.xml") }, stdio: "pipe" });
      if (target !== "cmi5") {
        const xml = fs.readFileSync(path.join(dirs[target], manifest), "utf8");
        for (const page of ["index.fr.html", "index.de-DE.html"]) assert.match(xml, new RegExp(`<file href="${page.replace(/\./g, "\\.")}"`));
      }
    }
  });

  test("SCORM 1.2: cmi.student_preference.language fr opens French in the same session", async () => {
    const s = await host.launch(browser, "12", "/s12/index.html", { flat: { "cmi.student_preference.language": "fr" } });
    try {
      assert.deepEqual(await ready(s, "fr"), { file: "index.fr.html", lang: "fr" });
      await s.frame.getByRole("button", { name: playerStrings("fr").next }).click();
      await s.lms.close();
      const cmi = await s.lms.cmi();
      assert.equal(cmi.student_preference.language, "fr");
      assert.equal(cmi.core.lesson_status, "incomplete");
      assert.equal(cmi.core.exit, "suspend");
      assert.ok(cmi.suspend_data.length > 0, "the learner's progress is saved");
      const calls = await s.lms.calls();
      assert.deepEqual(inits(calls, "LMSInitialize"), [["true", "0"]],
        "one LMSInitialize, from the launch page: the French page carries on with its session");
      assert.deepEqual(inits(calls, "LMSFinish"), [["true", "0"]], "one LMSFinish, from the French page");
      assert.deepEqual(await s.lms.violations(), []);
      assert.deepEqual(s.errors, []);
    } finally { await s.ctx.close(); }
  });

  test("SCORM 2004: cmi.learner_preference.language de-AT opens the German page", async () => {
    const s = await host.launch(browser, "2004", "/s04/index.html", { flat: { "cmi.learner_preference.language": "de-AT" } });
    try {
      assert.deepEqual(await ready(s, "de"), { file: "index.de-DE.html", lang: "de-DE" });
      await s.lms.close();
      const cmi = await s.lms.cmi();
      assert.equal(cmi.learner_preference.language, "de-AT", "the LMS's preference is left as it was");
      assert.equal(cmi.completion_status, "incomplete");
      assert.equal(cmi.exit, "suspend");
      const calls = await s.lms.calls();
      assert.deepEqual(inits(calls, "Initialize"), [["true", "0"]], "one Initialize: the German page carries on with the session");
      assert.deepEqual(inits(calls, "Terminate"), [["true", "0"]]);
      assert.deepEqual(s.errors, []);
    } finally { await s.ctx.close(); }
  });

  test("no preference: the learner picks the language, and the LMS keeps the pick", async () => {
    const s = await host.launch(browser, "12", "/s12/index.html");
    try {
      const picker = s.frame.getByRole("group", { name: playerStrings("en").chooseLanguage });
      await picker.waitFor();
      const names = await picker.getByRole("button").allTextContents();
      assert.deepEqual(names, ["English", "Deutsch", "Français"]);
      await picker.getByRole("button", { name: "Français" }).click();
      assert.deepEqual(await ready(s, "fr"), { file: "index.fr.html", lang: "fr" });
      assert.equal((await s.lms.cmi()).student_preference.language, "fr", "the LMS holds the learner's pick");
      await s.lms.close();
      assert.equal((await s.lms.cmi()).core.exit, "suspend");
      assert.deepEqual(s.errors, []);
    } finally { await s.ctx.close(); }
  });
});

describe("publish --lang all: cmi5 languagePreference", () => {
  const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-lang-all" } };
  const runs = cmi5Suite([], actor);
  let content;
  before(async () => { content = await serve({ "/c/": dirs.cmi5 }); });
  after(async () => { await content?.stop(); });

  test("the agent profile's fr-CA opens French; one initialized, every statement in French", async () => {
    runs.lms.setPreferences(actor, { languagePreference: "fr-CA,en-GB", audioPreference: "on" });
    const au = auIn(dirs.cmi5);
    const registration = randomUUID();
    const session = await runs.lms.launch({ contentUrl: `${content.url}/c/${au.url}`, au, actor, registration });
    const ctx = await runs.browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(session.launchUrl);
    await new Learner(page, null, { strings: playerStrings("fr") }).waitReady();
    assert.equal(path.basename(new URL(page.url()).pathname), "index.fr.html");
    const run = { session, ctx, page, registration, errors };
    const r = new Cmi5Runs(runs);
    await r.leave(run);
    const stored = (await runs.ralph.statements(registration)).filter((st) => verbOf(st) !== "launched");
    assert.deepEqual(Cmi5Runs.defined(stored, run), ["initialized", "terminated"]);
    assert.deepEqual(stored.map((st) => st.context?.language), stored.map(() => "fr"), "statements say the course was taken in French");
    assert.deepEqual(r.conformant(stored, [run], registration), []);
    assert.deepEqual(errors, []);
  });
});
