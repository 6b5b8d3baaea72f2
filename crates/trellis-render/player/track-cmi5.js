/* trellis:module track-cmi5 */
import { doc, D, $$, T } from "./core.js";
import { pickLanguage } from "./pick-language.js";
/* cmi5 AU: POST the fetch URL once for the token (cached for this launch),
   read LMS.LaunchData from the State API and the learner's preferences
   (cmi5LearnerPreferences agent profile), then: initialized first, answered and experienced
   (cmi5 allowed), completed at most once per registration, at most one
   passed or failed per session (passed at most once per registration and
   never failed after it), terminated last. Every statement carries the
   registration, the session id and the context template; Browse and Review
   modes send only initialized and terminated.
   Sessions (docs/publishing.md, "cmi5 sessions"): statements a finished
   session left in the send queue are never sent in this one; a result
   statement among them the LRS does not hold is reported again in this
   session. A failed result is held while the learner may still retry, and
   sent when the session ends (or at once when no retry is left), so a fail
   and a pass in one session send passed only. */
T.adapters.cmi5 = function () {
  var q = T.params();
  if (!q.endpoint || !q.fetch || !q.actor || !q.registration || !q.activityId)
    return null;
  var actor;
  try {
    actor = JSON.parse(q.actor);
  } catch (e) {
    return null;
  }
  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  var STATE = "trellis-state";
  var lrs = T.lrs(
    q.endpoint,
    "trellis-xq:" + q.activityId + ":" + q.registration,
  );
  var LD = {},
    experienced = {},
    session = "",
    started = Date.now(),
    ended = false,
    normal = true,
    saveTimer;
  /* unsent: state flags (1 completed, 2 passed) whose statement never reached
     the LRS; judged: this session sent passed or failed; held: the score of a
     failed result not sent yet; base: judged tries (T.tries) before this session. */
  var unsent = 0,
    lostFail = false,
    judged = false,
    held = null,
    base = null;
  function statement(verb, result, extra, cmi5, moveOn) {
    var ctx = JSON.parse(JSON.stringify(LD.contextTemplate || {}));
    ctx.registration = q.registration;
    ctx.extensions = ctx.extensions || {};
    ctx.extensions[SESSION] = session;
    if (T.lang) ctx.language = T.lang;
    if (D.course.version) ctx.revision = D.course.version;
    if (cmi5) {
      ctx.contextActivities = ctx.contextActivities || {};
      var cat = (ctx.contextActivities.category =
        ctx.contextActivities.category || []);
      cat.push({ id: CAT + "cmi5", objectType: "Activity" });
      if (moveOn) cat.push({ id: CAT + "moveon", objectType: "Activity" });
    }
    var s = {
      id: T.uuid(),
      actor: actor,
      verb: T.verb(verb),
      timestamp: new Date().toISOString(),
      context: ctx,
      object: { objectType: "Activity", id: q.activityId },
    };
    if (result) s.result = result;
    for (var k in extra || {}) s[k] = extra[k];
    return s;
  }
  function dur() {
    return T.iso(Date.now() - started);
  }
  function flag(bit) {
    return (T.S.f & bit) !== 0;
  }
  function sessionOf(s) {
    return s.context && s.context.extensions && s.context.extensions[SESSION];
  }
  function verbOf(s) {
    return s.verb.id.replace(/^.*\//, "");
  }
  function stateUrl() {
    return lrs.stateUrl(q.activityId, actor, q.registration, STATE);
  }
  /* A finished session's statements still queued: out of the queue, and the
     results among them that the LRS never got are reported in this session. */
  function settle() {
    var stale = lrs.drop(function (s) {
      return sessionOf(s) !== session;
    });
    var results = stale.filter(function (s) {
      return ["completed", "passed", "failed"].indexOf(verbOf(s)) >= 0;
    });
    return Promise.all(
      results.map(function (s) {
        return lrs.holds(s.id).then(function (has) {
          if (has !== false) return;
          var v = verbOf(s);
          if (v === "completed") unsent |= 1;
          else if (v === "passed") unsent |= 2;
          else lostFail = true;
        });
      }),
    );
  }
  function preferences() {
    return lrs
      .req("GET", lrs.profileUrl(actor, "cmi5LearnerPreferences"))
      .then(function (r) {
        return r.ok ? r.json() : {};
      })
      .then(
        function (p) {
          return p || {};
        },
        function () {
          return {};
        },
      )
      .then(function (p) {
        return T.applyPreferences(p);
      });
  }
  function judge(verb, success, score) {
    judged = true;
    held = null;
    var s = statement(
      verb,
      { success: success, score: score, duration: dur() },
      null,
      true,
      true,
    );
    /* cmi5 9.6.3.2: passed and failed carry the LMS's masteryScore. */
    if (typeof LD.masteryScore === "number")
      s.context.extensions[MASTERY] = LD.masteryScore;
    lrs.send(s);
  }
  return {
    name: "cmi5",
    start: function () {
      var cached = null;
      try {
        cached = sessionStorage.getItem("trellis-token:" + q.fetch);
      } catch (e) {
        /* none */
      }
      var token = cached
        ? Promise.resolve(cached)
        : fetch(q.fetch, { method: "POST", credentials: "omit" })
            .then(function (r) {
              return r.json();
            })
            .then(function (j) {
              if (!j["auth-token"]) throw new Error("no token");
              try {
                sessionStorage.setItem(
                  "trellis-token:" + q.fetch,
                  j["auth-token"],
                );
              } catch (e) {
                /* none */
              }
              return j["auth-token"];
            });
      return token
        .then(function (t) {
          lrs.auth = "Basic " + t;
          return lrs.req(
            "GET",
            lrs.stateUrl(q.activityId, actor, q.registration, "LMS.LaunchData"),
          );
        })
        .then(function (r) {
          return r.json();
        })
        .then(function (ld) {
          LD = ld || {};
          session =
            (LD.contextTemplate &&
              LD.contextTemplate.extensions &&
              LD.contextTemplate.extensions[SESSION]) ||
            T.uuid();
          normal = !LD.launchMode || LD.launchMode === "Normal";
          return Promise.all([settle(), preferences()]);
        })
        .then(function () {
          lrs.send(statement("initialized", null, null, true));
          return lrs.req("GET", stateUrl());
        })
        .then(
          function (r) {
            return r.ok ? r.text() : null;
          },
          function () {
            return null;
          },
        )
        .then(function (state) {
          var ms =
            typeof LD.masteryScore === "number"
              ? Math.round(LD.masteryScore * 100)
              : null;
          return {
            state: state || null,
            mastery: ms,
            mode: normal ? "normal" : "review",
          };
        });
    },
    save: function (s) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(function () {
        lrs.req("PUT", stateUrl(), s).catch(function () {});
      }, 300);
      this.last = s;
    },
    interaction: function (it) {
      if (!normal || ended) return;
      var a = T.answered(it),
        ctx;
      var s = statement("answered", a.result, { object: a.object });
      ctx = s.context.contextActivities = s.context.contextActivities || {};
      if (a.objectives.length)
        ctx.other = (ctx.other || []).concat(a.objectives);
      lrs.send(s);
    },
    /* experienced: a cmi5 allowed statement (no cmi5 category, the context
       template, the session), once per lesson per session, in Normal mode
       only, as answered is. */
    lesson: function (page) {
      if (!normal || ended || experienced[page.id]) return;
      experienced[page.id] = true;
      lrs.send(
        statement("experienced", null, { object: T.lessonActivity(page) }),
      );
    },
    objectives: function () {},
    score: function () {},
    status: function (r) {
      if (!normal || ended) return;
      if (base == null) {
        /* The first report of the session: what the LRS never got counts as not sent. */
        T.S.f &= ~unsent;
        base = T.tries() - (lostFail ? 1 : 0);
      }
      if (r.completed && !flag(1)) {
        T.S.f |= 1;
        lrs.send(
          statement(
            "completed",
            { completion: true, duration: dur() },
            null,
            true,
            true,
          ),
        );
      }
      var score =
        r.score == null
          ? null
          : { scaled: r.score / 100, raw: r.score, min: 0, max: 100 };
      if (r.success === true && !flag(2) && !judged && score) {
        T.S.f |= 2;
        judge("passed", true, score);
      } else if (
        r.success === false &&
        !flag(2) &&
        !judged &&
        score &&
        T.tries() > base
      ) {
        /* Failed in this session: final only when no retry is left. */
        held = score;
        if (!(T.canStillPass && T.canStillPass())) judge("failed", false, held);
      }
      T.save();
    },
    commit: function () {
      lrs.flush();
    },
    finish: function () {
      if (ended) return;
      if (held && !judged) judge("failed", false, held);
      if (this.last)
        lrs.req("PUT", stateUrl(), this.last, true).catch(function () {});
      lrs.send(statement("terminated", { duration: dur() }, null, true), true);
      ended = true;
      lrs.flushNow();
    },
  };
};
/* The learner's preferences as the LMS keeps them (cmi5 section 11):
   languagePreference, a list of language codes, best first; audioPreference,
   "on" or "off". The course opens in the first preferred language it holds
   (pickLanguage; with every language published, T.chooseLanguage may move
   to another language's page, before anything is sent), and its audio and
   video start muted or not as the learner chose. */
T.applyPreferences = function (p) {
  if (p.audioPreference === "on" || p.audioPreference === "off") {
    $$("audio, video").forEach(function (m) {
      m.muted = m.defaultMuted = p.audioPreference === "off";
    });
  }
  var chosen = T.chooseLanguage
    ? T.chooseLanguage(p.languagePreference)
    : Promise.resolve(pickLanguage(p.languagePreference, [D.course.language]));
  return chosen.then(function (lang) {
    T.lang = lang || D.course.language;
    if (T.lang) doc.documentElement.lang = T.lang;
  });
};
