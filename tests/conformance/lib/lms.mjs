// The LMS side of SCORM: a host page on a loopback server that installs
// scorm-again's API (window.API for 1.2, window.API_1484_11 for 2004),
// preloads what an LMS knows before Initialize, records every call, enforces
// the SCORM 1.2 limits scorm-again does not (as Moodle does), and opens the
// SCO in an iframe.
import path from "node:path";
import { testsDir } from "./env.mjs";

export const scormAgainDist = path.join(testsDir, "node_modules", "scorm-again", "dist");

// Runs in the host page. `cfg` = { version, sco, preload (cmi JSON), flat (flattened values) }.
function hostScript(cfg) {
  var v12 = cfg.version === "12";
  var settings = { autocommit: false, logLevel: 5 };
  var api = v12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  if (cfg.preload) api.loadFromJSON(cfg.preload);
  if (cfg.flat) api.loadFromFlattenedJSON(cfg.flat);
  var calls = [], violations = [], types = {};
  function violation(k, v, why) { violations.push(why + ": " + k + " = " + JSON.stringify(v)); }
  // SCORM 1.2 as Moodle enforces it (scorm-again accepts all of these).
  var CHOICE12 = /^[0-9a-z](,[0-9a-z])*$/, SEQ12 = CHOICE12, MATCH12 = /^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/;
  function strict12(k, v) {
    var m;
    if (k === "cmi.suspend_data" && v.length > 4096) violation(k, v.length + " chars", "suspend_data over 4096 characters");
    if (k === "cmi.core.lesson_location" && v.length > 255) violation(k, v, "lesson_location over 255 characters");
    if (/^cmi\.(interactions\.\d+(\.objectives\.\d+)?|objectives\.\d+)\.id$/.test(k) && (/[\s.]/.test(v) || !v.length || v.length > 255))
      violation(k, v, "identifier with a space or dot (or empty, or over 255)");
    if ((m = k.match(/^cmi\.interactions\.(\d+)\.type$/))) types[m[1]] = v;
    if ((m = k.match(/^cmi\.interactions\.(\d+)\.(student_response|correct_responses\.\d+\.pattern)$/))) {
      var t = types[m[1]];
      if (t === "choice" && !CHOICE12.test(v)) violation(k, v, "choice response not in 0-9a-z");
      if (t === "sequencing" && !SEQ12.test(v)) violation(k, v, "sequencing response not in 0-9a-z");
      if (t === "matching" && !MATCH12.test(v)) violation(k, v, "matching response not pairs of 0-9a-z");
      if (t === "true-false" && !/^[01tf]$/.test(v)) violation(k, v, "true-false response not 0, 1, t or f");
      if (v.length > 255) violation(k, v, "response over 255 characters");
    }
    if (k === "cmi.core.exit" && ["", "suspend", "time-out", "logout"].indexOf(v) < 0) violation(k, v, "exit not a SCORM 1.2 value");
  }
  function wrap(name, fn) {
    var orig = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments).map(String);
      if (fn) fn.apply(null, args);
      var r = String(orig.apply(null, arguments));
      var err = String(v12 ? api.LMSGetLastError() : api.GetLastError());
      calls.push({ fn: name, args: args, r: r, err: err });
      return r;
    };
  }
  if (v12) {
    wrap("LMSInitialize"); wrap("LMSFinish"); wrap("LMSCommit"); wrap("LMSGetValue");
    wrap("LMSSetValue", function (k, v) { strict12(k, v); });
    window.API = api;
  } else {
    wrap("Initialize"); wrap("Terminate"); wrap("Commit"); wrap("GetValue"); wrap("SetValue");
    window.API_1484_11 = api;
  }
  window.lms = {
    api: api, calls: calls, violations: violations,
    cmi: function () { return JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi)); },
    flat: function () { return JSON.parse(JSON.stringify(api.getFlattenedCMI())); },
    // What an LMS does when the learner leaves: it unloads the SCO's frame.
    close: function () { var f = document.querySelector("iframe"); if (f) f.remove(); }
  };
}

export function hostPage(cfg) {
  const lib = cfg.version === "12" ? "scorm12.js" : "scorm2004.js";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/scorm-again/${lib}"></script>
<script>(${hostScript.toString()})(${JSON.stringify(cfg)});</script></head>
<body><iframe src="${cfg.sco}" title="Course" style="width:100%;height:95vh;border:0"></iframe></body></html>`;
}
