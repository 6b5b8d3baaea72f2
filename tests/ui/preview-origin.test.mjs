// The desktop preview's origin on each system, without a browser: Tauri 2
// serves the shell's `trellis-preview` protocol as trellis-preview://localhost
// on Linux and macOS and as http://trellis-preview.localhost on Windows
// (ui/src/lib/preview-origin.js). Both forms must also be let in by the
// window's content security policy, the protocol name must be the one the
// shell registers, and the preview page must take messages from the editor
// at either of its origins.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PREVIEW_PROTOCOL, isWindows, previewOrigin, protocolOrigin } from "../../ui/src/lib/preview-origin.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// User agents of the three web views Tauri uses.
const WEBVIEW2 =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
const WEBKITGTK = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)";
const WKWEBVIEW = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";

test("the preview origin takes Windows's http form only in WebView2", () => {
  assert.equal(isWindows(WEBVIEW2), true);
  assert.equal(isWindows(WEBKITGTK), false);
  assert.equal(isWindows(WKWEBVIEW), false);
  assert.equal(isWindows("Mozilla/5.0 (X11; Linux x86_64) Windowsill/1.0"), false, "a word, not the system");
  assert.equal(previewOrigin(WEBVIEW2), "http://trellis-preview.localhost");
  assert.equal(previewOrigin(WEBKITGTK), "trellis-preview://localhost");
  assert.equal(previewOrigin(WKWEBVIEW), "trellis-preview://localhost");
  assert.equal(protocolOrigin("tauri", true), "http://tauri.localhost");
  assert.equal(protocolOrigin("tauri", false), "tauri://localhost");
});

test("the shell registers the protocol the editor names", () => {
  const main = fs.readFileSync(path.join(root, "src-tauri/src/main.rs"), "utf8");
  assert.match(main, new RegExp(`register_asynchronous_uri_scheme_protocol\\("${PREVIEW_PROTOCOL}"`));
});

test("the window's content security policy lets in the preview at both origins", () => {
  const conf = JSON.parse(fs.readFileSync(path.join(root, "src-tauri/tauri.conf.json"), "utf8"));
  const csp = conf.app.security.csp;
  for (const directive of ["frame-src", "img-src", "media-src"]) {
    const sources = csp[directive].split(/\s+/);
    assert.ok(sources.includes(`${PREVIEW_PROTOCOL}:`), `${directive} has the scheme form`);
    assert.ok(sources.includes(previewOrigin(WEBVIEW2)), `${directive} has Windows's form`);
  }
  const connect = csp["connect-src"].split(/\s+/);
  assert.ok(connect.includes("ipc:") && connect.includes(protocolOrigin("ipc", true)), "IPC in both forms");
});

test("the preview page takes messages from the editor at either origin", () => {
  const preview = fs.readFileSync(path.join(root, "crates/trellis-render/player/preview.js"), "utf8");
  for (const windows of [false, true]) {
    assert.ok(preview.includes(`"${protocolOrigin("tauri", windows)}"`), protocolOrigin("tauri", windows));
  }
});
