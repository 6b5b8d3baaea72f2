/* trellis:module core */
/* What every other module builds on: the course data, DOM helpers, the
   shared player object T (state, hooks, tracking), navigation, results. */
import { encode, drawn as drawnOf } from "./state.js";
export const doc = document;
export const D = JSON.parse(doc.getElementById("trellis-data").textContent);
export const STR = D.strings || {};
export function $(sel, root) {
  return (root || doc).querySelector(sel);
}
export function $$(sel, root) {
  return Array.prototype.slice.call((root || doc).querySelectorAll(sel));
}
/* A string with a count {n} may have a form for exactly one, under the same
   key + "One" ("1 question", not "1 questions"). */
export function fmt(key, args) {
  var s = (args && args.n === 1 && STR[key + "One"]) || STR[key] || key;
  for (var k in args) s = s.split("{" + k + "}").join(String(args[k]));
  return s;
}
export function show(el, on) {
  if (el) el.hidden = !on;
}
export const T = {
  fmt: fmt,
  $: $,
  $$: $$,
  mods: [],
  onPage: [],
  adapters: {},
  mastery: null,
  mode: "normal",
};

/* Announcements: one polite live region for feedback and moves. */
var live = doc.getElementById("t-live"),
  liveTimer;
T.announce = function (text) {
  live.textContent = "";
  clearTimeout(liveTimer);
  liveTimer = setTimeout(function () {
    live.textContent = text;
  }, 60);
};

/* Finds a SCORM API object by walking parents, then the opener's. */
T.findApi = function (name) {
  function scan(w) {
    for (var i = 0; w && i < 12; i++) {
      try {
        if (w[name]) return w[name];
      } catch (e) {
        return null;
      }
      if (!w.parent || w.parent === w) break;
      w = w.parent;
    }
    return null;
  }
  var api = scan(window);
  try {
    if (!api && window.opener) api = scan(window.opener);
  } catch (e) {
    /* cross-origin opener */
  }
  try {
    if (!api && window.top && window.top.opener) api = scan(window.top.opener);
  } catch (e) {
    /* ditto */
  }
  return api;
};

/* Durations. */
T.iso = function (ms) {
  var s = Math.max(0, ms) / 1000,
    h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60);
  return (
    "PT" +
    (h ? h + "H" : "") +
    (m ? m + "M" : "") +
    Math.round((s % 60) * 100) / 100 +
    "S"
  );
};

/* Navigation. */
export const pages = $$(".t-page");
export const menuLinks = $$(".t-menu a[data-page]");
export const menuBtn = $(".t-menu-btn");
var btnPrev = $("[data-t=prev]"),
  btnNext = $("[data-t=next]");
T.pageShownAt = Date.now();
T.go = function (i, focus) {
  var S = T.S;
  if (!pages.length) return;
  i = Math.max(0, Math.min(pages.length - 1, i));
  pages.forEach(function (p, k) {
    show(p, k === i);
  });
  S.page = i;
  S.visited[i] = true;
  T.pageShownAt = Date.now();
  menuLinks.forEach(function (a) {
    var k = +a.getAttribute("data-page");
    if (k === i) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
    if (S.visited[k] && !a.querySelector(".t-seen")) {
      var m = doc.createElement("span");
      m.className = "t-seen";
      m.innerHTML =
        '<span aria-hidden="true"> ✓</span><span class="t-vh">, ' +
        fmt("viewed") +
        "</span>";
      a.appendChild(m);
    }
  });
  btnPrev.disabled = i === 0;
  btnNext.disabled = i === pages.length - 1;
  var seen = S.visited.filter(Boolean).length;
  $("[data-t=progress]").textContent = fmt("progress", {
    n: i + 1,
    total: pages.length,
  });
  $("[data-t=progress-bar]").value = Math.round((100 * seen) / pages.length);
  T.onPage.forEach(function (f) {
    f(i);
  });
  if (focus) {
    var h = $(".t-page-title", pages[i]);
    h.focus();
    if (h.scrollIntoView) h.scrollIntoView({ block: "start" });
  }
  if (T.track.location) T.track.location(D.pages[i].id);
  /* xAPI and cmi5 report each lesson shown (experienced), so reach and
     drop-off are measured for lessons without questions too. */
  if (T.track.lesson) T.track.lesson(D.pages[i]);
  T.report();
};
btnPrev.addEventListener("click", function () {
  T.go(T.S.page - 1, true);
});
btnNext.addEventListener("click", function () {
  T.go(T.S.page + 1, true);
});
menuLinks.forEach(function (a) {
  a.addEventListener("click", function (e) {
    e.preventDefault();
    T.go(+a.getAttribute("data-page"), true);
    if (menuBtn && getComputedStyle(menuBtn).display !== "none") setMenu(false);
  });
});
function setMenu(open) {
  menuBtn.setAttribute("aria-expanded", String(open));
  doc.body.classList.toggle("t-menu-open", open);
}
menuBtn.addEventListener("click", function () {
  setMenu(menuBtn.getAttribute("aria-expanded") !== "true");
});
doc.addEventListener("keydown", function (e) {
  if (e.key === "Escape" && doc.body.classList.contains("t-menu-open")) {
    setMenu(false);
    menuBtn.focus();
  }
});

