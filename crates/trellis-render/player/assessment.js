/* trellis:module assessment */
import { doc, D, $, $$, fmt, show, T } from "./core.js";
import { drawn as drawQuestions } from "./state.js";
/* Assessments: a seeded draw from the pool (kept in the state, so a resumed
   attempt shows the same questions), one submit, a score against the pass
   mark, limited attempts, a results screen. */
function newSeed() {
  return 1 + Math.floor(Math.random() * (1679616 - 2));
}
/* Whether a pass is still possible. With a course pass mark: some scored
   check is still open or some assessment has an attempt left. Otherwise: no
   assessment is failed with every attempt used (its best is then final). */
T.canStillPass = function () {
  if (T.coursePass() != null) {
    return (
      T.checks().open > 0 ||
      D.assessments.some(function (a, i) {
        return a.attempts === 0 || T.S.a[i].n < a.attempts;
      })
    );
  }
  return !D.assessments.some(function (a, i) {
    var s = T.S.a[i];
    return (
      s.n > 0 && s.best < T.passMark(a) && a.attempts > 0 && s.n >= a.attempts
    );
  });
};
T.mods.push(function (root) {
  $$(".t-assessment", root).forEach(function (sec) {
    var ai = +sec.getAttribute("data-asmt"),
      a = D.assessments[ai];
    var body = $("[data-t=asmt-body]", sec),
      res = $("[data-t=results]", sec);
    var submitP = $("[data-t=submit]", sec).parentNode;
    function st() {
      return T.S.a[ai];
    }
    function drawn() {
      if (!st().seed) {
        st().seed = newSeed();
        T.save();
      }
      return drawQuestions(a, st().seed);
    }
    function layout() {
      var list = drawn();
      a.pool.forEach(function (qi) {
        show(T.Q[qi].el, list.indexOf(qi) >= 0);
      });
      list.forEach(function (qi, k) {
        body.insertBefore(T.Q[qi].el, submitP);
        $("[data-t=qnum]", T.Q[qi].el).textContent = fmt("question", {
          n: k + 1,
        });
      });
      return list;
    }
    function left() {
      return a.attempts === 0 ? Infinity : a.attempts - st().n;
    }
    function results(focus) {
      var s = st(),
        mark = T.passMark(a),
        pass = s.best >= mark;
      show(body, false);
      show(res, true);
      var line =
        fmt("scoreLine", { score: s.last, pass: mark }) +
        " " +
        fmt(pass ? "passed" : "failed");
      var retry = !pass && left() > 0;
      if (!pass)
        line +=
          " " +
          (retry
            ? left() === Infinity
              ? ""
              : fmt("attemptsLeft", { n: left() })
            : fmt("noAttempts"));
      $("[data-t=score]", res).textContent = line.trim();
      var ul = $("[data-t=breakdown]", res);
      ul.textContent = "";
      drawn().forEach(function (qi, k) {
        var q = T.S.q[qi],
          li = doc.createElement("li");
        li.textContent = fmt(q && q.r === "c" ? "qCorrect" : "qWrong", {
          n: k + 1,
        });
        ul.appendChild(li);
      });
      show($("[data-t=retry]", res), retry);
      if (focus) {
        $("[data-t=results-h]", res).focus();
        T.announce(line);
      }
    }
    function submit() {
      var list = drawn(),
        missing = list.filter(function (qi) {
          return T.Q[qi].read() == null;
        });
      if (missing.length) {
        T.announce(fmt("unanswered", { n: missing.length }));
        var first = $("input, select, button", T.Q[missing[0]].el);
        if (first) first.focus();
        return;
      }
      var pos = 0,
        got = 0,
        s = st();
      list.forEach(function (qi) {
        var c = T.Q[qi],
          v = c.read(),
          ok = c.grade(v);
        T.S.q[qi] = { a: 0, r: ok ? "c" : "w", v: v };
        pos += c.d.points;
        if (ok) got += c.d.points;
        c.track(v, ok);
      });
      s.n++;
      s.last = pos ? Math.round((100 * got) / pos) : 100;
      s.best = Math.max(s.best, s.last);
      s.st = "r";
      results(true);
      T.report();
    }
    function retry() {
      var s = st();
      s.seed = newSeed();
      s.st = "i";
      a.pool.forEach(function (qi) {
        delete T.S.q[qi];
        T.Q[qi].write(null);
        T.Q[qi].lock(false);
      });
      show(res, false);
      show(body, true);
      var list = layout();
      T.report();
      var first = $("input, select, button", T.Q[list[0]].el);
      if (first) first.focus();
    }
    $("[data-t=submit]", sec).addEventListener("click", submit);
    $("[data-t=retry]", res).addEventListener("click", retry);
    body.addEventListener("change", function (e) {
      var el = e.target.closest(".t-question");
      if (!el || st().st !== "i") return;
      var c = T.Q[+el.getAttribute("data-q")],
        v = c.read();
      if (v == null) delete T.S.q[c.qi];
      else T.S.q[c.qi] = { a: 0, r: "n", v: v };
      T.save(true);
    });
    body.addEventListener("input", function (e) {
      if (e.target.type === "text")
        e.target.dispatchEvent(new Event("change", { bubbles: true }));
    });
    layout();
    if (st().st === "r" && st().n > 0) {
      a.pool.forEach(function (qi) {
        T.Q[qi].lock(true);
      });
      results(false);
    }
  });
});
