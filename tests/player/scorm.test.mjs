// The player's SCORM 1.2 and 2004 adapters against a strict stub LMS API in
// a host page (the full scorm-again conformance suite is separate): the
// learner works in the framed SCO by roles and names; the stub enforces the
// limits lenient runtimes do not (suspend_data, lesson_location, ids,
// single-character choice responses) and records every call.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".png": "image/png" };

// A strict stub of the LMS side, for both versions.
const HOST = (version, preload) => `<!doctype html><html lang="en"><title>LMS</title><script>
  var v12 = ${version === "12"}, data = ${JSON.stringify(preload)}, calls = [], errors = [], state = "new";
  function check(k, val) {
    if (v12 && k === "cmi.suspend_data" && val.length > 4096) return "suspend_data over 4096";
    if (v12 && k === "cmi.core.lesson_location" && val.length > 255) return "lesson_location over 255";
    if (/^cmi\\.interactions\\.\\d+\\.id$/.test(k) && /[ .]/.test(val)) return "interaction id with a space or dot";
    if (v12 && k === "cmi.core.exit" && ["", "suspend", "time-out", "logout"].indexOf(val) < 0) return "bad 1.2 exit " + val;
    if (!v12 && k === "cmi.exit" && ["", "suspend", "normal", "time-out", "logout"].indexOf(val) < 0) return "bad exit " + val;
    if (v12 && /student_response$/.test(k)) {
      var n = k.replace(/student_response$/, "type");
      if (data[n] === "choice" && !/^[0-9a-z](,[0-9a-z])*$/.test(val)) return "bad 1.2 choice response " + val;
    }
    if (v12 && /^cmi\\.core\\.session_time$|latency$/.test(k) && !/^\\d{2,4}:\\d{2}:\\d{2}(\\.\\d{1,2})?$/.test(val)) return "bad timespan " + val;
    if (!v12 && /session_time$|latency$/.test(k) && !/^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,2})?S)?)?$/.test(val)) return "bad duration " + val;
    return null;
  }
  var api = {};
  function init() { calls.push("init"); state = "running"; return "true"; }
  function fin() { calls.push("finish"); state = "done"; return "true"; }
  function get(k) { calls.push("get " + k); if (/_count$/.test(k)) { var p = k.slice(0, -6), n = 0; while ((p + n + ".id") in data) n++; return String(n); } return k in data ? data[k] : ""; }
  function set(k, val) {
    val = String(val); calls.push("set " + k + "=" + val);
    if (state !== "running") { errors.push("set after finish " + k); return "false"; }
    var e = check(k, val); if (e) { errors.push(e); return "false"; }
    data[k] = val; return "true";
  }
  function commit() { calls.push("commit"); return "true"; }
  if (v12) window.API = { LMSInitialize: init, LMSFinish: fin, LMSGetValue: get, LMSSetValue: set, LMSCommit: commit,
    LMSGetLastError: function () { return "0"; }, LMSGetErrorString: function () { return ""; }, LMSGetDiagnostic: function () { return ""; } };
  else window.API_1484_11 = { Initialize: init, Terminate: fin, GetValue: get, SetValue: set, Commit: commit,
    GetLastError: function () { return "0"; }, GetErrorString: function () { return ""; }, GetDiagnostic: function () { return ""; } };
</script><iframe src="sco/index.html" title="Course" style="width:100%;height:90vh"></iframe></html>`;

let browser, server, base, sites = {};
let preload = {};