/* Scoring, objectives and completion, all derived from the state. */
/* The LMS's mastery score stands for the course pass mark when the course
   has one, and otherwise for the assessments' (it was published from them). */
T.coursePass = function () {
  var sc = D.scoring;
  return !sc || sc.passMark == null
    ? null
    : T.mastery != null
      ? T.mastery
      : sc.passMark;
};
/* @param {AssessmentData} a */
T.passMark = function (a) {
  return T.mastery != null && T.coursePass() == null ? T.mastery : a.passMark;
};
/* The knowledge checks that count toward the course score: points possible
   and earned, how many were answered, and how many are still open (neither
   right nor out of tries). */
T.checks = function () {
  var c = { pos: 0, got: 0, answered: 0, open: 0, tries: 0 };
  D.questions.forEach(function (q, i) {
    if (!q || q.inAssessment || !q.scored) return;
    var st = T.S.q[i];
    c.pos += q.points;
    if (st) {
      c.answered++;
      c.tries += st.a || 0;
    }
    if (st && st.r === "c") c.got += q.points;
    else if (!(st && q.attempts > 0 && st.a >= q.attempts)) c.open++;
  });
  return c;
};
/* Judged tries so far (assessment submissions and scored checks' answers):
   a result can only change when this grows. */
T.tries = function () {
  return (
    T.S.a.reduce(function (n, a) {
      return n + a.n;
    }, 0) + (D.scoring ? T.checks().tries : 0)
  );
};
T.results = function () {
  var S = T.S,
    qs = D.questions,
    out = {};
  var possible = 0,
    earned = 0;
  qs.forEach(function (q, i) {
    if (q.inAssessment) return;
    possible += q.points;
    if (S.q[i] && S.q[i].r === "c") earned += q.points;
  });
  D.scenarios.forEach(function (sc, i) {
    if (!sc.maxScore) return;
    possible += 1;
    var n = sc.nodes[S.s[i].node];
    if (n && n.ending && n.score != null) earned += n.score / 100;
  });
  out.practice = possible ? Math.round((100 * earned) / possible) : null;
  var passed = D.assessments.length > 0,
    failed = false,
    taken = false,
    sum = 0;
  D.assessments.forEach(function (a, i) {
    var st = S.a[i];
    sum += st.best;
    if (st.n > 0) taken = true;
    var ok = st.n > 0 && st.best >= T.passMark(a);
    if (!ok) passed = false;
    if (st.n > 0 && !ok) failed = true;
  });
  out.hasAsmt = D.assessments.length > 0;
  out.score = out.hasAsmt
    ? taken
      ? Math.round(sum / D.assessments.length)
      : null
    : out.practice;
  out.success = !out.hasAsmt ? null : passed ? true : failed ? false : null;
  out.judged = out.hasAsmt;
  if (D.scoring) {
    /* Course scoring: the scored checks' share of points weighed against the
       assessments' mean best score; what is not earned yet counts as missed. */
    var c = T.checks(),
      n = D.assessments.length;
    var cs = c.pos > 0 ? (100 * c.got) / c.pos : null,
      as = n ? sum / n : null;
    var score =
      cs == null
        ? as
        : as == null
          ? cs
          : (D.scoring.checksWeight * cs +
              (100 - D.scoring.checksWeight) * as) /
            100;
    out.score =
      score != null && (c.answered > 0 || taken) ? Math.round(score) : null;
    var cmark = T.coursePass();
    /* A pass mark over nothing scored judges nobody (the check warns). */
    if (cmark != null && (c.pos > 0 || n > 0)) {
      var over =
        c.open === 0 &&
        S.a.every(function (st) {
          return st.n > 0;
        });
      out.success =
        out.score != null && out.score >= cmark ? true : over ? false : null;
      out.judged = true;
    }
  }
  var seen = S.visited.filter(Boolean).length,
    all = seen === D.pages.length;
  var rule = D.completion,
    won = out.success === true;
  if (!out.judged) rule = "all-lessons-viewed";
  out.completed =
    rule === "all-lessons-viewed"
      ? all
      : rule === "assessment-passed"
        ? won
        : all && won;
  out.progress = out.completed
    ? 1
    : Math.min(0.99, seen / Math.max(1, D.pages.length));
  var mark =
    T.coursePass() != null
      ? T.coursePass()
      : D.assessments.length
        ? T.passMark(D.assessments[0])
        : 80;
  /* An objective is judged on the assessment questions of the current draw
     only: pool questions that were not drawn can never be answered. */
  var drawn = {};
  D.assessments.forEach(function (a, i) {
    if (S.a[i].seed)
      drawnOf(a, S.a[i].seed).forEach(function (qi) {
        drawn[qi] = true;
      });
  });
  out.objectives = D.objectives.map(function (o, oi) {
    var sets = [[], []];
    qs.forEach(function (q, i) {
      if (q.objectives.indexOf(oi) < 0 || (q.inAssessment && !drawn[i])) return;
      sets[q.inAssessment ? 0 : 1].push({
        pts: q.points,
        r: S.q[i] && S.q[i].r,
      });
    });
    var use = sets[0].some(function (x) {
      return x.r === "c" || x.r === "w";
    })
      ? sets[0]
      : sets[1];
    D.scenarios.forEach(function (sc, i) {
      if (sc.objectives.indexOf(oi) < 0 || !sc.maxScore) return;
      var n = sc.nodes[S.s[i].node];
      use.push({
        pts: 1,
        frac: n && n.ending && n.score != null ? n.score / 100 : null,
      });
    });
    var pos = 0,
      got = 0,
      done = 0;
    use.forEach(function (x) {
      if (x.r === "c" || x.r === "w") {
        done++;
        pos += x.pts;
        if (x.r === "c") got += x.pts;
      } else if (x.frac != null) {
        done++;
        pos += x.pts;
        got += x.frac * x.pts;
      }
    });
    var raw = pos ? Math.round((100 * got) / pos) : null;
    return {
      id: o.id,
      iri: o.iri,
      text: o.text,
      raw: raw,
      success: raw == null ? null : raw >= mark,
      completed: use.length > 0 && done === use.length,
      started: done > 0,
    };
  });
  return out;
};

/* Saving and reporting: after every meaningful change. */
var saveTimer;
T.save = function (soon) {
  clearTimeout(saveTimer);
  if (soon) {
    saveTimer = setTimeout(function () {
      T.save();
    }, 400);
    return;
  }
  try {
    T.track.save(encode(D, T.S));
  } catch (e) {
    /* keep going without saving */
  }
};
T.report = function () {
  T.save();
  if (T.mode !== "normal") {
    T.track.commit();
    return;
  }
  var r = T.results();
  var line = $("[data-t=course-score]");
  if (D.scoring && line) {
    show(line, r.score != null);
    var mark = T.coursePass();
    line.textContent =
      r.score == null
        ? ""
        : fmt(mark == null ? "courseScore" : "courseScorePass", {
            score: r.score,
            pass: mark,
          });
  }
  T.track.objectives(r.objectives);
  T.track.score(r.score);
  T.track.status(r);
  T.track.commit();
};
T.finish = function () {
  if (T.finished || !T.S) return;
  T.finished = true;
  T.report();
  var r = T.results();
  T.track.finish(!(r.completed && r.success !== false));
};
