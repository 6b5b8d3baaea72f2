// The rich-text editor's Markdown mapping (ui/src/lib/richtext/markdown-doc.js),
// without a browser: Markdown → editor document → Markdown.
//
// - Unedited, a document gives back exactly the stored text.
// - Written afresh (as after an edit, every block through the serializer)
//   it renders the same as the stored text (markdown-it, CommonMark + GFM
//   tables and strikethrough, the options trellis-render gives pulldown-cmark),
//   and writing that again changes nothing.
// - Nothing is dropped: what the schema cannot hold is a raw block, verbatim.
// On every Markdown field of the examples and blueprints, and on generated
// Markdown from a small seeded generator.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseLesson } from "./course-file.mjs";
import { parseMarkdown, serializeDoc, sameRendering, schema } from "../../ui/src/lib/richtext/markdown-doc.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIELDS = new Set(["markdown", "prompt", "narrative"]);

/** Every Markdown field of the example courses and blueprints. */
function courseTexts() {
  const out = [];
  const dirs = [
    ...fs.readdirSync(path.join(root, "examples")).map((d) => path.join(root, "examples", d)),
    ...fs.readdirSync(path.join(root, "templates/blueprints")).map((d) => path.join(root, "templates/blueprints", d)),
  ].filter((d) => fs.existsSync(path.join(d, "lessons")));
  const walk = (v, where) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (FIELDS.has(k) && typeof x === "string") out.push({ where: `${where}.${k}`, text: x });
        else walk(x, `${where}.${k}`);
      }
  };
  for (const dir of dirs)
    for (const f of fs.readdirSync(path.join(dir, "lessons")).filter((f) => f.endsWith(".md"))) {
      const lesson = parseLesson(fs.readFileSync(path.join(dir, "lessons", f), "utf8"));
      walk(lesson.blocks, path.relative(root, path.join(dir, "lessons", f)));
    }
  return out;
}

/** The document as the editor would hold it after the author touched every block. */
const fresh = (doc) => schema.nodeFromJSON(doc.toJSON());

function check(text, where) {
  const doc = parseMarkdown(text);
  assert.equal(serializeDoc(doc), text, `${where}: unedited text comes back as stored`);
  const out = serializeDoc(fresh(doc));
  assert.ok(sameRendering(text, out), `${where}: rewritten text renders the same\n--- stored\n${text}\n--- rewritten\n${out}`);
  assert.equal(serializeDoc(fresh(parseMarkdown(out))), out, `${where}: rewriting is stable\n${out}`);
  return doc;
}

test("every Markdown field of the examples and blueprints maps to the editor and back unchanged", () => {
  const texts = courseTexts();
  assert.ok(texts.length > 50, `found ${texts.length} fields`);
  let raw = 0;
  for (const { where, text } of texts) {
    const doc = check(text, where);
    doc.forEach((n) => (raw += n.type.name === "raw" ? 1 : 0));
  }
  // The course texts are plain prose, lists and links: all shown formatted.
  assert.equal(raw, 0, "no course text falls back to raw Markdown");
});

test("soft line breaks read as spaces, and are kept until the paragraph is edited", () => {
  const text = "A sentence hard-wrapped\nover two lines.\n\nSecond\nparagraph.";
  const doc = parseMarkdown(text);
  assert.equal(doc.firstChild.textContent, "A sentence hard-wrapped over two lines.");
  // Edit the second paragraph only: the first keeps its line break.
  const tr = schema.nodes.doc.create(null, [doc.firstChild, schema.nodes.paragraph.create(null, schema.text("Second paragraph, edited."))]);
  assert.equal(serializeDoc(tr, doc), "A sentence hard-wrapped\nover two lines.\n\nSecond paragraph, edited.");
});

test("what the editor cannot show is kept verbatim as raw blocks", () => {
  const parts = [
    "| a | b |\n|:--|--:|\n| 1 | **2** |",
    "<div class=\"x\">\nhtml\n</div>",
    "```js\nlet a = 1;\n```",
    "    indented code",
    "Text with an ![image](img.png \"t\") inside.",
    "A footnote[^1].\n\n[^1]: The note.",
    "Inline <kbd>Ctrl</kbd> HTML.",
  ];
  for (const p of parts) {
    const text = `Before.\n\n${p}\n\nAfter.`;
    const doc = check(text, p);
    const raws = [];
    doc.forEach((n) => n.type.name === "raw" && raws.push(n.attrs.source));
    assert.ok(raws.length >= 1, `${p}: kept raw`);
    const again = serializeDoc(fresh(doc));
    assert.ok(again.includes(p.split("\n\n")[0]), `${p}: verbatim in the rewrite`);
  }
});

