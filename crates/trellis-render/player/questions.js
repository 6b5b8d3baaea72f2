/* trellis:module questions */
import { doc, D, $, $$, fmt, show, T } from "./core.js";
/* Questions: read, grade, give feedback, reveal after the last try, and
   describe each answer for the tracking adapters. */
var Q = (T.Q = []);
var NUM = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
function norm(s, cs) {
  s = String(s).trim().replace(/\s+/g, " ");
  return cs ? s : s.toLowerCase();
}
function ch(i) {
  return i.toString(36);
}

function control(el) {
  var qi = +el.getAttribute("data-q"),
    d = D.questions[qi],
    c = { el: el, qi: qi, d: d, since: 0 };
  var inputs = $$("input, select", el),
    list = $(".t-order", el),
    firstOrder = $$(".t-order-item", el);
  c.read = function () {
    var v, i;
    switch (d.kind) {
      case "single-choice":
      case "true-false":
        for (i = 0; i < inputs.length; i++)
          if (inputs[i].checked) v = +inputs[i].value;
        if (v === undefined) return null;
        return d.kind === "true-false" ? v === 1 : v;
      case "multiple-response":
        v = inputs.map(function (x) {
          return x.checked;
        });
        return v.some(Boolean) ? v : null;
      case "fill-blank":
        v = inputs[0].value.trim();
        return v ? v.slice(0, d.maxLength) : null;
      case "numeric":
        v = inputs[0].value.trim().replace(",", ".");
        return v && NUM.test(v) ? v.slice(0, 16) : null;
      case "matching":
        v = inputs.map(function (s) {
          return s.value === "" ? -1 : +s.value;
        });
        return v.indexOf(-1) >= 0 ? null : v;
      case "ordering":
        return $$(".t-order-item", el).map(function (li) {
          return +li.getAttribute("data-i");
        });
    }
  };
  c.write = function (v) {
    switch (d.kind) {
      case "single-choice":
      case "true-false":
        var want =
          d.kind === "true-false" ? (v === true ? 1 : v === false ? 0 : -1) : v;
        inputs.forEach(function (x) {
          x.checked = v != null && +x.value === want;
        });
        break;
      case "multiple-response":
        inputs.forEach(function (x, i) {
          x.checked = !!(v && v[i]);
        });
        break;
      case "fill-blank":
      case "numeric":
        inputs[0].value = v == null ? "" : v;
        break;
      case "matching":
        inputs.forEach(function (s, i) {
          s.value = v && v[i] >= 0 ? String(v[i]) : "";
        });
        break;
      case "ordering":
        /* No answer: the order the page first showed (as after a retry). */
        if (v)
          v.forEach(function (i) {
            list.appendChild($('.t-order-item[data-i="' + i + '"]', el));
          });
        else
          firstOrder.forEach(function (li) {
            list.appendChild(li);
          });
        break;
    }
  };
  c.grade = function (v) {
    switch (d.kind) {
      case "single-choice":
        return d.key.indexOf(v) >= 0;
      case "multiple-response":
        return v.every(function (x, i) {
          return x === d.key.indexOf(i) >= 0;
        });
      case "true-false":
        return v === d.key;
      case "fill-blank":
        return d.key.some(function (a) {
          return norm(a, d.caseSensitive) === norm(v, d.caseSensitive);
        });
      case "numeric":
        return Math.abs(parseFloat(v) - d.key.value) <= d.key.tolerance + 1e-9;
      default:
        return v.every(function (x, i) {
          return x === i;
        });
    }
  };
  c.lock = function (on) {
    inputs.forEach(function (x) {
      x.disabled = on;
    });
    $$("[data-t=up],[data-t=down]", el).forEach(function (b) {
      b.disabled = on;
    });
    var chk = $("[data-t=check]", el);
    if (chk) chk.setAttribute("aria-disabled", String(on));
  };
  /* Which per-choice feedback applies to a response. */
  c.choiceKeys = function (v) {
    if (d.kind === "single-choice") return ["c" + v];
    if (d.kind === "true-false") return [v ? "c1" : "c0"];
    if (d.kind === "multiple-response")
      return v
        .map(function (x, i) {
          return x ? "c" + i : null;
        })
        .filter(Boolean);
    return [];
  };
  c.feedback = function (st, quiet) {
    var box = $("[data-t=feedback]", el);
    if (!box) return;
    var ok = st.r === "c",
      out = d.attempts > 0 && st.a >= d.attempts;
    var verdict = ok
      ? fmt("correct")
      : fmt("incorrect") + " " + (out ? fmt("shown") : fmt("tryAgain"));
    $$("[data-fb]", box).forEach(function (f) {
      show(f, false);
    });
    var shown = c
      .choiceKeys(st.v)
      .map(function (k) {
        return $("[data-fb=" + k + "]", box);
      })
      .filter(Boolean);
    if (!shown.length)
      shown = [
        $("[data-fb=" + (ok ? "correct" : "incorrect") + "]", box),
      ].filter(Boolean);
    shown.forEach(function (f) {
      show(f, true);
    });
    $("[data-t=verdict]", box).textContent = verdict;
    box.className = "t-feedback " + (ok ? "t-ok" : "t-wrong");
    show(box, true);
    if (ok || out) c.lock(true);
    var said = shown.map(function (f) {
      return f.textContent.trim();
    });
    var old = $("[data-t=reveal]", box);
    if (old) old.parentNode.removeChild(old);
    if (out && !ok) {
      said.push(c.reveal(box));
      el.classList.add("t-revealed");
    }
    if (!quiet) T.announce(verdict + " " + said.join(" "));
  };
  /* After the last wrong try the learner's answer stays as given (it is what
     was recorded) and the correct answer is written out below it. */
  c.keyText = function () {
    function label(input) {
      var l = $('label[for="' + input.id + '"]', el);
      return l ? l.textContent.trim() : "";
    }
    switch (d.kind) {
      case "single-choice":
      case "multiple-response":
        return d.key.map(function (i) {
          return label(inputs[i]);
        });
      case "true-false":
        return inputs
          .filter(function (x) {
            return +x.value === (d.key ? 1 : 0);
          })
          .map(label);
      case "fill-blank":
        return [d.key[0]];
      case "numeric":
        return [
          d.key.tolerance
            ? fmt("numberTol", { value: d.key.value, tol: d.key.tolerance })
            : String(d.key.value),
        ];
      case "matching":
        return inputs.map(function (s, i) {
          var o = $('option[value="' + i + '"]', s);
          return fmt("matchPair", {
            item: label(s),
            target: o ? o.textContent.trim() : "",
          });
        });
      case "ordering":
        return Array.apply(null, Array(d.count)).map(function (x, i) {
          return $(
            '.t-order-item[data-i="' + i + '"] .t-order-text',
            el,
          ).textContent.trim();
        });
    }
    return [];
  };
  c.reveal = function (box) {
    var lines = c.keyText(),
      wrap = doc.createElement("div"),
      p = doc.createElement("p");
    var list = doc.createElement(d.kind === "ordering" ? "ol" : "ul");
    wrap.className = "t-reveal";
    wrap.setAttribute("data-t", "reveal");
    p.className = "t-reveal-h";
    p.textContent = fmt("correctAnswer");
    lines.forEach(function (t) {
      var li = doc.createElement("li");
      li.textContent = t;
      list.appendChild(li);
    });
    wrap.appendChild(p);
    wrap.appendChild(list);
    box.appendChild(wrap);
    return p.textContent + " " + lines.join("; ");
  };
  c.check = function () {
    if ($("[data-t=check]", el).getAttribute("aria-disabled") === "true")
      return;
    var v = c.read();
    if (v == null) {
      T.announce(fmt(d.kind === "numeric" ? "enterNumber" : "enterAnswer"));
      return;
    }
    var st = T.S.q[qi] || { a: 0 };
    st.a++;
    st.v = v;
    st.r = c.grade(v) ? "c" : "w";
    T.S.q[qi] = st;
    c.feedback(st, false);
    c.track(v, st.r === "c");
    T.report();
  };
  c.track = function (v, ok) {
    var now = Date.now();
    T.track.interaction({
      d: d,
      v: v,
      ok: ok,
      ctl: c,
      latency: now - Math.max(T.pageShownAt, c.since),
      objectives: d.objectives.map(function (i) {
        return D.objectives[i];
      }),
    });
    c.since = now;
  };
  var chk = $("[data-t=check]", el);
  if (chk) chk.addEventListener("click", c.check);
  var hint = $("[data-t=hint]", el);
  if (hint)
    hint.addEventListener("click", function () {
      var open = hint.getAttribute("aria-expanded") !== "true";
      hint.setAttribute("aria-expanded", String(open));
      show(doc.getElementById(hint.getAttribute("aria-controls")), open);
    });
  $$("[data-t=up],[data-t=down]", el).forEach(function (b) {
    b.addEventListener("click", function () {
      var li = b.closest("li"),
        up = b.getAttribute("data-t") === "up";
      var other = up ? li.previousElementSibling : li.nextElementSibling;
      if (!other) return;
      list.insertBefore(li, up ? other : other.nextElementSibling);
      b.focus();
      var items = $$(".t-order-item", el);
      T.announce(
        fmt("moved", {
          item: $(".t-order-text", li).textContent,
          n: items.indexOf(li) + 1,
          total: items.length,
        }),
      );
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
  return c;
}

/* Response formats: SCORM 1.2 ("12") and SCORM 2004 / xAPI ("04"). */
T.types = {
  "single-choice": "choice",
  "multiple-response": "choice",
  "true-false": "true-false",
  "fill-blank": "fill-in",
  matching: "matching",
  ordering: "sequencing",
  numeric: "numeric",
};
/* @param {QuestionData} d */
T.resp = function (d, v, f) {
  var ids = d.ids || [],
    J = f === "12" ? "," : "[,]",
    id =
      f === "12"
        ? ch
        : function (i) {
            return ids[i];
          };
  switch (d.kind) {
    case "single-choice":
      return id(v);
    case "multiple-response":
      return v
        .map(function (x, i) {
          return x ? id(i) : null;
        })
        .filter(function (x) {
          return x != null;
        })
        .join(J);
    case "true-false":
      return f === "12" ? (v ? "t" : "f") : String(v);
    case "matching":
      return v
        .map(function (x, i) {
          return f === "12"
            ? ch(i) + "." + ch(x)
            : ids[i] + "[.]" + ids[x] + "-r";
        })
        .join(J);
    case "ordering":
      return v.map(id).join(J);
    default:
      return String(v).slice(0, 250);
  }
};
/* Correct-response patterns (several for fill-blank in 2004/xAPI). */
/* @param {QuestionData} d */
T.patterns = function (d, f) {
  var ids = d.ids || [],
    all = Array.apply(null, Array(d.count || 0)).map(function (x, i) {
      return i;
    });
  switch (d.kind) {
    case "single-choice":
      return f === "12"
        ? [ch(d.key[0])]
        : d.key.map(function (i) {
            return ids[i];
          });
    case "multiple-response":
      return [
        d.key
          .map(
            f === "12"
              ? ch
              : function (i) {
                  return ids[i];
                },
          )
          .join(f === "12" ? "," : "[,]"),
      ];
    case "true-false":
      return [f === "12" ? (d.key ? "t" : "f") : String(d.key)];
    case "fill-blank":
      return f === "12"
        ? [d.key[0]]
        : d.key.map(function (a) {
            return (d.caseSensitive ? "{case_matters=true}" : "") + a;
          });
    case "numeric":
      return [
        f === "12"
          ? String(d.key.value)
          : d.key.value -
            d.key.tolerance +
            "[:]" +
            (d.key.value + d.key.tolerance),
      ];
    default:
      return [T.resp(d, all, f)];
  }
};

/* Wires the questions in `root` (the page when not given). */
T.mods.push(function (root) {
  var made = $$(".t-question", root).map(function (el) {
    return (Q[+el.getAttribute("data-q")] = control(el));
  });
  made.forEach(function (c) {
    var st = T.S.q[c.qi];
    if (!st) return;
    c.write(st.v);
    if (!c.d.inAssessment && (st.r === "c" || st.r === "w"))
      c.feedback(st, true);
  });
});
