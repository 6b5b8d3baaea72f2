/* trellis:module track-scorm2004 */
import { D, T } from "./core.js";
/* SCORM 2004 4th edition: API_1484_11. Completion and success are always
   set explicitly (a manifest threshold would otherwise decide); one
   cmi.objectives entry per learning objective; Terminate on pagehide with
   cmi.exit "suspend" when unfinished, "normal" otherwise. */
T.adapters.scorm2004 = function () {
  var api = T.findApi("API_1484_11");
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
      return String(api.GetValue(k));
    } catch (e) {
      return "";
    }
  }
  function set(k, v) {
    if (!live) return;
    v = String(v);
    if (sent[k] === v) return;
    try {
      if (String(api.SetValue(k, v)) === "true") {
        sent[k] = v;
        dirty = true;
      }
    } catch (e) {
      /* LMS gone */
    }
  }
  function stamp() {
    return new Date().toISOString().slice(0, 22) + "Z";
  }
  return {
    name: "scorm2004",
    start: function () {
      /* Opened by this launch's page in another language: the session that
         page initialised goes on, without a second Initialize. */
      if (T.handoff)
        live = (get("cmi.mode"), String(api.GetLastError()) === "0");
      if (!live) live = String(api.Initialize("")) === "true";
      if (!live) return null;
      var n = parseInt(get("cmi.objectives._count"), 10) || 0;
      for (var i = 0; i < n; i++)
        objIndex[get("cmi.objectives." + i + ".id")] = i;
      objCount = n;
      inter = parseInt(get("cmi.interactions._count"), 10) || 0;
      var sps = parseFloat(get("cmi.scaled_passing_score")),
        mode = get("cmi.mode");
      return {
        state: get("cmi.suspend_data") || null,
        mastery: isNaN(sps) ? null : Math.round(sps * 100),
        mode: mode === "browse" || mode === "review" ? mode : "normal",
        language: get("cmi.learner_preference.language"),
      };
    },
    preferLanguage: function (lang) {
      set("cmi.learner_preference.language", lang);
      this.commit();
    },
    save: function (s) {
      set("cmi.suspend_data", s);
    },
    location: function (id) {
      set("cmi.location", id.slice(0, 1000));
    },
    interaction: function (it) {
      if (!live) return;
      var p = "cmi.interactions." + inter++ + ".",
        d = it.d;
      set(p + "id", d.id);
      set(p + "type", T.types[d.kind]);
      if (d.text) set(p + "description", d.text);
      it.objectives.forEach(function (o, k) {
        set(p + "objectives." + k + ".id", o.id);
      });
      set(p + "timestamp", stamp());
      set(p + "weighting", d.points);
      T.patterns(d, "04").forEach(function (pat, k) {
        set(p + "correct_responses." + k + ".pattern", pat);
      });
      set(p + "learner_response", T.resp(d, it.v, "04"));
      set(p + "result", it.ok ? "correct" : "incorrect");
      set(p + "latency", T.iso(it.latency));
    },
    objectives: function (list) {
      list.forEach(function (o) {
        var i = objIndex[o.id];
        if (i === undefined) {
          i = objIndex[o.id] = objCount++;
          set("cmi.objectives." + i + ".id", o.id);
        }
        var p = "cmi.objectives." + i + ".";
        if (o.text) set(p + "description", o.text);
        if (o.raw != null) {
          set(p + "score.min", 0);
          set(p + "score.max", 100);
          set(p + "score.raw", o.raw);
          set(p + "score.scaled", o.raw / 100);
        }
        set(
          p + "success_status",
          o.success === true
            ? "passed"
            : o.success === false
              ? "failed"
              : "unknown",
        );
        set(
          p + "completion_status",
          o.completed
            ? "completed"
            : o.started
              ? "incomplete"
              : "not attempted",
        );
      });
    },
    score: function (pct) {
      if (pct == null) return;
      set("cmi.score.min", 0);
      set("cmi.score.max", 100);
      set("cmi.score.raw", pct);
      set("cmi.score.scaled", pct / 100);
    },
    /* The course's reporting option: whether completion means "reached the
       end" or "finished and not failed", and whether a failure is reported
       (docs/publishing.md, "What the LMS is told"). */
    status: function (r) {
      var how = D.reporting,
        done = r.completed;
      if (how === "completed-incomplete")
        done = r.completed && r.success !== false;
      else if (how === "completed-passed")
        done = r.completed || r.success === false;
      var success =
        r.success === true && how !== "completed-incomplete"
          ? "passed"
          : r.success === false && how === "passed-failed"
            ? "failed"
            : "unknown";
      set("cmi.completion_status", done ? "completed" : "incomplete");
      set("cmi.success_status", success);
      set("cmi.progress_measure", Math.round(r.progress * 100) / 100);
    },
    commit: function () {
      if (live && dirty) {
        dirty = false;
        api.Commit("");
      }
    },
    finish: function (suspend) {
      if (!live) return;
      set("cmi.exit", suspend ? "suspend" : "normal");
      set("cmi.session_time", T.iso(Date.now() - started));
      api.Commit("");
      api.Terminate("");
      live = false;
    },
  };
};
