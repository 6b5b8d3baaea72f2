// Pictures pasted or dropped onto the lesson canvas, in real headless
// Chromium against the real `trellis studio`: a PNG put on the system
// clipboard and pasted with Ctrl+V, and PNG files dropped through a
// DataTransfer, become assets of the course (their bytes in the course
// file, stored once however often they are added) and image blocks, whose
// alt text the author is asked for. What the course file holds is read
// back twice: exported to the text format, and from its SQLite tables.
// Pictures a course cannot take are refused with a message, and the course
// file is left as it was.
//
// Run: (cd tests && node --test ui/canvas-pictures.test.mjs)
// Needs: ui/dist (built when missing), cargo (or TRELLIS_BIN), /usr/bin/chromium, sqlite3.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trellisBin, startStudio, launchBrowser, saved, png, expectHttp } from "./harness.mjs";
import { readCourseFile, withCopy } from "./course-file.mjs";

let studio, browser, page, bin, work, file;

const COURSE = `id = "pictures"
title = "Pictures on the page"
language = "en"
version = "1.0"

[[modules]]
id = "m1"
title = "Module one"
lessons = ["page"]
`;

const LESSON = `+++
id = "page"
title = "The page"
template = "free"
+++

::: text {id = "para"}
Forklifts carry loads on their forks.
:::

::: image {id = "empty-image"}
asset = ""
alt = ""
:::

::: text {id = "last"}
The last paragraph.
:::
`;

const PASTED = png(48, 32);
const DROPPED = png(64, 40);
const sha = (b) => crypto.createHash("sha256").update(b).digest("hex");

before(async () => {
  bin = trellisBin();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-pictures-"));
  const folder = path.join(work, "course");
  fs.mkdirSync(path.join(folder, "lessons"), { recursive: true });
  fs.writeFileSync(path.join(folder, "course.toml"), COURSE);
  fs.writeFileSync(path.join(folder, "lessons/page.md"), LESSON);
  file = path.join(work, "pictures.trellis");
  execFileSync(bin, ["import", folder, "-o", file], { stdio: ["ignore", "ignore", "inherit"] });
  studio = await startStudio({ course: file });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(studio.url).origin });
  await page.goto(studio.url);
  await page.locator(".shell").waitFor();
  await page.locator(".t-lesson", { hasText: "The page" }).first().click();
  await page.locator('.card[data-block="para"]').waitFor();
});

after(async () => {
  await browser?.close();
  await studio?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const card = (id) => page.locator(`.card[data-block="${id}"]`);
const stored = () => readCourseFile(bin, file);
const blockIds = () => stored().lessons.page.blocks.map((b) => b.id);

/** Rows of the course file's SQLite tables, read from a copy taken as it is on disk now. */
function sql(query) {
  return withCopy(file, (copy) => {
    const out = execFileSync("sqlite3", ["-json", copy, query], { encoding: "utf8" });
    return out.trim() ? JSON.parse(out) : [];
  });
}

/** The bytes of asset `name` as `trellis export` writes them. */
function exportedAsset(name) {
  return withCopy(file, (copy, tmp) => {
    execFileSync(bin, ["export", copy, "-o", path.join(tmp, "text")], { stdio: ["ignore", "ignore", "inherit"] });
    return fs.readFileSync(path.join(tmp, "text", "assets", name));
  });
}

/** The id of the new image block right after `id` on the canvas, once there is one. */
async function imageAfter(id) {
  const known = await page.evaluate(() => [...document.querySelectorAll(".card")].map((c) => c.dataset.block));
  const handle = await page.waitForFunction(([id, known]) => {
    const cards = [...document.querySelectorAll(".card")];
    const next = cards[cards.findIndex((c) => c.dataset.block === id) + 1];
    return next?.dataset.kind === "image" && !known.includes(next.dataset.block) ? next.dataset.block : null;
  }, [id, known], { timeout: 15000 });
  return handle.jsonValue();
}

/** The PNG bytes the system clipboard holds (Chromium re-encodes a picture written to it). */
async function clipboardPng() {
  const b64 = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const bytes = new Uint8Array(await (await item.getType("image/png")).arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, "base64");
}

/** Puts a PNG (and any other `types`) on the system clipboard, as copying a picture does. */
async function copyToClipboard(bytes, types = {}) {
  await page.evaluate(async ([b64, types]) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const items = { "image/png": new Blob([bin], { type: "image/png" }) };
    for (const [t, text] of Object.entries(types)) items[t] = new Blob([text], { type: t });
    await navigator.clipboard.write([new ClipboardItem(items)]);
  }, [bytes.toString("base64"), types]);
}

/** Drops files (name, type, base64 bytes or a size of zeros) onto `selector`, at `where` of its box. */
async function drop(selector, files, where = 0.75) {
  const box = await page.locator(selector).boundingBox();
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = f.b64 ? Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)) : new Uint8Array(f.zeros);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files.map((f) => ({ ...f, b64: f.bytes?.toString("base64"), bytes: undefined })));
  const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height * where };
  for (const type of ["dragenter", "dragover", "drop"]) {
    await page.dispatchEvent(selector, type, { dataTransfer: dt, ...at });
  }
}

