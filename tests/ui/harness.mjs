// Starts the real `trellis studio` on a free loopback port with a temporary
// config folder and a temporary course folder, and a headless Debian
// Chromium driven by playwright-core. Everything is stopped by PID.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
export const SCREENSHOTS = path.join(repo, "docs", "screenshots");

/** The trellis binary: $TRELLIS_BIN, else built with cargo (-p trellis-cli). */
export function trellisBin() {
  if (process.env.TRELLIS_BIN) return process.env.TRELLIS_BIN;
  const target = process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target";
  execFileSync("cargo", ["build", "--quiet", "-p", "trellis-cli"], {
    cwd: repo, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CARGO_TARGET_DIR: target },
  });
  return path.join(target, "debug", "trellis");
}

/** ui/dist, built with `npm ci && npm run build` when missing. */
export function uiDist() {
  const dist = path.join(repo, "ui", "dist");
  if (!fs.existsSync(path.join(dist, "index.html")) || process.env.TRELLIS_UI_REBUILD) {
    const ui = path.join(repo, "ui");
    if (!fs.existsSync(path.join(ui, "node_modules"))) execFileSync("npm", ["ci"], { cwd: ui, stdio: "inherit" });
    execFileSync("npm", ["run", "build"], { cwd: ui, stdio: "inherit" });
  }
  return dist;
}

/**
 * Starts `bin ARGS` (a server that prints its `http://127.0.0.1:PORT/…`
 * address) and resolves with that address, the child and `stop()`.
 */
export async function spawnServer(bin, args, { cwd, env = process.env, name = "the server" } = {}) {
  const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 20000);
    const onData = (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}): ${out}`)); });
  });
  return {
    url, child,
    async stop() {
      if (child.exitCode == null) {
        child.kill("SIGTERM");
        await new Promise((r) => { child.once("exit", r); setTimeout(r, 3000); });
      }
    },
  };
}

export async function startStudio({ course } = {}) {
  const bin = trellisBin();
  const dist = uiDist();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-ui-"));
  const config = path.join(work, "config");
  fs.mkdirSync(config);
  const args = ["studio", "--port", "0", "--ui-dir", dist];
  if (course) args.push(course);
  const server = await spawnServer(bin, args, {
    cwd: work,
    // New courses made without a path (browser mode) go to `work`.
    env: { ...process.env, TRELLIS_CONFIG_DIR: config, XDG_CONFIG_HOME: config, TRELLIS_COURSES_DIR: work },
    name: "studio",
  });
  return { ...server, work };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until no call is pending and the status bar says "Saved". */
export async function saved(page) {
  await page.waitForTimeout(350); // fields commit after 120 ms (text) or 300 ms (numbers) of quiet
  await page.waitForFunction(() => {
    const bar = document.querySelector(".statusbar");
    return bar?.dataset.pending === "0" && document.querySelector(".saved")?.textContent === "Saved";
  }, null, { timeout: 10000 });
}

/** Runs `action` and waits for the course revision to move and calls to settle. */
export async function changes(page, action) {
  const rev = Number(await page.locator(".statusbar").getAttribute("data-revision"));
  await action();
  await page.waitForFunction((r) => Number(document.querySelector(".statusbar")?.dataset.revision) > r, rev, { timeout: 10000 });
  await saved(page);
}
