// decode(encode(x)) = x for the player's saved state (player/state.js), in
// node: random courses of every question kind (up to 40 options, so two-digit
// fields too), assessments drawn with and without shuffle, and random learner
// states. A damaged or foreign state decodes to nothing, never to an error.
//
// Run: node --test tests/player/state.test.mjs
// TRELLIS_STATE_CASES sets the number of random courses (default 300);
// TRELLIS_STATE_SEED replays one seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rng } from "../conformance/lib/rng.mjs";
// The player's own module (an ES module without imports): the encoder and
// the seeded draw the state keeps.
import * as T from "../../crates/trellis-render/player/state.js";

const CASES = Number(process.env.TRELLIS_STATE_CASES) || 300;
const BASE = Number(process.env.TRELLIS_STATE_SEED) || 1 + Math.floor(Math.random() * 2 ** 30);
const KINDS = ["single-choice", "multiple-response", "true-false", "fill-blank", "numeric", "matching", "ordering"];

/** Course data as data.rs writes it, as far as the state needs it. */
function randomCourse(r, shuffle) {
  const pages = Array.from({ length: 1 + r.int(40) }, (_, i) => ({ id: `l${i}` }));
  const questions = [];
  for (const kind of KINDS) {
    for (let k = 0, m = 1 + r.int(3); k < m; k++) {
      const n = kind === "true-false" ? 2 : r.chance(0.2) ? 36 + r.int(5) : 2 + r.int(8);
      const d = { kind, inAssessment: false };
      if (!["fill-blank", "numeric"].includes(kind)) d.count = n;
      if (kind === "fill-blank") d.maxLength = 40 + r.int(80);
      questions.push(d);
    }
  }
  const assessments = [];
  for (let i = 0, m = r.int(4); i < m; i++) {
    const pool = questions.map((q, k) => k).filter(() => r.chance(0.4));
    if (!pool.length) continue;
    pool.forEach((k) => { questions[k].inAssessment = true; });
    assessments.push({ pool, draw: 1 + r.int(pool.length), shuffle, passMark: 80, attempts: r.int(4) });
  }
  const scenarios = Array.from({ length: r.int(3) }, () => {
    const len = 1 + r.int(12);
    const nodes = Array.from({ length: len }, () => ({ next: Array.from({ length: r.int(4) }, () => r.int(len)) }));
    return { nodes, start: 0 };
  });
  return { pages, questions, assessments, scenarios };
}

const TEXT = ["a", "Z", "0", " ", "é", "日本", "😀", "*", "*0041", "~", "|", "\\", "\"", "'", "<", "&", "\u00a0", "\n", "ß"];

function randomValue(r, d) {
  const all = Array.from({ length: d.count || 0 }, (_, i) => i);
  switch (d.kind) {
    case "single-choice": return r.int(d.count);
    case "multiple-response": return all.map(() => r.chance(0.5));
    case "true-false": return r.chance(0.5);
    case "fill-blank": {
      let s = "";
      const len = r.chance(0.2) ? d.maxLength : r.int(d.maxLength);
      while (s.length < len) s += r.pick(TEXT);
      return s;
    }
    case "numeric": return r.pick(["0", "-1.5", "+3", ".25", "1e-9", "12,5", "9999999999999999", "-1.2345678901e-99".slice(0, 16)]);
    case "matching":
      // Repeated targets, and -1 for an item not matched yet.
      return r.chance(0.3) ? all.map(() => all.length - 1) : all.map(() => r.int(d.count + 1) - 1);
    case "ordering": {
      for (let i = all.length - 1; i > 0; i--) { const j = r.int(i + 1); [all[i], all[j]] = [all[j], all[i]]; }
      return r.chance(0.2) ? all.map((x, i) => all.length - 1 - i) : all;
    }
  }
  throw new Error(d.kind);
}

function randomState(r, D) {
  const S = T.emptyState(D);
  S.f = r.int(64);
  S.page = r.int(D.pages.length);
  S.visited = D.pages.map(() => r.chance(0.5));
  D.questions.forEach((d, i) => {
    if (r.chance(0.7)) S.q[i] = { a: r.int(36), r: r.pick(["c", "w", "n"]), v: randomValue(r, d) };
  });
  S.a = D.assessments.map(() => ({ n: r.int(36), st: r.pick(["i", "r"]), seed: r.int(36 ** 4), best: r.int(101), last: r.int(101) }));
  S.s = D.scenarios.map((sc) => {
    const mc = sc.nodes.reduce((m, n) => Math.max(m, n.next.length), 0);
    return { node: r.int(sc.nodes.length), path: mc ? Array.from({ length: r.int(sc.nodes.length + 1) }, () => r.int(mc)) : [] };
  });
  return S;
}

const plainData = (x) => JSON.parse(JSON.stringify(x));

for (const shuffle of [true, false]) {
  test(`decode(encode(state)) = state, every kind, assessments ${shuffle ? "shuffled" : "in pool order"} (seed ${BASE})`, () => {
    for (let c = 0; c < CASES; c++) {
      const seed = BASE + c, r = rng(seed), D = randomCourse(r, shuffle);
      const S = randomState(r, D), text = T.encode(D, S);
      const where = `seed ${seed} (replay: TRELLIS_STATE_SEED=${seed} TRELLIS_STATE_CASES=1)`;
      assert.match(text, /^[\x20-\x7e]*$/, `${where}: printable ASCII`);
      // (Compared as plain data: the player's objects come from another realm.)
      assert.deepEqual(plainData(T.decode(D, text)), plainData(S), `${where}: ${text}`);
      // The learner sees the same questions, in the same order, after the round trip.
      D.assessments.forEach((a, i) => {
        const seedBack = T.decode(D, text).a[i].seed || 1;
        const drawn = T.drawn(a, seedBack);
        assert.deepEqual(drawn, T.drawn(a, S.a[i].seed || 1), `${where}: assessment ${i} draw`);
        assert.equal(drawn.length, a.draw);
        if (!shuffle) assert.deepEqual(drawn, drawn.slice().sort((x, y) => x - y), `${where}: pool order kept`);
      });
      // Damaged or foreign text: nothing, or a state that encodes back to the same text.
      const i = r.int(text.length), bad = text.slice(0, i) + r.pick(["", "|", "~", "z", "!", "*"]) + text.slice(i + 1);
      let back;
      assert.doesNotThrow(() => { back = T.decode(D, bad); }, `${where}: damaged text`);
      if (back) assert.equal(typeof T.encode(D, back), "string");
      const other = randomCourse(rng(seed ^ 0x5bd1e995), shuffle);
      assert.doesNotThrow(() => T.decode(other, text));
    }
  });
}
