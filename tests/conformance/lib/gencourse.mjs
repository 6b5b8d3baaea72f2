// A course in the text format with every question kind, written for the
// round-trip tests: a practice lesson (each kind twice, with 1, 2, 3 or
// unlimited attempts, points 1 to 3, non-ASCII text), then two assessments holding
// every kind, one shuffled and one in pool order. Returns the folder and the
// answer key as the test needs it (never read back from the player).
import fs from "node:fs";
import path from "node:path";

export const KINDS = ["single-choice", "multiple-response", "true-false", "fill-blank", "numeric", "matching", "ordering"];
export const PASS = 60;

const toml = (s) => JSON.stringify(s); // a TOML basic string is a JSON string for this text

function question(kind, id, k, attempts) {
  const q = { id, kind, attempts, points: 1 + (k % 3) };
  const lines = [`type = "${kind}"`, `points = ${q.points}`, `attempts = ${q.attempts}`,
    `correct_feedback = "Right."`, `incorrect_feedback = "Wrong."`];
  switch (kind) {
    case "single-choice":
    case "multiple-response": {
      const n = 3 + (k % 3);
      q.choices = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `Option ${i} — ${["café", "Zürich", "日本", "naïve", "ø", "straße"][i]}` }));
      q.key = kind === "single-choice" ? [k % n] : [0, n - 1];
      q.prompt = `Pick (${kind} ${k}): which one?`;
      lines.push(`prompt = ${toml(q.prompt)}`);
      for (const [i, c] of q.choices.entries()) lines.push("", "[[choices]]", `id = "${c.id}"`, `text = ${toml(c.text)}`, `correct = ${q.key.includes(i)}`);
      break;
    }
    case "true-false":
      q.key = k % 2 === 0;
      q.prompt = `True or false ${k}: the sky is green?`;
      lines.push(`prompt = ${toml(q.prompt)}`, `correct = ${q.key}`);
      break;
    case "fill-blank":
      q.accepted = k % 2 ? ["Ça va", "ok"] : ["report it"];
      q.caseSensitive = k % 2 === 1;
      q.prompt = `Fill in ${k}: the answer is ___.`;
      lines.push(`prompt = ${toml(q.prompt)}`, `accepted = ${toml(q.accepted)}`, `case_sensitive = ${q.caseSensitive}`);
      break;
    case "numeric":
      q.value = k % 2 ? 12.5 : 40;
      q.tolerance = k % 2 ? 0.5 : 0;
      q.prompt = `Number ${k}: how many?`;
      lines.push(`prompt = ${toml(q.prompt)}`, `value = ${q.value}`, `tolerance = ${q.tolerance}`);
      break;
    case "matching": {
      const n = 3 + (k % 2);
      q.pairs = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, left: `Item ${i} «${"αβγδ"[i]}»`, right: `Target ${i} “${"wxyz"[i]}”` }));
      q.prompt = `Match ${k}: each item to its target.`;
      lines.push(`prompt = ${toml(q.prompt)}`);
      for (const p of q.pairs) lines.push("", "[[pairs]]", `id = "${p.id}"`, `left = ${toml(p.left)}`, `right = ${toml(p.right)}`);
      break;
    }
    case "ordering": {
      const n = 3 + (k % 3);
      q.items = Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `Step ${i} ${"ÄÖÜÉÈ"[i]}` }));
      q.prompt = `Order ${k}: put the steps in order.`;
      lines.push(`prompt = ${toml(q.prompt)}`);
      for (const it of q.items) lines.push("", "[[items]]", `id = "${it.id}"`, `text = ${toml(it.text)}`);
      break;
    }
  }
  q.n = q.choices?.length ?? q.pairs?.length ?? q.items?.length ?? (kind === "true-false" ? 2 : 0);
  return { q, text: `::: question {id = "${id}"}\n${lines.join("\n")}\n:::\n` };
}

function lesson(id, title, template, blocks, assessment) {
  let front = `id = "${id}"\ntitle = ${toml(title)}\ntemplate = "${template}"\n`;
  if (assessment) front += `\n[assessment]\nshuffle = ${assessment.shuffle}\npass_mark = ${PASS}\nattempts = ${assessment.attempts}\n`;
  return `+++\n${front}+++\n\n::: text {id = "${id}-intro"}\nAbout ${title}.\n:::\n\n${blocks.join("\n")}`;
}

/** Writes the course into `dir`; returns { dir, practice: [q], assessments: [{ id, shuffle, attempts, pool: [q] }] }. */
export function writeCourse(dir) {
  fs.mkdirSync(path.join(dir, "lessons"), { recursive: true });
  const practice = [];
  const blocks = [];
  for (const [j, kind] of KINDS.entries()) {
    for (let k = 2 * j; k < 2 * j + 2; k++) {
      // The first of each kind has the default single try; the second 2, 3 or unlimited.
      const { q, text } = question(kind, `pr-${kind}-${k}`, k, k % 2 ? [2, 3, 0][j % 3] : 1);
      practice.push(q);
      blocks.push(text);
    }
  }
  fs.writeFileSync(path.join(dir, "lessons", "practice.md"), lesson("practice", "Practice every kind", "free", blocks));
  const assessments = [];
  for (const [i, shuffle] of [[0, true], [1, false]]) {
    const id = `quiz-${shuffle ? "shuffled" : "in-order"}`;
    const pool = [], qb = [];
    for (const [j, kind] of KINDS.entries()) {
      const { q, text } = question(kind, `${id}-${kind}`, i + j, 1);
      pool.push(q);
      qb.push(text);
    }
    const attempts = shuffle ? 3 : 0;
    fs.writeFileSync(path.join(dir, "lessons", `${id}.md`), lesson(id, `Quiz ${shuffle ? "shuffled" : "in order"}`, "assessment", qb, { shuffle, attempts }));
    assessments.push({ id, shuffle, attempts, pool });
  }
  fs.writeFileSync(path.join(dir, "course.toml"), [
    `id = "round-trip"`, `title = "Every question kind"`, `language = "en"`, `version = "1"`, `completion = "both"`, "",
    "[[modules]]", `id = "m-practice"`, `title = "Practice"`, `lessons = ["practice"]`, "",
    "[[modules]]", `id = "m-quiz"`, `title = "Quizzes"`, `lessons = [${assessments.map((a) => `"${a.id}"`).join(", ")}]`, "",
  ].join("\n"));
  return { dir, practice, assessments };
}
