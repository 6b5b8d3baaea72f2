// Every example and every blueprint under each reporting option, in
// scorm-again: published with `trellis publish --reporting`, then a learner
// who views every lesson and passes the assessment, and one who views every
// lesson and fails it, each in SCORM 1.2 or SCORM 2004 (the other one for
// the other learner, picked by the seed). What the LMS stored at the end
// must be the row of the table in docs/publishing.md (lib/reporting.mjs);
// reporting.test.mjs proves the same table with random scores on a small
// course.
//
// A blueprint is published as its author leaves it once the text is theirs:
// its words kept, its placeholder marks removed (learner packages refuse
// placeholders). Each run prints its seed; TRELLIS_REPORTING_SEED replays one.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repo, launch, publishCourse } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { Learner } from "./lib/learner.mjs";
import { scormHost, VERSIONS } from "./lib/scormhost.mjs";
import { rng } from "./lib/rng.mjs";
import { EXPECTED, statusOf } from "./lib/reporting.mjs";

const SEED = Number(process.env.TRELLIS_REPORTING_SEED) || 1 + Math.floor(Math.random() * 2 ** 30);
const r = rng(SEED);

const folders = (dir) => fs.readdirSync(path.join(repo, dir)).filter((n) => fs.existsSync(path.join(repo, dir, n, "course.toml")))
  .sort().map((n) => ({ name: n, dir: path.join(repo, dir, n) }));
const COURSES = [...folders("examples"), ...folders("templates/blueprints").map((b) => ({ ...b, blueprint: true }))];

let browser, host, work;
const loaded = {};

/** A copy of the text-format folder `src` without placeholder marks. */
function withoutPlaceholders(src, dest) {
  fs.cpSync(src, dest, { recursive: true });
  const strip = (file) => fs.writeFileSync(file, fs.readFileSync(file, "utf8")
    .replace(/^placeholders? = .*\n/gm, "")                       // course.toml, objectives
    .replace(/,\s*placeholder = (?:true|\[[^\]]*\])(?=\s*\})/g, "")); // a block's attributes
  strip(path.join(dest, "course.toml"));
  for (const f of fs.readdirSync(path.join(dest, "lessons"))) strip(path.join(dest, "lessons", f));
  return dest;
}

before(async () => {
  console.log(`# reporting in the examples and blueprints: seed ${SEED} (replay: TRELLIS_REPORTING_SEED=${SEED})`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-reporting-courses-"));
  const roots = {};
  for (const c of COURSES) {
    const dir = c.blueprint ? withoutPlaceholders(c.dir, path.join(work, "src", c.name)) : c.dir;
    loaded[c.name] = loadCourse(dir);
    for (const option of Object.keys(EXPECTED)) {
      for (const target of Object.values(VERSIONS)) {
        roots[`/pkg/${c.name}.${option}.${target}/`] = publishCourse(dir, target, path.join(work, `${c.name}.${option}.${target}`), ["--reporting", option]);
      }
    }
  }
  host = await scormHost(roots);
  browser = await launch();
});
after(async () => {
  await browser?.close(); await host?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A learner who views every lesson and passes (or fails) the assessment, then leaves; returns what the LMS holds. */
async function session(name, option, version, pass) {
  const course = loaded[name];
  const s = await host.launch(browser, version, `/pkg/${name}.${option}.${VERSIONS[version]}/index.html`);
  try {
    const l = new Learner(s.frame, course);
    await l.waitReady();
    for (const [i, lesson] of course.lessons.entries()) {
      await l.lessonHeading(lesson).waitFor();
      if (lesson.template === "assessment") await l.assessment(course.assessments.find((a) => a.lesson === lesson.id), pass);
      if (i < course.lessons.length - 1) await l.next();
    }
    await s.lms.close();
    const cmi = await s.lms.cmi();
    assert.deepEqual(s.errors, [], "no script errors");
    assert.deepEqual(await s.lms.violations(), [], "no SCORM call out of order");
    return cmi;
  } finally { await s.ctx.close(); }
}

for (const c of COURSES) {
  describe(`${c.blueprint ? "blueprint" : "example"} ${c.name}: what the LMS is told`, () => {
    for (const [option, rows] of Object.entries(EXPECTED)) {
      test(`${option}: a learner who passes and one who fails`, async () => {
        const first = r.pick(Object.keys(VERSIONS));
        for (const pass of [true, false]) {
          const version = pass ? first : Object.keys(VERSIONS).find((v) => v !== first);
          const cmi = await session(c.name, option, version, pass);
          const want = rows[pass ? "pass" : "fail"][version === "12" ? 0 : 1];
          assert.equal(statusOf(version, cmi), want, `${c.name}, ${option}, SCORM ${version}, a learner who ${pass ? "passes" : "fails"} (seed ${SEED})`);
        }
      });
    }
  });
}
