/* trellis:module track-xapi */
import { doc, D, T } from "./core.js";
/* xAPI (Tin Can launch): endpoint, auth, actor, registration, activity_id
   from the launch URL; state in the State API; the same queue as cmi5. */
T.adapters.xapi = function () {
  var q = T.params();
  if (!q.endpoint || !q.actor) return null;
  var actor;
  try {
    actor = JSON.parse(q.actor);
  } catch (e) {
    return null;
  }
  /* Tin Can launch may give 0.9-style arrays; statements need xAPI 1.0 agents. */
  if (Array.isArray(actor.mbox)) actor.mbox = actor.mbox[0];
  if (Array.isArray(actor.name)) actor.name = actor.name[0];
  if (Array.isArray(actor.account)) {
    var acc = actor.account[0] || {};
    actor.account = {
      homePage: acc.accountServiceHomePage || acc.homePage,
      name: acc.accountName || acc.name,
    };
  }
  var act = q.activity_id || D.course.iri,
    reg = q.registration || "",
    STATE = "trellis-state",
    lang = doc.documentElement.lang || D.course.language;
  var lrs = T.lrs(q.endpoint, "trellis-xq:" + act + ":" + reg);
  lrs.auth = q.auth || "";
  var started = Date.now(),
    experienced = {},
    ended = false,
    saveTimer,
    last;
  function statement(verb, result, object) {
    var s = {
      id: T.uuid(),
      actor: actor,
      verb: T.verb(verb),
      timestamp: new Date().toISOString(),
      object: object || {
        objectType: "Activity",
        id: act,
        definition: {
          type: "http://adlnet.gov/expapi/activities/course",
          name: { und: D.course.title },
        },
      },
      context: { contextActivities: {} },
    };
    if (reg) s.context.registration = reg;
    /* The language the learner sees: the page's (one page per language). */
    if (lang) s.context.language = lang;
    /* The course's version label, so results can be told apart by version. */
    if (D.course.version) s.context.revision = D.course.version;
    if (object)
      s.context.contextActivities.parent = [
        { objectType: "Activity", id: act },
      ];
    if (result) s.result = result;
    return s;
  }
  function dur() {
    return T.iso(Date.now() - started);
  }
  function stateUrl() {
    return lrs.stateUrl(act, actor, reg, STATE);
  }
  return {
    name: "xapi",
    start: function () {
      lrs.send(statement("initialized"));
      return lrs
        .req("GET", stateUrl())
        .then(
          function (r) {
            return r.ok ? r.text() : null;
          },
          function () {
            return null;
          },
        )
        .then(function (s) {
          return { state: s || null };
        });
    },
    save: function (s) {
      last = s;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(function () {
        lrs.req("PUT", stateUrl(), s).catch(function () {});
      }, 300);
    },
    interaction: function (it) {
      if (ended) return;
      var a = T.answered(it),
        s = statement("answered", a.result, a.object);
      if (a.objectives.length) s.context.contextActivities.other = a.objectives;
      lrs.send(s);
    },
    /* experienced: once per lesson per launch. */
    lesson: function (page) {
      if (ended || experienced[page.id]) return;
      experienced[page.id] = true;
      lrs.send(statement("experienced", null, T.lessonActivity(page)));
    },
    objectives: function () {},
    score: function () {},
    status: function (r) {
      if (ended) return;
      if (r.completed && !(T.S.f & 1)) {
        T.S.f |= 1;
        lrs.send(statement("completed", { completion: true, duration: dur() }));
      }
      var score =
        r.score == null
          ? null
          : { scaled: r.score / 100, raw: r.score, min: 0, max: 100 };
      if (r.success === true && !(T.S.f & 2) && score) {
        T.S.f |= 2;
        lrs.send(
          statement("passed", { success: true, score: score, duration: dur() }),
        );
      } else if (r.success === false && !(T.S.f & 6) && score) {
        T.S.f |= 4;
        lrs.send(
          statement("failed", {
            success: false,
            score: score,
            duration: dur(),
          }),
        );
      }
      T.save();
    },
    commit: function () {
      lrs.flush();
    },
    finish: function () {
      if (ended) return;
      if (last) lrs.req("PUT", stateUrl(), last, true).catch(function () {});
      lrs.send(statement("terminated", { duration: dur() }), true);
      ended = true;
      lrs.flushNow();
    },
  };
};