test("a picture pasted with Ctrl+V into a paragraph becomes an asset and an image block after it, and asks for its alt text", async () => {
  await card("para").locator("[role=textbox]").click();
  await card("para").locator(".rt-content.ProseMirror-focused").waitFor();
  await copyToClipboard(PASTED);
  const onClipboard = await clipboardPng();
  await page.keyboard.press("Control+v");
  const id = await imageAfter("para");
  // The author is asked what the picture shows, and the caret is in its alt text.
  const ask = card(id).locator(".alt-prompt");
  await ask.waitFor();
  assert.match(await ask.textContent(), /What does this picture show\?/);
  await page.waitForFunction((id) => document.activeElement?.closest(`.card[data-block="${id}"]`) && document.activeElement.dataset.field === "alt", id);
  assert.equal(await page.evaluate(() => document.getElementById(document.activeElement.getAttribute("aria-describedby"))?.className), "alt-prompt");
  assert.ok(await page.getByRole("status").filter({ hasText: "Say what it shows in its alt text" }).isVisible());
  await page.keyboard.type("A forklift lifting a pallet");
  await page.keyboard.press("Tab");
  await saved(page);
  await ask.waitFor({ state: "detached" });
  // The paragraph kept its text: nothing of the picture was typed into it.
  const s = stored();
  assert.equal(s.block("para").markdown, "Forklifts carry loads on their forks.");
  const image = s.block(id);
  assert.equal(image.kind, "image");
  assert.equal(image.asset, "images/pasted-picture.png");
  assert.equal(image.alt, "A forklift lifting a pallet");
  assert.deepEqual(s.assets, ["images/pasted-picture.png"]);
  assert.ok(exportedAsset("images/pasted-picture.png").equals(onClipboard), "the stored bytes are the pasted ones");
  const rows = sql("SELECT a.name, a.sha256, length(b.bytes) AS size, json_extract(a.info, '$.width') AS width, json_extract(a.info, '$.height') AS height FROM assets a JOIN blobs b ON b.sha256 = a.sha256");
  assert.deepEqual(rows, [{ name: "images/pasted-picture.png", sha256: sha(onClipboard), size: onClipboard.length, width: 48, height: 32 }]);
  // The image shows on the canvas, from the course file.
  await page.waitForFunction((id) => document.querySelector(`.card[data-block="${id}"] figure img`)?.naturalWidth === 48, id);
});

test("the same picture pasted again is stored once: the new block shows the asset already there", async () => {
  const first = blockIds()[1];
  await card("last").locator("[role=textbox]").click();
  await card("last").locator(".rt-content.ProseMirror-focused").waitFor();
  await copyToClipboard(PASTED);
  await page.keyboard.press("Control+v");
  const id = await imageAfter("last");
  await saved(page);
  const s = stored();
  assert.equal(s.block(id).asset, "images/pasted-picture.png");
  assert.equal(s.block(first).asset, "images/pasted-picture.png");
  assert.deepEqual(s.assets, ["images/pasted-picture.png"]);
  assert.deepEqual(sql("SELECT count(*) AS n FROM blobs"), [{ n: 1 }]);
  // Removed again, for the tests below.
  await card(id).getByRole("button", { name: "Delete block" }).click();
  await page.waitForFunction((id) => !document.querySelector(`.card[data-block="${id}"]`), id);
  await saved(page);
});

test("text copied from a word processor, which carries a picture of itself, is pasted as text", async () => {
  const before = blockIds();
  await card("last").locator("[role=textbox]").click();
  await card("last").locator(".rt-content.ProseMirror-focused").waitFor();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await copyToClipboard(DROPPED, { "text/html": "<p>Keep <b>clear</b> of the forks.</p>", "text/plain": "Keep clear of the forks." });
  await page.keyboard.press("Control+v");
  await page.keyboard.press("Tab");
  await saved(page);
  const s = stored();
  assert.deepEqual(s.lessons.page.blocks.map((b) => b.id), before, "no image block");
  assert.equal(s.block("last").markdown, "The last paragraph.\n\nKeep **clear** of the forks.");
  assert.deepEqual(s.assets, ["images/pasted-picture.png"]);
});

