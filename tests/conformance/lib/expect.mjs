// What a correct (or wrong) answer from the scripted learner must be
// recorded as, derived from the course's text files and the SCORM / xAPI
// response formats, independently of the player's code.
const ch = (i) => i.toString(36);

/** The learner's response to q (as lib/learner.mjs gives it) in SCORM 1.2 ("12") or 2004/xAPI ("04") form. */
export function response(q, correct, f) {
  const v12 = f === "12";
  switch (q.type) {
    case "single-choice": {
      const i = q.choices.findIndex((c) => (correct ? c.correct : !c.correct));
      return v12 ? ch(i) : q.choices[i].id;
    }
    case "multiple-response": {
      const wrongOne = q.choices.findIndex((c) => !c.correct);
      const idx = q.choices.map((c, i) => i).filter((i) => (correct ? q.choices[i].correct : i === wrongOne));
      return v12 ? idx.map(ch).join(",") : idx.map((i) => q.choices[i].id).join("[,]");
    }
    case "true-false": {
      const said = correct ? q.correct : !q.correct;
      return v12 ? (said ? "t" : "f") : String(said);
    }
    case "fill-blank": return correct ? q.accepted[0] : "no idea";
    case "numeric": return String(correct ? q.value : q.value + 12345);
    case "matching": {
      const n = q.pairs.length;
      return q.pairs.map((p, i) => {
        const j = correct ? i : (i + 1) % n;
        return v12 ? `${ch(i)}.${ch(j)}` : `${p.id}[.]${q.pairs[j].id}-r`;
      }).join(v12 ? "," : "[,]");
    }
    case "ordering": {
      const idx = q.items.map((x, i) => i);
      if (!correct) idx.reverse();
      return v12 ? idx.map(ch).join(",") : idx.map((i) => q.items[i].id).join("[,]");
    }
  }
  throw new Error(q.type);
}

export const TYPES = { "single-choice": "choice", "multiple-response": "choice", "true-false": "true-false",
  "fill-blank": "fill-in", matching: "matching", ordering: "sequencing", numeric: "numeric" };
