// The OmegaT round trip the translation suites share: a course (a .trellis
// file or a course folder) exported as XLIFF 1.2 for French, translated by
// OmegaT (Debian package `omegat`) headless in console mode under Xvfb from a
// translation memory (TMX) written here, and the result imported back.
// `node translation/omegat.mjs DIR` makes the French phishing example this
// way as the course folder DIR (run.sh publishes it with the examples).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** OmegaT's text of an XLIFF 1.2 source: its inline codes as OmegaT's tag
 * shortcuts (`<g0>…</g0>`, `<x1/>`, numbered in order), entities decoded;
 * standalone codes at either end (and the spaces beside them) are left out
 * before numbering, as OmegaT leaves them out of the segment. */
export function omegatSegment(source) {
  const edge = /^(\s*<x [^>]*\/>)+\s*|\s*(<x [^>]*\/>\s*)+$/g;
  source = source.replace(edge, "");
  let n = 0;
  const open = [];
  let s = source.replace(/<\/g>|<g [^>]*>|<x [^>]*\/>/g, (tag) => {
    if (tag === "</g>") return `</g${open.pop()}>`;
    const i = n++;
    if (tag.startsWith("<g")) { open.push(i); return `<g${i}>`; }
    return `<x${i}/>`;
  });
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

const xmlText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** "French": each run of words outside the tags marked, the tags kept. */
export const french = (seg) => seg.split(/(<\/?[gx]\d+\/?>)/).map((p, i) => (i % 2 || !p.trim() ? p : `FR ${p}`)).join("");

/**
 * Translates `course` into French with OmegaT; `work`: a folder for the
 * OmegaT project and settings. Returns the number of segments the export
 * holds, OmegaT's statistics and what `trellis translate import` said.
 */
export function omegatFrench(cli, course, work) {
  const run = (...args) => execFileSync(cli, args, { cwd: work, encoding: "utf8" });
  const project = path.join(work, "omegat-project");
  fs.rmSync(project, { recursive: true, force: true });
  for (const d of ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"]) fs.mkdirSync(path.join(project, d), { recursive: true });
  const src = path.join(project, "source", "course.xlf");
  run("translate", "export", course, "--lang", "fr", "--xliff", "1.2", "--prefill", "-o", src);
  fs.writeFileSync(path.join(project, "omegat.project"), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en-GB</source_lang>
    <target_lang>fr</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
`);
  // The translation memory: every unit's segment and its "French".
  const xlf = fs.readFileSync(src, "utf8");
  const sources = [...xlf.matchAll(/<trans-unit id="[^"]+"[^>]*>\n<source>(.*?)<\/source>/gs)].map((m) => m[1]);
  const tus = sources.map(omegatSegment).map((seg) =>
    `<tu><tuv xml:lang="en-GB"><seg>${xmlText(seg)}</seg></tuv><tuv xml:lang="fr"><seg>${xmlText(french(seg))}</seg></tuv></tu>`);
  fs.writeFileSync(path.join(project, "tm/auto/trellis-test.tmx"), `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="trellis-test" creationtoolversion="1" segtype="paragraph" o-tmf="none" adminlang="en" srclang="en-GB" datatype="plaintext"/><body>
${tus.join("\n")}
</body></tmx>
`);
  // OmegaT 3.6 builds part of its window even in console mode: Xvfb gives it a display.
  const config = path.join(work, "omegat-config");
  execFileSync("xvfb-run", ["-a", "omegat", "--mode=console-translate", `--config-dir=${config}`,
    "--disable-project-locking", "--no-team", "--quiet", project], { stdio: "pipe", timeout: 300000 });
  const stats = fs.readFileSync(path.join(project, "omegat/project_stats.txt"), "utf8");
  const translated = path.join(project, "target", "course.xlf");
  const out = run("translate", "import", course, translated);
  return { segments: sources.length, stats, out };
}

/** The phishing example, translated into French through OmegaT, as the course folder `dir`. */
export function frenchExample(cli, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repo, "examples/phishing-awareness"), dir, { recursive: true });
  const work = `${dir}.omegat`;
  fs.mkdirSync(work, { recursive: true });
  try { return omegatFrench(cli, dir, work); } finally { fs.rmSync(work, { recursive: true, force: true }); }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = process.env.TRELLIS_CLI || path.join(process.env.CARGO_TARGET_DIR || "/var/tmp/trellis-target", "debug", "trellis");
  const { out } = frenchExample(cli, path.resolve(process.argv[2]));
  process.stdout.write(out);
}