test("a picture file dropped on the upper half of a block goes before it; one dropped on an empty image block fills it", async () => {
  await card("last").scrollIntoViewIfNeeded();
  await drop('.card[data-block="last"]', [{ name: "Forklift photo.png", type: "image/png", bytes: DROPPED }], 0.2);
  const ids = await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll(".card")];
    const at = cards.findIndex((c) => c.dataset.block === "last");
    return cards[at - 1]?.dataset.kind === "image" && cards[at - 1].dataset.block !== "empty-image" ? cards[at - 1].dataset.block : null;
  }, null, { timeout: 15000 });
  const dropped = await ids.jsonValue();
  // The card shows before the caret reaches its alt text: typing earlier
  // would lose the first letters.
  await page.waitForFunction((id) => document.activeElement?.closest(`.card[data-block="${id}"]`) && document.activeElement.dataset.field === "alt", dropped);
  await page.keyboard.type("A forklift parked with its forks down");
  await saved(page);
  // The empty image block takes the next picture dropped on it; the same
  // bytes as the picture dropped before, so the asset already there.
  await drop('.card[data-block="empty-image"]', [{ name: "Copy of the photo.png", type: "image/png", bytes: DROPPED }]);
  await page.waitForFunction(() => document.querySelector('.card[data-block="empty-image"] figure img'), null, { timeout: 15000 });
  await saved(page);
  const s = stored();
  const order = s.lessons.page.blocks.map((b) => b.id);
  assert.deepEqual(order.slice(-2), [dropped, "last"]);
  assert.equal(s.block(dropped).asset, "images/Forklift-photo.png");
  assert.equal(s.block(dropped).alt, "A forklift parked with its forks down");
  assert.equal(s.block("empty-image").asset, "images/Forklift-photo.png", "the same bytes: the asset already there");
  assert.deepEqual(s.assets.sort(), ["images/Forklift-photo.png", "images/pasted-picture.png"]);
  assert.ok(exportedAsset("images/Forklift-photo.png").equals(DROPPED));
  assert.equal(sql("SELECT count(*) AS n FROM blobs")[0].n, 2);
  assert.deepEqual(sql("SELECT sha256 FROM assets WHERE name = 'images/Forklift-photo.png'"), [{ sha256: sha(DROPPED) }]);
});

test("pictures a course cannot take are refused with a message, and the course file is left as it was", async () => {
  const before = JSON.stringify(stored().lessons);
  const tables = () => JSON.stringify([sql("SELECT name, sha256 FROM assets ORDER BY name"), sql("SELECT sha256 FROM blobs ORDER BY sha256")]);
  const rows = tables();
  const alert = (text) => page.getByRole("alert").filter({ hasText: text });
  const dismissAll = async () => {
    const close = page.locator(".notice.error").getByRole("button", { name: "Dismiss" });
    while (await close.count()) await close.first().click();
  };
  // A format the player cannot show.
  await drop('.card[data-block="last"]', [{ name: "scan.bmp", type: "image/bmp", bytes: Buffer.from("BM not really") }]);
  await alert("“scan.bmp” is a BMP picture; a course can show PNG, JPEG, GIF and WebP pictures.").waitFor();
  // A damaged picture: refused by the engine's check of the bytes.
  expectHttp(400, "/api/call");
  await drop('.card[data-block="last"]', [{ name: "broken.png", type: "image/png", bytes: PASTED.subarray(0, 40) }]);
  await alert("“broken.png” could not be added: it is damaged").waitFor();
  // Too large to be sent: refused before it is read.
  await drop('.card[data-block="last"]', [{ name: "huge.png", type: "image/png", zeros: 49 * 1024 * 1024 }]);
  await alert("“huge.png” is 49 MB; a picture added to a course can be at most 48 MB.").waitFor();
  // Not a picture at all.
  await drop('.card[data-block="last"]', [{ name: "notes.pdf", type: "application/pdf", bytes: Buffer.from("%PDF-1.4") }]);
  await alert("Only pictures can be dropped onto the lesson").waitFor();
  await saved(page);
  assert.equal(JSON.stringify(stored().lessons), before);
  assert.equal(tables(), rows);
  await dismissAll();
});
