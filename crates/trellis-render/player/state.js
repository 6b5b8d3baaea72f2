/* trellis:module state */
/* The saved state: compact, printable ASCII. See budget.rs for the layout;
   state_budget() in Rust computes the worst case of exactly this encoder. */
var B64 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
function w36(n) {
  var w = 1,
    cap = 36;
  while (cap < n) {
    w++;
    cap *= 36;
  }
  return w;
}
function n36(v, w) {
  var s = Math.max(0, v || 0).toString(36);
  while (s.length < w) s = "0" + s;
  return s;
}
function p36(s) {
  var v = parseInt(s, 36);
  if (isNaN(v) || !/^[0-9a-z]+$/.test(s)) throw new Error("bad digit");
  return v;
}
function bitsEnc(a) {
  var out = "";
  for (var i = 0; i < a.length; i += 6) {
    var v = 0;
    for (var j = 0; j < 6 && i + j < a.length; j++) if (a[i + j]) v |= 1 << j;
    out += B64.charAt(v);
  }
  return out;
}
function bitsDec(s, n) {
  if (s.length !== Math.ceil(n / 6)) throw new Error("bad bits");
  var a = [];
  for (var i = 0; i < n; i++)
    a.push(((B64.indexOf(s.charAt(Math.floor(i / 6))) >> (i % 6)) & 1) === 1);
  return a;
}
var PLAIN = /[A-Za-z0-9 .,!?()/@+:_-]/;
function esc(t) {
  var o = "";
  for (var i = 0; i < t.length; i++) {
    var c = t.charAt(i);
    if (PLAIN.test(c)) o += c;
    else {
      var h = t.charCodeAt(i).toString(16);
      o += "*" + "0000".slice(h.length) + h;
    }
  }
  return o;
}
function unesc(s) {
  return s.replace(/\*([0-9a-f]{4})/g, function (m, h) {
    return String.fromCharCode(parseInt(h, 16));
  });
}
/* @param {ScenarioData} sc */
function maxChoices(sc) {
  return sc.nodes.reduce(function (m, n) {
    return Math.max(m, n.next.length);
  }, 0);
}
/* Two base-36 digits that change when the course's structure does, so a
   state saved by another version of the course is not misread. */
