// Where the desktop app's preview is served from. Tauri 2 serves a custom
// protocol NAME as `NAME://localhost` on Linux and macOS, but as
// `http://NAME.localhost` on Windows (WebView2 cannot load custom schemes);
// the editor itself is `tauri://localhost` or `http://tauri.localhost`.
//
// Plain JavaScript (types in preview-origin.d.ts) so that `node --test`
// runs its tests without a build (tests/ui/preview-origin.test.mjs).

/** The protocol the desktop shell registers for the preview (src-tauri/src/main.rs). */
export const PREVIEW_PROTOCOL = 'trellis-preview';

/**
 * Whether the web view runs on Windows, from its user agent (WebView2's
 * names "Windows NT"; WebKitGTK's and WKWebView's do not).
 * @param {string} userAgent
 * @returns {boolean}
 */
export function isWindows(userAgent) {
  return /\bWindows\b/.test(userAgent);
}

/**
 * The origin of a custom protocol `name` of the desktop shell.
 * @param {string} name
 * @param {boolean} windows
 * @returns {string}
 */
export function protocolOrigin(name, windows) {
  return windows ? `http://${name}.localhost` : `${name}://localhost`;
}

/**
 * The preview's origin in a web view with this user agent.
 * @param {string} userAgent
 * @returns {string}
 */
export function previewOrigin(userAgent) {
  return protocolOrigin(PREVIEW_PROTOCOL, isWindows(userAgent));
}
