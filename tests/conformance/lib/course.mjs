// The answer key, read from an example course's text files (the source of
// truth), never from the player: course.toml gives the lesson order and the
// objectives; each lessons/<id>.md gives its blocks (`::: kind {attrs}`
// fences with TOML bodies).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

const stringsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../crates/trellis-render/strings");
/**
 * The player's own strings for language `tag` (e.g. "fr-CA"): the table the
 * player ships for its primary subtag, English when it has none.
 */
export function playerStrings(tag = "en") {
  const file = path.join(stringsDir, `${String(tag).split("-")[0].toLowerCase()}.json`);
  return JSON.parse(fs.readFileSync(fs.existsSync(file) ? file : path.join(stringsDir, "en.json"), "utf8"));
}

/**
 * Puts the translated texts of translations/<lang>.toml in place: each unit
 * id is an entity (course, module, lesson or block id) and the field's path,
 * list entries named by their id (or index for accepted answers).
 */
function translate(course, lessons, units) {
  const owners = new Map([[course.id, course]]);
  for (const m of course.modules) owners.set(m.id, m);
  for (const o of course.objectives ?? []) owners.set(o.id, o);
  for (const l of lessons) {
    owners.set(l.id, l);
    for (const b of l.blocks) if (b.body) owners.set(b.id, b.body);
  }
  for (const u of units) {
    const [entity, ...keys] = u.id.split(".");
    let cur = owners.get(entity);
    for (let i = 0; cur != null && i < keys.length; i++) {
      const k = keys[i], last = i === keys.length - 1;
      let at = k;
      if (Array.isArray(cur)) {
        at = cur.findIndex((x) => x && typeof x === "object" && x.id === k);
        if (at < 0) at = /^\d+$/.test(k) ? Number(k) : -1;
        if (at < 0) { cur = null; break; }
      }
      if (!last) { cur = cur[at]; continue; }
      if (cur[at] && typeof cur[at] === "object") cur[at].label = u.text;  // a scenario ending
      else cur[at] = u.text;
    }
  }
}

function parseLesson(file) {
  const text = fs.readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
  const m = text.match(/^\+\+\+\n([\s\S]*?)\n\+\+\+\n/);
  if (!m) throw new Error(`${file}: no front matter`);
  const front = parse(m[1]);
  const blocks = [];
  const lines = text.slice(m[0].length).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(:{3,})\s*([a-z-]+)\s*(\{.*\})\s*$/);
    if (!open) continue;
    const fence = open[1];
    const body = [];
    for (i++; i < lines.length && lines[i].trimEnd() !== fence; i++) body.push(lines[i]);
    const attrs = parse(`a = ${open[3]}`).a;
    const block = { kind: open[2], ...attrs };
    if (!["text", "callout", "quote", "divider"].includes(block.kind)) block.body = parse(body.join("\n"));
    blocks.push(block);
  }
  return { ...front, blocks };
}

/** Plain text of inline Markdown, as the player shows it (and as accessible names read). */
export function plain(md) {
  return String(md)
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\*([^*]+)\*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The course in folder `dir`; with `lang`, in that language: its texts from
 * translations/<lang>.toml (the course as `trellis publish --lang` makes it).
 */
export function loadCourse(dir, lang = null) {
  const course = parse(fs.readFileSync(path.join(dir, "course.toml"), "utf8"));
  const order = course.modules.flatMap((m) => m.lessons);
  const lessons = order.map((id) => parseLesson(path.join(dir, "lessons", `${id}.md`)));
  if (lang) {
    translate(course, lessons, parse(fs.readFileSync(path.join(dir, "translations", `${lang}.toml`), "utf8")).units);
    course.language = lang;
  }
  const blank = playerStrings(course.language).blank;
  const questions = [];
  const scenarios = [];
  for (const lesson of lessons) {
    for (const b of lesson.blocks) {
      if (b.kind === "question") {
        const q = { id: b.id, lesson: lesson.id, asmt: lesson.template === "assessment", ...b.body };
        q.type = b.body.type;
        q.points = b.body.points ?? 1;
        q.attempts = b.body.attempts ?? 1;
        q.objectives = b.body.objectives ?? [];
        q.promptText = plain(q.prompt.replace("___", blank));
        questions.push(q);
      } else if (b.kind === "scenario") {
        scenarios.push({ id: b.id, lesson: lesson.id, ...b.body });
      }
    }
  }
  const assessments = lessons.filter((l) => l.template === "assessment").map((l) => ({
    lesson: l.id, ...l.assessment,
    pool: questions.filter((q) => q.lesson === l.id).map((q) => q.id),
  }));
  return { dir, id: course.id, title: course.title, language: course.language, completion: course.completion, objectives: course.objectives ?? [],
    lessons, questions, scenarios, assessments, byId: Object.fromEntries(questions.map((q) => [q.id, q])) };
}

/** The path through a scenario to its best (or worst) scored ending. */
export function scenarioPath(sc, best) {
  const nodes = Object.fromEntries(sc.nodes.map((n) => [n.id, n]));
  let pick = null;
  (function walk(id, path, seen) {
    const n = nodes[id];
    if (n.ending) {
      const s = n.ending.score ?? 0;
      if (!pick || (best ? s > pick.score : s < pick.score) || (s === pick.score && path.length < pick.path.length)) pick = { score: s, path, ending: n.ending };
      return;
    }
    for (const c of n.choices ?? []) if (!seen.has(c.next)) walk(c.next, [...path, c], new Set([...seen, c.next]));
  })(sc.start, [], new Set([sc.start]));
  return pick;
}
