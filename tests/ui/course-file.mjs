// What a course file holds, read from the file on disk with `trellis export`
// (the text format, docs/text-format.md), for tests that check what the
// editor stored rather than what it shows.
//
// The editor keeps its course file open and locked; `readCourseFile` reads a
// copy of the file and its write-ahead log as they are on disk (every edit
// is on disk once the editor says "Saved"), so it works while the editor
// runs and never touches the file itself.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseToml } from "smol-toml";

const MARKDOWN_BODY = new Set(["text", "callout", "quote"]);

/** One exported lesson file: its front matter and its blocks, by id. */
export function parseLesson(text) {
  const lines = text.split("\n");
  if (lines[0] !== "+++") throw new Error("a lesson file starts with +++");
  const end = lines.indexOf("+++", 1);
  const front = parseToml(lines.slice(1, end).join("\n"));
  const blocks = [];
  for (let i = end + 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const open = /^(:{3,}) ([a-z-]+)\s*(\{.*\})?\s*$/.exec(lines[i]);
    if (!open) throw new Error(`line ${i + 1} is not a block: ${lines[i]}`);
    const [, colons, kind, attrs] = open;
    let j = i + 1;
    while (j < lines.length && lines[j].trimEnd() !== colons) j++;
    const body = lines.slice(i + 1, j).join("\n");
    const block = { kind, ...(attrs ? parseToml(`a = ${attrs}`).a : {}) };
    if (MARKDOWN_BODY.has(kind)) block.markdown = body;
    else if (body.trim()) Object.assign(block, parseToml(body));
    blocks.push(block);
    i = j;
  }
  return { ...front, blocks, block: Object.fromEntries(blocks.map((b) => [b.id, b])) };
}

/** Every file under `dir`, relative to it with `/`. */
function filesUnder(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, base) : [path.relative(base, p).split(path.sep).join("/")];
  });
}

/**
 * The course as `file` holds it on disk now: `course` (course.toml),
 * `lessons` by id (front matter, `blocks` in order and `block` by id),
 * `block(id)` from any lesson, `assets` (names) and `translations` (each
 * language's units by id).
 */
export function readCourseFile(bin, file) {
  return withCopy(file, (copy, tmp) => {
    const out = path.join(tmp, "text");
    execFileSync(bin, ["export", copy, "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
    const course = parseToml(fs.readFileSync(path.join(out, "course.toml"), "utf8"));
    const lessons = {};
    for (const name of fs.readdirSync(path.join(out, "lessons"))) {
      const l = parseLesson(fs.readFileSync(path.join(out, "lessons", name), "utf8"));
      lessons[l.id] = l;
    }
    const assets = filesUnder(path.join(out, "assets"));
    const block = (id) => Object.values(lessons).map((l) => l.block[id]).find(Boolean);
    // translations/<lang>.toml: each language's units by id ({source_hash, text}).
    const translations = {};
    for (const name of filesUnder(path.join(out, "translations"))) {
      const t = parseToml(fs.readFileSync(path.join(out, "translations", name), "utf8"));
      translations[t.language] = Object.fromEntries((t.units ?? []).map((u) => [u.id, u]));
    }
    return { course, lessons, block, assets, translations };
  });
}

/**
 * Calls `fn(copy, dir)` with a copy of the course file `file` and its
 * write-ahead log as they are on disk now, in a temporary folder `dir`
 * removed afterwards; returns what `fn` returns.
 */
export function withCopy(file, fn) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-read-"));
  try {
    const copy = path.join(tmp, "copy.trellis");
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    return fn(copy, tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
