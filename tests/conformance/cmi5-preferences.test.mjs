// The cmi5 learner preferences (cmi5LearnerPreferences agent profile, kept
// by the suite's LMS): read before initialized, audioPreference applied to
// every audio and video, languagePreference choosing the course language.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { repo } from "./lib/env.mjs";
import { loadCourse } from "./lib/course.mjs";
import { verbOf } from "./lib/cmi5rules.mjs";
import { Cmi5Runs, cmi5Suite } from "./lib/cmi5run.mjs";
import { pickLanguage } from "../../crates/trellis-render/player/pick-language.js";

const actor = { objectType: "Agent", name: "Test Learner", account: { homePage: "https://lms.trellis.example", name: "learner-prefs" } };
const runs = cmi5Suite(["phishing-awareness"], actor);
const phishing = () => loadCourse(path.join(repo, "examples", "phishing-awareness"));

describe("cmi5 learner preferences (cmi5LearnerPreferences agent profile)", () => {
  const learner = (name) => ({ ...actor, account: { ...actor.account, name } });
  async function withPrefs(name, prefs) {
    const who = learner(name);
    if (prefs) runs.lms.setPreferences(who, prefs);
    const r = new Cmi5Runs({ ...runs, actor: who });
    const registration = randomUUID();
    const run = await r.open("phishing-awareness", phishing(), registration);
    await runs.waitFor(async () => (await runs.ralph.statements(registration)).some((s) => verbOf(s) === "initialized"), "initialized", 15000, run);
    const muted = await run.page.$$eval("audio, video", (els) => els.map((e) => e.muted));
    const lang = await run.page.evaluate(() => document.documentElement.lang);
    const asked = run.session.requests.some((q) => q.method === "GET" && q.path === "/xapi/agents/profile");
    await r.leave(run);
    const stored = (await runs.ralph.statements(registration)).filter((s) => verbOf(s) !== "launched");
    return { muted, lang, asked, stored, run };
  }

  test("audio off and a language list: media start muted, the course's language is the learner's second choice", async () => {
    runs.lms.problems.length = 0;
    const got = await withPrefs("learner-prefs-off", { languagePreference: "fr-CA,en-US", audioPreference: "off" });
    assert.ok(got.asked, "the AU read the agent profile");
    assert.ok(got.muted.length >= 2, "the course has audio and video");
    assert.deepEqual(got.muted, got.muted.map(() => true), "every audio and video starts muted");
    assert.equal(got.lang, "en-GB", "the page's language: the course's own (en-US is English too; there is no French)");
    assert.deepEqual(got.stored.map((s) => s.context?.language), got.stored.map(() => "en-GB"), "statements say the language the course was taken in");
    assert.deepEqual(runs.lms.problems, [], "LMS findings");
  });

  test("audio on: media play with sound", async () => {
    const got = await withPrefs("learner-prefs-on", { languagePreference: "en-GB", audioPreference: "on" });
    assert.ok(got.asked, "the AU read the agent profile");
    assert.deepEqual(got.muted, got.muted.map(() => false), "no audio or video muted");
  });

  test("no preferences stored: the course as published", async () => {
    const got = await withPrefs("learner-prefs-none", null);
    assert.ok(got.asked, "the AU asked for the agent profile");
    assert.deepEqual(got.muted, got.muted.map(() => false), "no audio or video muted");
    assert.equal(got.lang, "en-GB");
    assert.deepEqual(got.run.errors, [], "no script errors");
  });

  test("the language choice: the first preference the course holds, a regional variant standing in for its language", () => {
    const pick = (prefs, have) => pickLanguage(prefs, have);
    assert.equal(pick("fr-FR,en-GB", ["en-GB"]), "en-GB");
    assert.equal(pick("en-US", ["de-DE", "en-GB"]), "en-GB", "same language, other region");
    assert.equal(pick("fr-CA, en-GB", ["en-GB", "fr-FR"]), "fr-FR", "the learner's first language before an exact match of the second");
    assert.equal(pick("DE-de", ["de-DE"]), "de-DE", "case does not matter");
    assert.equal(pick("es", ["en-GB"]), null, "none held");
    assert.equal(pick("", ["en-GB"]), null);
    assert.equal(pick(undefined, ["en-GB"]), null);
  });
});
