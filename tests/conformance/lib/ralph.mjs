// The Ralph LRS (PyPI ralph-malph, filesystem backend) on 127.0.0.1, started
// and stopped by PID. run.sh creates the venv; TRELLIS_VENV overrides where.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export const VENV = process.env.TRELLIS_VENV || "/var/tmp/trellis-venv";
const USER = "trellis-lms", PASS = "trellis-lms-secret";

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export class Ralph {
  /** @param corsOrigins origins (scheme://host:port) whose pages may call Ralph directly (CORS); none by default */
  constructor({ corsOrigins = [] } = {}) {
    this.bin = path.join(VENV, "bin", "ralph");
    if (!fs.existsSync(this.bin)) throw new Error(`Ralph is not installed at ${this.bin}: run tests/run.sh (it creates the venv)`);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-ralph-"));
    this.env = { ...process.env, RALPH_RUNSERVER_BACKEND: "fs", RALPH_APP_DIR: path.join(this.dir, "app"),
      ...(corsOrigins.length ? { RALPH_RUNSERVER_CORS_ALLOW_ORIGINS: JSON.stringify(corsOrigins) } : {}) };
    execFileSync(this.bin, ["auth", "-u", USER, "-p", PASS, "-s", "all", "-M", "mailto:lms@trellis.example", "-w"],
      { env: this.env, stdio: ["ignore", "ignore", "pipe"] });
    this.auth = "Basic " + Buffer.from(`${USER}:${PASS}`).toString("base64");
    this.log = path.join(this.dir, "ralph.log");
  }
  get url() { return `http://127.0.0.1:${this.port}/xAPI/`; }

  async start() {
    this.port ??= await freePort();
    const out = fs.openSync(this.log, "a");
    // Ralph's app under uvicorn (see ralph_app.py for why not `ralph runserver`).
    this.proc = spawn(path.join(VENV, "bin", "python"), ["-m", "uvicorn", "ralph_app:app", "--host", "127.0.0.1",
      "--port", String(this.port), "--log-level", "warning"], {
      cwd: this.dir, env: { ...this.env, PYTHONPATH: here, RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: path.join(this.dir, "data") },
      stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    const until = Date.now() + 30000;
    for (;;) {
      if (this.proc.exitCode != null) throw new Error(`Ralph exited (${this.proc.exitCode}); see ${this.log}`);
      try {
        const r = await fetch(this.url + "statements?limit=1", { headers: { Authorization: this.auth, "X-Experience-API-Version": "1.0.3" } });
        if (r.ok) return;
      } catch { /* not up yet */ }
      if (Date.now() > until) throw new Error(`Ralph did not answer on port ${this.port}; see ${this.log}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async stop() {
    const p = this.proc;
    if (!p || p.exitCode != null) return;
    const gone = new Promise((r) => p.once("exit", r));
    try { process.kill(-p.pid, "SIGTERM"); } catch { /* already gone */ }
    const t = setTimeout(() => { try { process.kill(-p.pid, "SIGKILL"); } catch { /* gone */ } }, 5000);
    await gone;
    clearTimeout(t);
    this.proc = null;
  }

  /** Every statement stored for a registration (following `more` links). */
  async statements(registration) {
    const out = [];
    let url = this.url + "statements?limit=500&registration=" + encodeURIComponent(registration);
    while (url) {
      const r = await fetch(url, { headers: { Authorization: this.auth, "X-Experience-API-Version": "1.0.3" } });
      if (!r.ok) throw new Error(`Ralph GET statements: ${r.status} ${await r.text()}`);
      const j = await r.json();
      out.push(...j.statements);
      url = j.more ? new URL(j.more, this.url).href : null;
    }
    return out;
  }
}