function render(target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trellis-${target}-`));
  execFileSync("cargo", ["run", "--quiet", "-p", "trellis-render", "--example", "render-site", "--", dir, target], {
    cwd: repo, stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target" },
  });
  return dir;
}

before(async () => {
  sites["12"] = render("scorm12");
  sites["2004"] = render("scorm2004");
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const m = url.pathname.match(/^\/(12|2004)\/(.*)$/);
    if (!m) { res.writeHead(404); res.end(); return; }
    if (m[2] === "host.html") {
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end(HOST(m[1] === "12" ? "12" : "2004", preload));
      return;
    }
    const file = path.join(sites[m[1]], path.normalize(decodeURIComponent(m[2].replace(/^sco\//, ""))));
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
});

after(async () => { await browser?.close(); server?.close(); });

async function session(version) {
  const context = await browser.newContext();
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + version + "/host.html");
  const sco = page.frameLocator("iframe");
  await sco.getByRole("heading", { level: 2 }).first().waitFor();
  return { context, page, sco, errors };
}

async function practiceAnswer(sco) {
  await sco.getByRole("link", { name: /Practice/ }).click();
  const q1 = sco.getByRole("group", { name: /^Question 1\b/ });
  await q1.getByLabel("Choice 1").check();
  await q1.getByRole("button", { name: "Check answer" }).click();
  const q2 = sco.getByRole("group", { name: /^Question 2\b/ });
  await q2.getByLabel("Choice 2").check();
  await q2.getByLabel("Choice 3").check();
  await q2.getByRole("button", { name: "Check answer" }).click();
  await sco.locator("#t-live").filter({ hasText: "Not quite." }).waitFor();
}

for (const version of ["12", "2004"]) {
  test(`SCORM ${version}: status, interactions, objectives, suspend and resume`, async () => {
    preload = {};
    let s = await session(version);
    await practiceAnswer(s.sco);
    const lms = await s.page.evaluate(() => ({ data, errors, calls }));
    assert.deepEqual(lms.errors, []);
    const d = lms.data;
    if (version === "12") {
      assert.equal(d["cmi.core.lesson_status"], "incomplete");
      assert.equal(d["cmi.core.lesson_location"], "l-practice");
      assert.equal(d["cmi.interactions.0.id"], "p-0");
      assert.equal(d["cmi.interactions.0.type"], "choice");
      assert.equal(d["cmi.interactions.0.student_response"], "0");
      assert.equal(d["cmi.interactions.0.correct_responses.0.pattern"], "0");
      assert.equal(d["cmi.interactions.0.result"], "correct");
      assert.equal(d["cmi.interactions.0.objectives.0.id"], "obj-spot");
      assert.equal(d["cmi.interactions.1.student_response"], "1,2");
      assert.equal(d["cmi.interactions.1.result"], "wrong");
      assert.equal(d["cmi.objectives.0.id"], "obj-spot");
      assert.equal(d["cmi.objectives.0.score.raw"], "50");
      assert.equal(d["cmi.objectives.0.status"], "failed");
    } else {
      assert.equal(d["cmi.completion_status"], "incomplete");
      assert.equal(d["cmi.success_status"], "unknown");
      assert.equal(d["cmi.location"], "l-practice");
      assert.equal(d["cmi.interactions.0.id"], "p-0");
      assert.equal(d["cmi.interactions.0.learner_response"], "c1");
      assert.equal(d["cmi.interactions.0.correct_responses.0.pattern"], "c1");
      assert.equal(d["cmi.interactions.0.result"], "correct");
      assert.equal(d["cmi.interactions.1.learner_response"], "c2[,]c3");
      assert.equal(d["cmi.interactions.1.result"], "incorrect");
      assert.equal(d["cmi.objectives.0.id"], "obj-spot");
      assert.equal(d["cmi.objectives.0.score.scaled"], "0.5");
      assert.equal(d["cmi.objectives.1.id"], "obj-report");
    }
    assert.ok(lms.calls.includes("commit"));
    // Leaving (the LMS removes the frame): pagehide finishes the session
    // with exit=suspend, and nothing is set after the finish.
    const exitKey = version === "12" ? "cmi.core.exit" : "cmi.exit";
    await s.page.evaluate(() => { document.querySelector("iframe").remove(); });
    const done = await s.page.evaluate(() => ({ data, calls, errors }));
    assert.deepEqual(done.errors, []);
    assert.equal(done.data[exitKey], "suspend");
    assert.equal(done.calls[done.calls.length - 1], "finish");
    assert.ok(!done.calls.some((c) => c.startsWith("set") && done.calls.indexOf(c) > done.calls.indexOf("finish")));
    const suspend = done.data["cmi.suspend_data"];
    assert.ok(suspend.length > 0 && suspend.length <= 4096);
    await s.context.close();

    // Resume: the LMS hands back suspend_data; position and answers return.
    preload = { "cmi.suspend_data": suspend, [version === "12" ? "cmi.core.entry" : "cmi.entry"]: "resume" };
    s = await session(version);
    await s.sco.getByRole("heading", { level: 2, name: "Practice" }).waitFor();
    const q1 = s.sco.getByRole("group", { name: /^Question 1\b/ });
    assert.equal(await q1.getByLabel("Choice 1").isChecked(), true);
    assert.equal(await q1.getByText("Correct.").isVisible(), true);
    assert.deepEqual(s.errors, []);
    await s.context.close();
  });
}
