// Trellis's XLIFF through real translation tools:
//  - translate-toolkit (PyPI, in the test venv) reads every exported file,
//    XLIFF 2.0 and 1.2, finds every inline code as a placeable, writes a
//    translated copy whose placeables its checks find intact, and Trellis
//    imports that copy;
//  - OmegaT (Debian package `omegat`), headless in console translation mode
//    under Xvfb, translates an XLIFF 1.2 export from a translation memory
//    (TMX) this test writes; Trellis imports the result and publishes French
//    SCORM 1.2, SCORM 2004 and cmi5 packages whose manifests pass the
//    official schemas.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { omegatFrench } from "./omegat.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const venv = process.env.TRELLIS_VENV || "/var/tmp/trellis-venv";
const EXAMPLE = path.join(repo, "examples/phishing-awareness");
let work, trellis;

function cli() {
  if (process.env.TRELLIS_CLI) return process.env.TRELLIS_CLI;
  const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
  execFileSync("cargo", ["build", "-q", "-p", "trellis-cli"], { cwd: repo, stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: target } });
  return path.join(target, "debug", "trellis");
}

const run = (...args) => execFileSync(trellis, args, { cwd: work, encoding: "utf8" });

before(() => {
  trellis = cli();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-translation-"));
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** A fresh course file of the example. */
function course(name) {
  const file = path.join(work, `${name}.trellis`);
  run("import", EXAMPLE, "-o", file);
  return file;
}

function units(file) {
  return JSON.parse(run("translate", "status", file, "--format", "json")).units;
}

test("translate-toolkit reads both XLIFF versions and keeps every placeable", () => {
  const file = course("ttk");
  const n = units(file);
  const args = [];
  for (const v of ["2.0", "1.2"]) {
    const out = path.join(work, `ttk-${v}.xlf`);
    run("translate", "export", file, "--lang", "fr", "--xliff", v, "-o", out);
    args.push(out, path.join(work, `ttk-${v}.translated.xlf`));
  }
  const py = path.join(venv, "bin", "python");
  const report = execFileSync(py, [path.join(here, "ttk_check.py"), String(n), ...args], { encoding: "utf8" });
  for (const line of report.trim().split("\n")) {
    const r = JSON.parse(line);
    assert.equal(r.units, n, line);
    assert.ok(r.codes > 100, `placeables found: ${line}`);
    assert.deepEqual(r.broken, [], line);
  }
  // The checks can fail: targets without their codes are reported.
  assert.throws(() => execFileSync(py, [path.join(here, "ttk_check.py"), "--drop-codes", String(n), args[0], path.join(work, "dropped.xlf")], { stdio: "pipe" }));
  // What translate-toolkit wrote, Trellis reads back.
  for (const translated of [args[1], args[3]]) {
    const out = run("translate", "import", file, translated);
    assert.match(out, new RegExp(`Imported ${n} units of fr`), out);
  }
  const status = JSON.parse(run("translate", "status", file, "--format", "json"));
  assert.equal(status.languages[0].translated, n);
});

test("OmegaT translates an export from a TMX, and the French packages pass the schemas", { timeout: 600000 }, () => {
  const file = course("omegat");
  const n = units(file);
  const { segments, stats, out } = omegatFrench(trellis, file, work);
  assert.equal(segments, n);
  assert.match(stats, new RegExp(`Total:\\s+${n}\\s`), stats);
  assert.match(stats, /Remaining:\s+0\s/, stats);
  assert.match(out, new RegExp(`Imported ${n} units of fr into .*: ${n} new, 0 updated`), out);
  assert.equal(JSON.parse(run("translate", "status", file, "--format", "json")).languages[0].translated, n);

  const xsd = path.join(repo, "tests/fixtures/xsd");
  const schemas = { scorm12: ["imsmanifest.xml", "wrappers/scorm12_all.xsd"], scorm2004: ["imsmanifest.xml", "wrappers/scorm2004_4th_all.xsd"], cmi5: ["cmi5.xml", "cmi5/CourseStructure.xsd"] };
  for (const [target, [manifest, schema]] of Object.entries(schemas)) {
    const dir = path.join(work, `fr-${target}`);
    run("publish", file, "--target", target, "--lang", "fr", "--folder", "-o", dir);
    const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
    assert.match(html, /<html lang="fr"/);
    assert.match(html, /FR Phishing awareness for office staff/);
    execFileSync("xmllint", ["--noout", "--nonet", "--schema", path.join(xsd, schema), path.join(dir, manifest)],
      { env: { ...process.env, XML_CATALOG_FILES: path.join(xsd, "catalog.xml") }, stdio: "pipe" });
  }
});
