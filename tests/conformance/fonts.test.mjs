// Bundled fonts: a theme that names one of Trellis's open fonts ships its
// WOFF2 files and licence inside every package, the SCORM manifest lists
// them, and the learner's browser draws the course in it from the package
// (no request leaves the package). A theme of system fonts ships none.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { publishCourse, serve, launch, context } from "./lib/env.mjs";

const course = (body, heading) => `id = "fonts"
title = "Fonts"
language = "en"
version = "1"

[theme]
primary_color = "#1f5f8b"
background_color = "#ffffff"
text_color = "#1b1b1b"
body_font = '${body}'
heading_font = '${heading}'

[[modules]]
id = "m1"
title = "Module"
lessons = ["l1"]
`;
const LESSON = `+++
id = "l1"
title = "Type"
template = "free"
+++

::: text {id = "t1"}
Body text in the theme's font, with **bold** and _italic_.
:::
`;

let work, server, browser;
const dirs = {};
const zips = {};

function make(name, body, heading, target) {
  const src = path.join(work, name);
  fs.mkdirSync(path.join(src, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(src, "course.toml"), course(body, heading));
  fs.writeFileSync(path.join(src, "lessons", "l1.md"), LESSON);
  const dir = publishCourse(src, target, path.join(work, `${name}.${target}`));
  zips[`${name}.${target}`] = fs.statSync(`${dir}.zip`).size;
  return dir;
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-fonts-"));
  dirs.loraWeb = make("lora", '"Lora", Georgia, serif', '"Atkinson Hyperlegible", system-ui, sans-serif', "web");
  dirs.loraScorm = make("lora", '"Lora", Georgia, serif', '"Atkinson Hyperlegible", system-ui, sans-serif', "scorm12");
  dirs.systemScorm = make("system", "Georgia, serif", "system-ui, sans-serif", "scorm12");
  server = await serve({ "/c/": dirs.loraWeb });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the package carries the theme's bundled fonts with their licences, listed in the manifest", () => {
  const fonts = fs.readdirSync(path.join(dirs.loraScorm, "fonts")).sort();
  assert.deepEqual(fonts, [
    "atkinson-hyperlegible-OFL.txt",
    ...["400-italic", "400-normal", "700-italic", "700-normal"].map((f) => `atkinson-hyperlegible-latin-${f}.woff2`),
    "lora-OFL.txt",
    ...["400-italic", "400-normal", "700-italic", "700-normal"].map((f) => `lora-latin-${f}.woff2`),
  ]);
  assert.match(fs.readFileSync(path.join(dirs.loraScorm, "fonts", "lora-OFL.txt"), "utf8"), /SIL Open Font License, Version 1\.1/);
  const manifest = fs.readFileSync(path.join(dirs.loraScorm, "imsmanifest.xml"), "utf8");
  for (const f of fonts) assert.match(manifest, new RegExp(`href="fonts/${f.replace(/\./g, "\\.")}"`), `the manifest lists ${f}`);
  assert.ok(!fs.existsSync(path.join(dirs.systemScorm, "fonts")), "system fonts ship nothing");
  const extra = zips["lora.scorm12"] - zips["system.scorm12"];
  console.log(`package size: ${zips["system.scorm12"]} bytes with system fonts, ${zips["lora.scorm12"]} with Lora and Atkinson Hyperlegible (+${extra} bytes)`);
  assert.ok(extra < 200_000, `two bundled families add ${extra} bytes`);
  // The schema-level check of the package still passes (every file listed, legal paths).
  const zip = path.join(work, "lora.scorm12.zip");
  assert.ok(fs.existsSync(zip));
  execFileSync("unzip", ["-tq", zip]);
});

test("the learner's browser draws the course in the bundled fonts, from the package", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  const fetched = [];
  page.on("response", (r) => { if (r.url().includes("/fonts/")) fetched.push([new URL(r.url()).pathname, r.status()]); });
  try {
    await page.goto(`${server.url}/c/index.html`);
    await page.locator("body.t-ready").waitFor({ state: "attached" });
    await page.evaluate(() => document.fonts.ready);
    const got = await page.evaluate(() => ({
      body: getComputedStyle(document.querySelector("#block-t1")).fontFamily,
      heading: getComputedStyle(document.querySelector(".t-page-title")).fontFamily,
      loaded: [...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family.replace(/"/g, "")} ${f.weight} ${f.style}`).sort(),
    }));
    assert.match(got.body, /^"?Lora"?, Georgia, serif$/);
    assert.match(got.heading, /^"?Atkinson Hyperlegible"?, system-ui, sans-serif$/);
    // The faces the page uses were loaded: regular, bold and italic Lora, bold Atkinson Hyperlegible (the headings).
    for (const f of ["Lora 400 normal", "Lora 700 normal", "Lora 400 italic", "Atkinson Hyperlegible 700 normal"]) assert.ok(got.loaded.includes(f), `${f} loaded: ${got.loaded}`);
    assert.ok(fetched.length >= 4 && fetched.every(([p, s]) => p.startsWith("/c/fonts/") && s === 200), JSON.stringify(fetched));
  } finally {
    await ctx.close();
  }
});
