// Builds the worst-case saved state for a course with the player's own
// encoder (player/state.js) and prints its length, after checking that it
// decodes back to the same state.
// Usage: node worst_state.mjs STATE_JS DATA_JSON
import fs from "node:fs";
import { pathToFileURL } from "node:url";
const [stateJs, dataJson] = process.argv.slice(2);
const T = await import(pathToFileURL(stateJs).href);
const D = JSON.parse(fs.readFileSync(dataJson, "utf8"));
const maxChoices = (sc) => sc.nodes.reduce((m, n) => Math.max(m, n.next.length), 0);
function worst(d) {
  const n = d.count || 0;
  switch (d.kind) {
    case "single-choice": return n - 1;
    case "multiple-response": return Array(n).fill(true);
    case "true-false": return true;
    case "fill-blank": return "\u00e9".repeat(d.maxLength);
    case "numeric": return "-1.2345678901e-99".slice(0, 16);
    case "matching": return Array(n).fill(n - 1);
    case "ordering": return Array.from({ length: n }, (_, i) => n - 1 - i);
  }
  throw new Error("unknown kind " + d.kind);
}
const S = T.emptyState(D);
S.f = 63;
S.page = Math.max(0, D.pages.length - 1);
S.visited = S.visited.map(() => true);
D.questions.forEach((d, i) => { S.q[i] = { a: 35, r: "w", v: worst(d) }; });
S.a = D.assessments.map(() => ({ n: 35, st: "r", seed: 36 ** 4 - 1, best: 100, last: 100 }));
S.s = D.scenarios.map((sc) => ({
  node: sc.nodes.length - 1,
  path: Array(sc.nodes.length).fill(Math.max(0, maxChoices(sc) - 1)),
}));
const text = T.encode(D, S);
const back = T.decode(D, text);
if (!back) throw new Error("the worst case does not decode");
if (JSON.stringify(back) !== JSON.stringify(S)) {
  throw new Error("round trip differs:\n" + JSON.stringify(S) + "\n" + JSON.stringify(back));
}
if (!/^[\x20-\x7e]*$/.test(text)) throw new Error("not printable ASCII");
process.stdout.write(String(text.length));
