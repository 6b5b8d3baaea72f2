// The placeholder editor: enough to exercise the app API in both transports.
(function () {
  "use strict";
  const tauri = window.__TAURI_INTERNALS__;
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const $ = (id) => document.getElementById(id);
  let snap = null;

  async function call(command) {
    if (tauri) {
      return tauri.invoke("trellis_call", { command });
    }
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const res = await fetch("/api/call", { method: "POST", headers, body: JSON.stringify(command) });
    const body = await res.json();
    if (!res.ok) throw body;
    return body;
  }

  function previewUrl() {
    if (!tauri) return "/preview/";
    return navigator.userAgent.includes("Windows") ? "http://trellis-preview.localhost/" : "trellis-preview://localhost/";
  }

  function show(s) {
    snap = s;
    $("title").disabled = false;
    if (document.activeElement !== $("title")) $("title").value = s.course.info.title;
    $("revision").textContent = s.revision;
    $("check").textContent = s.check.errors + " errors, " + s.check.warnings + " warnings";
    $("undo").disabled = !s.can_undo;
    $("undo").textContent = s.undo_label ? "Undo " + s.undo_label : "Undo";
    $("redo").disabled = !s.can_redo;
    $("publish").disabled = false;
    $("open-path").value = s.path;
    document.title = s.course.info.title + " — Trellis";
    $("preview").src = previewUrl() + "?r=" + s.revision;
  }

  function status(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function run(command) {
    try {
      const result = await call(command);
      if (result && result.course) show(result);
      return result;
    } catch (e) {
      status(e && e.message ? e.message : String(e), true);
      return null;
    }
  }

  $("open").addEventListener("click", () => run({ cmd: "open_course", path: $("open-path").value }));
  $("title").addEventListener("change", () => {
    if (!snap) return;
    const info = Object.assign({}, snap.course.info, { title: $("title").value });
    run({ cmd: "apply", edit: { op: "set-course-info", info } });
  });
  $("undo").addEventListener("click", () => run({ cmd: "undo" }));
  $("redo").addEventListener("click", () => run({ cmd: "redo" }));
  $("publish").addEventListener("click", async () => {
    const r = await run({ cmd: "publish", target: "scorm12", path: $("publish-path").value });
    if (r) status("Published " + r.file_count + " files to " + r.path);
  });

  if (tauri && window.__TAURI__ && window.__TAURI__.event) {
    window.__TAURI__.event.listen("trellis://revision", () => run({ cmd: "snapshot" }));
  } else if (!tauri) {
    const events = new EventSource("/events" + (token ? "?token=" + encodeURIComponent(token) : ""));
    events.addEventListener("revision", (e) => {
      const r = JSON.parse(e.data).revision;
      if (!snap || r !== snap.revision) run({ cmd: "snapshot" });
    });
  }
  call({ cmd: "snapshot" }).then(show, () => status("Open a course file to start."));
})();
