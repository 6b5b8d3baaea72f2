// The LMS side of cmi5, small and of the suite's own: it builds the launch
// URL, serves the one-time fetch URL, keeps LMS.LaunchData (and any AU state)
// in its own State API and the learner preferences in its own Agent Profile
// API (Ralph has neither), and passes /statements through to the Ralph LRS
// with its own credentials once the AU's token checks out. Like ADL's
// reference LMS it refuses (403) what breaks a session rule: a statement of
// another session, anything after terminated, a second passed or failed in
// a session, initialized before the preferences were read. It is a separate
// origin from the content, as in a real LMS, so CORS applies.
import http from "node:http";
import { randomUUID, randomBytes } from "node:crypto";

export const SESSION_EXT = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
export const MASTERY_EXT = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

export class Cmi5Lms {
  constructor(ralph) {
    this.ralph = ralph;
    this.sessions = new Map();  // token → session
    this.byId = new Map();      // session id → session
    this.state = new Map();     // activityId|registration|stateId → { body, type }
    this.profiles = new Map();  // account name|profileId → { body, type } (the Agent Profile API)
    this.problems = [];         // LMS-side findings about the AU's behaviour
  }

  async start() {
    this.server = http.createServer((req, res) => this.handle(req, res).catch((e) => {
      this.problems.push(`LMS error: ${e.stack}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }));
    await new Promise((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${this.server.address().port}`;
  }
  stop() { this.server.closeAllConnections?.(); return new Promise((r) => this.server.close(r)); }

  /** Registers a launch: LaunchData in the State API, a launched statement in the LRS, the launch URL. */
  async launch({ contentUrl, au, actor, registration = randomUUID(), launchMode = "Normal" }) {
    const session = { id: randomUUID(), token: randomBytes(18).toString("base64"), fetches: 0, registration, actor,
      activityId: au.id, requests: [], attempted: new Map() };
    session.fetchUrl = `${this.url}/fetch/${session.id}`;
    this.sessions.set(session.token, session);
    this.byId.set(session.id, session);
    const contextTemplate = {
      contextActivities: { grouping: [{ objectType: "Activity", id: au.id }] },
      extensions: { [SESSION_EXT]: session.id },
    };
    session.launchData = { contextTemplate, launchMode, moveOn: au.moveOn, masteryScore: au.masteryScore, launchMethod: au.launchMethod };
    this.state.set(`${au.id}|${registration}|LMS.LaunchData`, { body: JSON.stringify(session.launchData), type: "application/json" });
    // 9.3.1.0-1: the LMS records "launched" before launching the AU.
    const launched = {
      id: randomUUID(), actor, timestamp: new Date().toISOString(),
      verb: { id: "http://adlnet.gov/expapi/verbs/launched", display: { "en-US": "launched" } },
      object: { objectType: "Activity", id: au.id },
      context: { registration, contextActivities: { grouping: [{ objectType: "Activity", id: au.id }],
        category: [{ objectType: "Activity", id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }] },
      extensions: { [SESSION_EXT]: session.id, "https://w3id.org/xapi/cmi5/context/extensions/launchmode": launchMode,
        "https://w3id.org/xapi/cmi5/context/extensions/moveon": au.moveOn,
        ...(au.masteryScore != null ? { [MASTERY_EXT]: au.masteryScore } : {}) } },
    };
    session.launchedId = launched.id;
    const r = await fetch(this.ralph.url + "statements", { method: "POST", body: JSON.stringify(launched),
      headers: { Authorization: this.ralph.auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" } });
    if (!r.ok) throw new Error(`launched statement refused by Ralph: ${r.status} ${await r.text()}`);
    const q = new URLSearchParams({ endpoint: `${this.url}/xapi/`, fetch: session.fetchUrl, actor: JSON.stringify(actor),
      registration, activityId: au.id });
    session.launchUrl = `${contentUrl}?${q}`;
    return session;
  }

  /**
   * The session rules a strict LMS enforces on what the AU sends with this
   * session's token (cmi5 "(d)" requirements); returns why it refuses `st`.
   */
  strict(s, st) {
    const out = [];
    const verb = st.verb?.id?.replace("http://adlnet.gov/expapi/verbs/", "");
    const sid = st.context?.extensions?.[SESSION_EXT];
    const cmi5 = (st.context?.contextActivities?.category ?? []).some((c) => c.id === "https://w3id.org/xapi/cmi5/context/categories/cmi5");
    if (sid !== s.id) out.push(`[9.6.3.1-4 (d)] ${verb} of session ${sid} sent in session ${s.id}`);
    if (s.terminated) out.push(`[9.3.8.0-4] ${verb} after the session's terminated`);
    if (cmi5 && verb === "initialized" && !s.preferencesRead) out.push("[11.0.0.0-3 (d2)] initialized before the learner preferences were read");
    if (cmi5 && (verb === "passed" || verb === "failed")) {
      if (s.judged) out.push(`[9.3.0.0-3 (d)] ${verb} after ${s.judged} in the same session`);
      else if (!out.length) s.judged = verb;
    }
    if (!out.length && sid === s.id && verb === "terminated") s.terminated = true;
    return out;
  }

  /** Stores the learner's cmi5LearnerPreferences agent profile, as an LMS does from its own settings (cmi5 11.0). */
  setPreferences(actor, prefs) {
    this.profiles.set(`${actor.account.name}|cmi5LearnerPreferences`, { body: JSON.stringify(prefs), type: "application/json" });
  }

  cors(res, extra = {}) {
    res.writeHead(extra.status || 200, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
      "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
      "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Experience-API-Version",
      "X-Experience-API-Version": "1.0.3",
      ...(extra.type ? { "Content-Type": extra.type } : {}),
    });
  }

  async handle(req, res) {
    const url = new URL(req.url, this.url);
    const body = await new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c).toString("utf8"))); });
    if (req.method === "OPTIONS") { this.cors(res, { status: 204 }); return res.end(); }

    const fm = url.pathname.match(/^\/fetch\/([\w-]+)$/);
    if (fm) {
      const s = this.byId.get(fm[1]);
      if (req.method !== "POST") { this.problems.push(`8.2.2.0-4: fetch URL requested with ${req.method}, not POST`); this.cors(res, { status: 405 }); return res.end(); }
      this.cors(res, { type: "application/json" });  // 8.2.2.0-3: 200 even for an error
      if (!s) return res.end(JSON.stringify({ "error-code": "3", "error-text": "General Application Error" }));
      s.fetches++;
      if (s.fetches > 1) return res.end(JSON.stringify({ "error-code": "1", "error-text": "Already in use" }));  // 8.2.3.0-1
      return res.end(JSON.stringify({ "auth-token": s.token }));
    }

    if (!url.pathname.startsWith("/xapi/")) { this.cors(res, { status: 404 }); return res.end(); }
    const auth = req.headers.authorization || "";
    const s = this.sessions.get(auth.replace(/^Basic /, ""));
    const rec = { method: req.method, path: url.pathname, auth, at: Date.now() };
    if (!s || !auth.startsWith("Basic ")) {
      this.problems.push(`8.2.1.0-5: ${req.method} ${url.pathname} without the fetched token (Authorization: ${JSON.stringify(auth)})`);
      this.cors(res, { status: 401 }); return res.end();
    }
    s.requests.push(rec);

    if (url.pathname === "/xapi/activities/state") {
      const key = `${url.searchParams.get("activityId")}|${url.searchParams.get("registration")}|${url.searchParams.get("stateId")}`;
      const stateId = url.searchParams.get("stateId");
      try {
        const agent = JSON.parse(url.searchParams.get("agent"));
        if (agent.account?.homePage !== s.actor.account.homePage || agent.account?.name !== s.actor.account.name) this.problems.push(`State API agent ${JSON.stringify(agent)} is not the launch actor`);
      } catch { this.problems.push(`State API agent is not JSON: ${url.searchParams.get("agent")}`); }
      if (req.method === "GET") {
        const doc = this.state.get(key);
        if (!doc) { this.cors(res, { status: 404 }); return res.end(); }
        this.cors(res, { type: doc.type }); return res.end(doc.body);
      }
      if (stateId === "LMS.LaunchData") {
        this.problems.push(`10.2.1.0-5: the AU tried to ${req.method} LMS.LaunchData`);
        this.cors(res, { status: 403 }); return res.end();
      }
      if (req.method === "PUT" || req.method === "POST") this.state.set(key, { body, type: req.headers["content-type"] || "application/octet-stream" });
      else if (req.method === "DELETE") this.state.delete(key);
      this.cors(res, { status: 204 }); return res.end();
    }

    if (url.pathname === "/xapi/agents/profile") {
      let agent = null;
      try { agent = JSON.parse(url.searchParams.get("agent")); } catch { /* below */ }
      if (agent?.account?.homePage !== s.actor.account.homePage || agent?.account?.name !== s.actor.account.name) {
        this.problems.push(`Agent Profile API agent ${url.searchParams.get("agent")} is not the launch actor`);
        this.cors(res, { status: 403 }); return res.end();
      }
      const key = `${agent.account.name}|${url.searchParams.get("profileId")}`;
      if (req.method === "GET") {
        if (url.searchParams.get("profileId") === "cmi5LearnerPreferences") s.preferencesRead = true;
        const doc = this.profiles.get(key);
        if (!doc) { this.cors(res, { status: 404 }); return res.end(); }
        this.cors(res, { type: doc.type }); return res.end(doc.body);
      }
      // The LMS keeps the preferences; it may refuse an AU's change (11.0.0.0-2), this one does.
      this.problems.push(`the AU tried to ${req.method} the agent profile ${url.searchParams.get("profileId")}`);
      this.cors(res, { status: 403 }); return res.end();
    }

    if (url.pathname === "/xapi/statements") {
      if (req.method === "PUT" || req.method === "POST") {
        let list;
        try { const j = JSON.parse(body); list = Array.isArray(j) ? j : [j]; } catch { this.cors(res, { status: 400 }); return res.end(); }
        const refused = [];
        for (const st of list) {
          const id = st.id || url.searchParams.get("statementId");
          if (!id) this.problems.push(`statement without an id (retries cannot be idempotent): ${JSON.stringify(st).slice(0, 200)}`);
          const again = s.attempted.has(id);  // a retry of a statement sent before: judged then
          s.attempted.set(id, st);
          if (!again) refused.push(...this.strict(s, st));
        }
        if (refused.length) {
          // As ADL's reference LMS does: the request is refused and nothing of it is stored.
          this.problems.push(...refused);
          rec.status = 403;
          this.cors(res, { status: 403, type: "application/json" });
          return res.end(JSON.stringify({ message: refused.join("; ") }));
        }
      }
      let r;
      try {
        r = await fetch(this.ralph.url + "statements" + url.search, { method: req.method,
          body: req.method === "GET" ? undefined : body,
          headers: { Authorization: this.ralph.auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" } });
      } catch {
        rec.status = 502;
        this.cors(res, { status: 502 }); return res.end();  // the LRS is away
      }
      rec.status = r.status;
      const text = await r.text();
      this.cors(res, { status: r.status, type: r.headers.get("content-type") || undefined });
      return res.end(r.status === 204 ? undefined : text);
    }
    this.cors(res, { status: 404 }); res.end();
  }
}