/* @param {PlayerData} D */
function shape(D) {
  var s = D.pages.length + ";" + D.assessments.length + ";";
  D.questions.forEach(function (q) {
    s += q.kind.charAt(0) + (q.count || 0) + (q.maxLength || 0);
  });
  D.scenarios.forEach(function (sc) {
    s += "s" + sc.nodes.length + maxChoices(sc);
  });
  var h = 7;
  for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 1296;
  return n36(h, 2);
}
/* @param {PlayerData} D */
export function emptyState(D) {
  return {
    f: 0,
    page: 0,
    visited: D.pages.map(function () {
      return false;
    }),
    q: {},
    a: D.assessments.map(function () {
      return { n: 0, st: "i", seed: 0, best: 0, last: 0 };
    }),
    s: D.scenarios.map(function (sc) {
      return { node: sc.start, path: [] };
    }),
  };
}
/* @param {QuestionData} d */
function encResp(d, v) {
  switch (d.kind) {
    case "single-choice":
      return n36(v, w36(d.count));
    case "multiple-response":
      return bitsEnc(v);
    case "true-false":
      return v ? "1" : "0";
    case "matching":
      return v
        .map(function (x) {
          return n36(x + 1, w36(d.count + 1));
        })
        .join("");
    case "ordering":
      return v
        .map(function (x) {
          return n36(x, w36(d.count));
        })
        .join("");
    default:
      return esc(String(v));
  }
}
/* @param {QuestionData} d */
function decResp(d, s) {
  var out = [],
    i,
    w;
  switch (d.kind) {
    case "single-choice":
      i = p36(s);
      if (s.length !== w36(d.count) || i >= d.count)
        throw new Error("bad choice");
      return i;
    case "multiple-response":
      return bitsDec(s, d.count);
    case "true-false":
      return s === "1";
    case "matching":
      w = w36(d.count + 1);
      if (s.length !== d.count * w) throw new Error("bad matching");
      for (i = 0; i < d.count; i++) out.push(p36(s.substr(i * w, w)) - 1);
      return out;
    case "ordering":
      w = w36(d.count);
      if (s.length !== d.count * w) throw new Error("bad order");
      for (i = 0; i < d.count; i++) out.push(p36(s.substr(i * w, w)));
      if (
        out
          .slice()
          .sort(function (a, b) {
            return a - b;
          })
          .some(function (x, k) {
            return x !== k;
          })
      )
        throw new Error("bad order");
      return out;
    default:
      return unesc(s);
  }
}
/* @param {PlayerData} D */
export function encode(D, S) {
  var qw = w36(D.questions.length),
    recs = [];
  D.questions.forEach(function (d, i) {
    var r = S.q[i];
    if (!r || r.v == null) return;
    recs.push(n36(i, qw) + n36(Math.min(r.a, 35), 1) + r.r + encResp(d, r.v));
  });
  var a = S.a
    .map(function (x) {
      return (
        n36(Math.min(x.n, 35), 1) +
        x.st +
        n36(x.seed, 4) +
        n36(x.best, 2) +
        n36(x.last, 2)
      );
    })
    .join("");
  var s = D.scenarios
    .map(function (sc, i) {
      var st = S.s[i],
        mc = maxChoices(sc);
      return (
        n36(st.node, w36(sc.nodes.length)) +
        (mc
          ? st.path
              .slice(-sc.nodes.length)
              .map(function (c) {
                return n36(c, w36(mc));
              })
              .join("")
          : "")
      );
    })
    .join("~");
  return (
    "1" +
    B64.charAt(S.f & 63) +
    shape(D) +
    "|" +
    n36(S.page, w36(D.pages.length)) +
    "|" +
    bitsEnc(S.visited) +
    "|" +
    recs.join("~") +
    "|" +
    a +
    "|" +
    s
  );
}
/* @param {PlayerData} D */
export function decode(D, str) {
  try {
    if (!str || str.charAt(0) !== "1" || str.substr(2, 2) !== shape(D))
      return null;
    var parts = str.split("|");
    if (parts.length !== 6) return null;
    var S = emptyState(D),
      qw = w36(D.questions.length);
    S.f = Math.max(0, B64.indexOf(str.charAt(1)));
    S.page = Math.min(p36(parts[1]), Math.max(0, D.pages.length - 1));
    S.visited = bitsDec(parts[2], D.pages.length);
    if (parts[3])
      parts[3].split("~").forEach(function (rec) {
        var i = p36(rec.slice(0, qw)),
          d = D.questions[i],
          r = rec.charAt(qw + 1);
        if (!d) throw new Error("bad question");
        S.q[i] = {
          a: p36(rec.charAt(qw)),
          r: "cwn".indexOf(r) >= 0 ? r : "n",
          v: decResp(d, rec.slice(qw + 2)),
        };
      });
    if (parts[4].length !== 10 * D.assessments.length)
      throw new Error("bad assessments");
    S.a = D.assessments.map(function (x, k) {
      var t = parts[4].substr(k * 10, 10);
      return {
        n: p36(t.charAt(0)),
        st: t.charAt(1) === "r" ? "r" : "i",
        seed: p36(t.substr(2, 4)),
        best: p36(t.substr(6, 2)),
        last: p36(t.substr(8, 2)),
      };
    });
    var recs = parts[5] ? parts[5].split("~") : [];
    D.scenarios.forEach(function (sc, k) {
      var rec = recs[k],
        nw = w36(sc.nodes.length),
        cw = w36(maxChoices(sc)),
        path = [];
      if (!rec) return;
      var node = p36(rec.slice(0, nw));
      if (node >= sc.nodes.length) throw new Error("bad node");
      for (var j = nw; j + cw <= rec.length; j += cw)
        path.push(p36(rec.substr(j, cw)));
      S.s[k] = { node: node, path: path };
    });
    return S;
  } catch (e) {
    return null;
  }
}
function rng(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* The questions an assessment attempt shows: a draw from the pool seeded
   by the number the state keeps (so a resumed attempt shows the same ones).
   @param {AssessmentData} a */
export function drawn(a, seed) {
  var pool = a.pool.slice(),
    r = rng(seed);
  for (var i = pool.length - 1; i > 0; i--) {
    var j = Math.floor(r() * (i + 1)),
      t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  var out = pool.slice(0, a.draw);
  if (!a.shuffle)
    out.sort(function (x, y) {
      return x - y;
    });
  return out;
}
