/* trellis:module track-scorm12 */
import { D, T } from "./core.js";
/* SCORM 1.2: the API found by walking parents and openers. Values are only
   sent when they change; LMSCommit after meaningful changes; LMSFinish on
   pagehide with cmi.core.exit "suspend" when unfinished ("" otherwise:
   "normal" is not a SCORM 1.2 value). The window is never closed. */
T.adapters.scorm12 = function () {
  var api = T.findApi("API");
  if (!api) return null;
  var started = Date.now(),
    live = false,
    dirty = false,
    sent = {},
    objIndex = {},
    objCount = 0,
    inter = 0;
  function get(k) {
    try {
      return String(api.LMSGetValue(k));
    } catch (e) {
      return "";
    }
  }
  function set(k, v) {
    if (!live) return;
    v = String(v);
    if (sent[k] === v) return;
    try {
      if (String(api.LMSSetValue(k, v)) === "true") {
        sent[k] = v;
        dirty = true;
      }
    } catch (e) {
      /* LMS gone */
    }
  }
  function span(ms) {
    var s = Math.max(0, ms) / 1000,
      h = Math.floor(s / 3600),
      m = Math.floor((s % 3600) / 60),
      sec = s % 60;
    function p(n, w) {
      var t = String(n);
      while (t.length < w) t = "0" + t;
      return t;
    }
    return (
      p(Math.min(h, 9999), 4) +
      ":" +
      p(m, 2) +
      ":" +
      p(Math.floor(sec), 2) +
      "." +
      p(Math.floor((sec % 1) * 100), 2)
    );
  }
  return {
    name: "scorm12",
    start: function () {
      /* Opened by this launch's page in another language: the session that
         page initialised goes on, without a second LMSInitialize. */
      if (T.handoff)
        live =
          (get("cmi.core.lesson_status"),
          String(api.LMSGetLastError()) === "0");
      if (!live) live = String(api.LMSInitialize("")) === "true";
      if (!live) return null;
      var status = get("cmi.core.lesson_status");
      if (status === "" || status === "not attempted")
        set("cmi.core.lesson_status", "incomplete");
      var n = parseInt(get("cmi.objectives._count"), 10) || 0;
      for (var i = 0; i < n; i++)
        objIndex[get("cmi.objectives." + i + ".id")] = i;
      objCount = n;
      inter = parseInt(get("cmi.interactions._count"), 10) || 0;
      var mastery = parseFloat(get("cmi.student_data.mastery_score"));
      var mode = get("cmi.core.lesson_mode");
      return {
        state: get("cmi.suspend_data") || null,
        mastery: isNaN(mastery) ? null : mastery,
        mode: mode === "browse" || mode === "review" ? mode : "normal",
        language: get("cmi.student_preference.language"),
      };
    },
    preferLanguage: function (lang) {
      set("cmi.student_preference.language", lang);
      this.commit();
    },
    save: function (s) {
      set("cmi.suspend_data", s);
    },
    location: function (id) {
      set("cmi.core.lesson_location", id.slice(0, 255));
    },
    interaction: function (it) {
      if (!live) return;
      var p = "cmi.interactions." + inter++ + ".",
        d = it.d;
      set(p + "id", d.id);
      set(p + "type", T.types[d.kind]);
      it.objectives.forEach(function (o, k) {
        set(p + "objectives." + k + ".id", o.id);
      });
      set(p + "time", new Date().toTimeString().slice(0, 8));
      set(p + "weighting", d.points);
      set(
        p + "correct_responses.0.pattern",
        T.patterns(d, "12")[0].slice(0, 255),
      );
      set(p + "student_response", T.resp(d, it.v, "12").slice(0, 255));
      set(p + "result", it.ok ? "correct" : "wrong");
      set(p + "latency", span(it.latency));
    },
    objectives: function (list) {
      list.forEach(function (o) {
        var i = objIndex[o.id];
        if (i === undefined) {
          i = objIndex[o.id] = objCount++;
          set("cmi.objectives." + i + ".id", o.id);
        }
        var p = "cmi.objectives." + i + ".";
        if (o.raw != null) {
          set(p + "score.min", 0);
          set(p + "score.max", 100);
          set(p + "score.raw", o.raw);
        }
        set(
          p + "status",
          o.success === true
            ? "passed"
            : o.success === false
              ? "failed"
              : o.started
                ? "incomplete"
                : "not attempted",
        );
      });
    },
    score: function (pct) {
      if (pct == null) return;
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", pct);
    },
    /* The course's reporting option picks the lesson_status pair
       (docs/publishing.md, "What the LMS is told"). */
    status: function (r) {
      var how = D.reporting,
        finished = r.completed && r.success !== false,
        v;
      if (how === "passed-incomplete") v = finished ? "passed" : "incomplete";
      else if (how === "completed-incomplete")
        v = finished ? "completed" : "incomplete";
      else if (how === "completed-passed")
        v =
          r.completed && r.success === true
            ? "passed"
            : r.completed || r.success === false
              ? "completed"
              : "incomplete";
      else
        v =
          r.success === false
            ? "failed"
            : !r.completed
              ? "incomplete"
              : r.success === true
                ? "passed"
                : "completed";
      set("cmi.core.lesson_status", v);
    },
    commit: function () {
      if (live && dirty) {
        dirty = false;
        api.LMSCommit("");
      }
    },
    finish: function (suspend) {
      if (!live) return;
      set("cmi.core.exit", suspend ? "suspend" : "");
      set("cmi.core.session_time", span(Date.now() - started));
      api.LMSCommit("");
      api.LMSFinish("");
      live = false;
    },
  };
};