// ---- Generated Markdown ------------------------------------------------------

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const words = ["phishing", "the", "a", "link", "sender", "invoice", "check", "urgent", "report", "it", "café", "2024", "e-mail", "50%", "A&B", "x_y", "a*b", "1.", "#tag", "(note)", "[x]", "~", "`", "\\", "<3", "&amp;", "---", "+", "|"];
  const word = () => pick(words);
  const plain = (n) => Array.from({ length: n }, word).join(" ");
  const inline = () => {
    const k = r();
    if (k < 0.45) return plain(1 + Math.floor(r() * 4));
    if (k < 0.55) return `**${plain(1 + Math.floor(r() * 2))}**`;
    if (k < 0.65) return `_${plain(1 + Math.floor(r() * 2))}_`;
    if (k < 0.7) return `*${plain(1)}*`;
    if (k < 0.76) return `[${plain(1 + Math.floor(r() * 2))}](https://example.com/${pick(["a", "b_c", "d?e=1"])})`;
    if (k < 0.8) return `\`${pick(["code", "a*b", "x_y"])}\``;
    if (k < 0.84) return `~~${plain(1)}~~`;
    if (k < 0.87) return `**bold _and italic_**`;
    if (k < 0.9) return `<https://example.com>`;
    if (k < 0.93) return pick(["<b>html</b>", "![pic](a.png)", "[ref link][r]"]);
    return plain(2);
  };
  const line = () => Array.from({ length: 1 + Math.floor(r() * 3) }, inline).join(" ");
  const para = () => Array.from({ length: 1 + Math.floor(r() * 3) }, line).join(pick(["\n", "\n", "  \n", "\\\n"]));
  const list = (depth) => {
    const ordered = r() < 0.4;
    const loose = r() < 0.2;
    const n = 1 + Math.floor(r() * 3);
    const start = ordered ? pick([1, 1, 3]) : 0;
    const bullet = pick(["-", "*", "+"]);
    const items = [];
    for (let i = 0; i < n; i++) {
      const marker = ordered ? `${start + i}.` : bullet;
      const pad = " ".repeat(marker.length + 1);
      let item = `${marker} ${line()}`;
      if (depth < 2 && r() < 0.3) item += "\n" + list(depth + 1).split("\n").map((l) => (l ? pad + l : l)).join("\n");
      items.push(item);
    }
    return items.join(loose ? "\n\n" : "\n");
  };
  const block = () => {
    const k = r();
    if (k < 0.45) return para();
    if (k < 0.7) return list(0);
    if (k < 0.78) return `${"#".repeat(1 + Math.floor(r() * 4))} ${line()}`;
    if (k < 0.84) return `> ${line()}`;
    if (k < 0.88) return "| a | b |\n|---|---|\n| 1 | 2 |";
    if (k < 0.91) return "```\ncode\n```";
    if (k < 0.93) return "---";
    if (k < 0.95) return "[r]: https://example.com/ref";
    return para();
  };
  return () => Array.from({ length: 1 + Math.floor(r() * 5) }, block).join(pick(["\n\n", "\n\n", "\n\n\n"]));
}

test("generated Markdown maps to the editor and back (seeded property test)", () => {
  const seed = Number(process.env.MAPPING_SEED || 20261206);
  const r = rng(seed);
  const gen = generator(r);
  const runs = Number(process.env.MAPPING_RUNS || 1500);
  const kinds = {};
  for (let i = 0; i < runs; i++) {
    const text = gen();
    check(text, `seed ${seed}, case ${i}`).forEach((n) => (kinds[n.type.name] = (kinds[n.type.name] ?? 0) + 1));
  }
  // The cases exercise the schema, not only the raw fallback.
  const all = Object.values(kinds).reduce((a, b) => a + b, 0);
  for (const k of ["paragraph", "bullet_list", "ordered_list", "heading", "blockquote", "raw"]) assert.ok(kinds[k] > 0, `some ${k}: ${JSON.stringify(kinds)}`);
  assert.ok(kinds.raw / all < 0.35, `mostly formatted blocks: ${JSON.stringify(kinds)}`);
});
