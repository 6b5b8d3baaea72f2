// A record store's key and secret in the system keyring, for real: a
// private D-Bus session with GNOME Keyring's daemon (Debian's
// gnome-keyring) serving the Secret Service, its login keyring made and
// unlocked with a test password. `trellis results login` keeps the key and
// secret there (read back with secret-tool, libsecret's own client), a
// pull without environment variables reads the Ralph LRS with them, the
// environment still wins, `logout` removes them, the course file never
// holds them; with no Secret Service the messages say what to do. The
// editor: "Remember on this computer" keeps them once the pull succeeds,
// and a new session of the editor pulls with the fields left empty.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, execFile, execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Ralph } from "../conformance/lib/ralph.mjs";
import { startStudio, launchBrowser } from "../ui/harness.mjs";

const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
const CLI = process.env.TRELLIS_CLI || path.join(target, "debug", "trellis");
const KEY = "trellis-lms", SECRET = "trellis-lms-secret";
const SERVICE = "Trellis record store";
const COURSE_ID = "keyring-demo";

let dir, ralph, bus, daemon, session, coursePath, browser;

/** Runs a program; resolves with { code, stdout, stderr }. */
function run(bin, args, { env = {}, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { env: { ...session, ...env }, timeout: 120000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
    // A program that exits without reading its input closes the pipe first.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}
const trellis = (args, opts) => run(CLI, args, opts);
/** What the Secret Service holds for the store, read with libsecret's secret-tool. */
const lookup = (address) => run("secret-tool", ["lookup", "service", SERVICE, "username", address]);
const sql = (file, query) => execFileSync("sqlite3", [file, query], { encoding: "utf8" }).trim().split("\n").filter(Boolean);

function courseFolder(root) {
  fs.mkdirSync(path.join(root, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(root, "course.toml"), `id = "${COURSE_ID}"\ntitle = "Keyring demo"\nlanguage = "en"\nversion = "1.0"\n\n` +
    `[[modules]]\nid = "m"\ntitle = "Module"\nlessons = ["quiz"]\n`);
  fs.writeFileSync(path.join(root, "lessons", "quiz.md"), `+++\nid = "quiz"\ntitle = "Quiz"\ntemplate = "free"\n+++\n\n` +
    `::: question {id = "q-sky"}\ntype = "single-choice"\nprompt = "Which colour is the sky?"\n\n` +
    `[[choices]]\nid = "blue"\ntext = "Blue"\ncorrect = true\n\n[[choices]]\nid = "green"\ntext = "Green"\n:::\n`);
  return root;
}

/** Waits until `name` has an owner on the session bus. */
async function waitForName(name) {
  const until = Date.now() + 20000;
  for (;;) {
    const r = await run("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
      "org.freedesktop.DBus.NameHasOwner", `string:${name}`]);
    if (r.code === 0 && /boolean true/.test(r.stdout)) return;
    if (Date.now() > until) throw new Error(`${name} did not appear on the session bus: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** A process's exit, once it has been sent SIGTERM. */
async function stop(child) {
  if (!child || child.exitCode != null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await gone;
}

before(async () => {
  for (const [bin, pkg] of [["dbus-daemon", "dbus-daemon"], ["gnome-keyring-daemon", "gnome-keyring"], ["secret-tool", "libsecret-tools"]]) {
    try { execFileSync("sh", ["-c", `command -v ${bin}`]); } catch { throw new Error(`${bin} is missing: install the Debian package ${pkg} (cargo xtask setup does)`); }
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-keyring-"));
  const home = path.join(dir, "home"), runtime = path.join(dir, "run");
  fs.mkdirSync(home);
  fs.mkdirSync(runtime, { mode: 0o700 });
  // A private session bus: nothing of the machine's own is touched.
  bus = spawn("dbus-daemon", ["--session", "--nofork", "--nopidfile", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
  const address = await new Promise((resolve, reject) => {
    let seen = "";
    bus.stdout.on("data", (d) => { seen += d; if (seen.includes("\n")) resolve(seen.trim()); });
    bus.on("exit", (c) => reject(new Error(`dbus-daemon exited (${c})`)));
  });
  session = {
    ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, ".local", "share"), XDG_RUNTIME_DIR: runtime,
    DBUS_SESSION_BUS_ADDRESS: address,
  };
  for (const k of ["TRELLIS_LRS_KEY", "TRELLIS_LRS_SECRET"]) delete session[k];
  // GNOME Keyring's Secret Service; --unlock makes the login keyring with
  // the password read from standard input, unlocked.
  daemon = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], { env: session, stdio: ["pipe", "ignore", "pipe"] });
  daemon.stdin.end("test-keyring-password");
  await waitForName("org.freedesktop.secrets");

  const src = courseFolder(path.join(dir, "course"));
  coursePath = path.join(dir, "keyring-demo.trellis");
  const made = await trellis(["import", src, "-o", coursePath]);
  assert.equal(made.code, 0, made.stderr);
  ralph = new Ralph();
  await ralph.start();
  // Three learners' answers, as the xAPI player sends them.
  const statements = ["blue", "green", "blue"].map((choice, n) => ({
    id: randomUUID(),
    actor: { mbox: `mailto:learner${n}@keyring.example` },
    verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
    object: { id: `urn:trellis:course:${COURSE_ID}:question:q-sky` },
    result: { success: choice === "blue", response: choice },
    context: { revision: "1.0", contextActivities: { parent: [{ id: `urn:trellis:course:${COURSE_ID}` }] } },
    // Now, as a player sends them (Ralph's `since` compares timestamps).
    timestamp: new Date(Date.now() + n).toISOString(),
  }));
  const r = await fetch(ralph.url + "statements", {
    method: "POST",
    headers: { Authorization: ralph.auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" },
    body: JSON.stringify(statements),
  });
  assert.ok(r.ok, `POST statements: ${r.status}`);
});

after(async () => {
  await browser?.close();
  await ralph?.stop();
  await stop(daemon);
  await stop(bus);
  if (ralph) fs.rmSync(ralph.dir, { recursive: true, force: true });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("login keeps the key and secret in the Secret Service, and pulls use them", { timeout: 300000 }, async () => {
  const address = ralph.url;
  // Nothing kept yet: the pull says how to give them.
  let r = await trellis(["results", "pull", coursePath, "--lrs", address]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`no key and secret for the record store at ${address.replace(/[.?]/g, "\\$&")}: keep them in the system keyring with \`trellis results login --lrs `));

  // The secret from standard input (not a terminal), the key from --key.
  r = await trellis(["results", "login", "--lrs", address, "--key", KEY], { input: `${SECRET}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /are kept in the system keyring/);
  // Read back through the real Secret Service, by libsecret's own client.
  const kept = await lookup(address);
  assert.equal(kept.code, 0, kept.stderr);
  assert.deepEqual(JSON.parse(kept.stdout), { key: KEY, secret: SECRET });
  // An address written differently is the same store.
  assert.equal((await lookup(address.replace(/\/$/, ""))).code, 1, "kept under the normalised address only");

  r = await trellis(["results", "pull", coursePath, "--lrs", address.replace(/\/$/, "")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 statements read: 3 new, 0 already held/);
  assert.deepEqual(sql(coursePath, "SELECT count(*), count(DISTINCT learner) FROM results"), ["3|3"]);
  // Never in the course file, in any table.
  const bytes = fs.readFileSync(coursePath);
  assert.equal(bytes.indexOf(SECRET), -1, "the secret is not in the course file");
  assert.deepEqual(sql(coursePath, "SELECT lrs FROM results_pulls"), [address]);

  // The environment wins over the keyring: a wrong secret there is used, and named.
  r = await trellis(["results", "pull", coursePath, "--lrs", address], { env: { TRELLIS_LRS_KEY: KEY, TRELLIS_LRS_SECRET: "wrong" } });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /refused the key and secret \(401 Unauthorized\); check TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET/);
  // Another key than the one kept is refused before asking the store.
  r = await trellis(["results", "pull", coursePath, "--lrs", address, "--key", "someone-else"]);
  assert.match(r.stderr, /the system keyring keeps another key for the record store at/);

  // A kept secret the store refuses is named as the keyring's.
  r = await trellis(["results", "login", "--lrs", address], { env: { TRELLIS_LRS_KEY: KEY }, input: "not-the-secret\n" });
  assert.equal(r.code, 0, r.stderr);
  r = await trellis(["results", "pull", coursePath, "--lrs", address]);
  assert.match(r.stderr, /refused the key and secret \(401 Unauthorized\); check the key and secret kept in the system keyring/);

  r = await trellis(["results", "logout", "--lrs", address]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /are no longer kept in the system keyring/);
  assert.equal((await lookup(address)).code, 1, "removed from the Secret Service");
  r = await trellis(["results", "logout", "--lrs", address]);
  assert.match(r.stdout, /kept no key and secret/);
});

test("without a Secret Service the messages name the environment variables", { timeout: 120000 }, async () => {
  const none = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dir, "no-bus")}` };
  let r = await trellis(["results", "pull", coursePath, "--lrs", ralph.url], { env: none });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /the system keyring cannot be reached \(.+\), for the record store at .+; set TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET instead/);
  r = await trellis(["results", "login", "--lrs", ralph.url, "--key", KEY], { env: none, input: `${SECRET}\n` });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /the system keyring cannot be reached/);
  // The environment alone still works.
  r = await trellis(["results", "pull", coursePath, "--lrs", ralph.url], { env: { ...none, TRELLIS_LRS_KEY: KEY, TRELLIS_LRS_SECRET: SECRET } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, / 0 new, 3 already held/);
});

test("the editor remembers the key and secret on this computer when asked", { timeout: 300000 }, async () => {
  const editorCourse = path.join(dir, "editor.trellis");
  fs.copyFileSync(coursePath, editorCourse);
  execFileSync("sqlite3", [editorCourse, "DELETE FROM results; DELETE FROM results_pulls;"]);
  // The studio inherits the private session bus.
  const saved = { ...process.env };
  Object.assign(process.env, session);
  browser = await launchBrowser();
  let ctx;
  const openResults = async (studio) => {
    ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(studio.url);
    await page.locator(".shell").waitFor();
    await page.getByRole("button", { name: "Results", exact: true }).click();
    return page.locator(".results-view");
  };
  // The page closes before its studio stops (else its event stream breaks off).
  const close = async (studio) => {
    await ctx?.close();
    await studio.stop();
  };
  try {
    let studio = await startStudio({ course: editorCourse });
    try {
      const view = await openResults(studio);
      await view.getByLabel("Record store address").fill(ralph.url);
      await view.getByLabel("Key", { exact: true }).fill(KEY);
      // A refused secret is not remembered.
      await view.getByLabel("Secret", { exact: true }).fill("not-the-secret");
      await view.getByRole("checkbox", { name: "Remember on this computer" }).check();
      await view.getByRole("button", { name: "Get results" }).click();
      const status = view.getByRole("status");
      await status.getByText(/refused the key and secret \(401 Unauthorized\)/).waitFor({ timeout: 60000 });
      assert.equal((await lookup(ralph.url)).code, 1, "nothing kept after a refusal");

      await view.getByLabel("Secret", { exact: true }).fill(SECRET);
      await view.getByRole("button", { name: "Get results" }).click();
      await status.getByText(/3 statements read: 3 new/).waitFor({ timeout: 60000 });
      await status.getByText("The key and secret are remembered on this computer (in its keyring).").waitFor();
      const kept = await lookup(ralph.url);
      assert.equal(kept.code, 0, kept.stderr);
      assert.deepEqual(JSON.parse(kept.stdout), { key: KEY, secret: SECRET });
    } finally {
      await close(studio);
    }
    assert.equal(fs.readFileSync(editorCourse).indexOf(SECRET), -1, "the secret is not in the course file");

    // A new session: nothing in memory, the fields left empty.
    execFileSync("sqlite3", [editorCourse, "DELETE FROM results;"]);
    studio = await startStudio({ course: editorCourse });
    try {
      const view = await openResults(studio);
      await view.getByLabel("Record store address").fill(ralph.url);
      assert.equal(await view.getByLabel("Secret", { exact: true }).inputValue(), "");
      await view.getByRole("button", { name: "Get results" }).click();
      await view.getByRole("status").getByText(/3 statements read: 3 new/).waitFor({ timeout: 60000 });
      assert.deepEqual(sql(editorCourse, "SELECT count(*) FROM results"), ["3"]);
    } finally {
      await close(studio);
    }
  } finally {
    for (const k of Object.keys(session)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});
