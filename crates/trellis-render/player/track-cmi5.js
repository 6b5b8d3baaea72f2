/* trellis:module track-cmi5 */
/* cmi5 AU: POST the fetch URL once for the token (cached for this launch),
   read LMS.LaunchData from the State API, then: initialized first,
   answered (cmi5 allowed), completed / passed / failed at most once per
   registration and never failed after passed, terminated last. Every
   statement carries the registration, the session id and the context
   template; Browse and Review modes send only initialized and terminated. */
T.adapters.cmi5 = function () {
  var q = T.params();
  if (!q.endpoint || !q.fetch || !q.actor || !q.registration || !q.activityId) return null;
  var actor;
  try { actor = JSON.parse(q.actor); } catch (e) { return null; }
  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  var STATE = "trellis-state";
  var lrs = T.lrs(q.endpoint, "trellis-xq:" + q.activityId + ":" + q.registration);
  var LD = {}, session = "", started = Date.now(), ended = false, normal = true, saveTimer;
  function statement(verb, result, extra, cmi5, moveOn) {
    var ctx = JSON.parse(JSON.stringify(LD.contextTemplate || {}));
    ctx.registration = q.registration;
    ctx.extensions = ctx.extensions || {};
    ctx.extensions[SESSION] = session;
    if (cmi5) {
      ctx.contextActivities = ctx.contextActivities || {};
      var cat = ctx.contextActivities.category = ctx.contextActivities.category || [];
      cat.push({ id: CAT + "cmi5", objectType: "Activity" });
      if (moveOn) cat.push({ id: CAT + "moveon", objectType: "Activity" });
    }
    var s = { id: T.uuid(), actor: actor, verb: T.verb(verb), timestamp: new Date().toISOString(), context: ctx,
      object: { objectType: "Activity", id: q.activityId } };
    if (result) s.result = result;
    for (var k in extra || {}) s[k] = extra[k];
    return s;
  }
  function dur() { return T.iso(Date.now() - started); }
  function flag(bit) { return (T.S.f & bit) !== 0; }
  return {
    name: "cmi5",
    start: function () {
      var cached = null;
      try { cached = sessionStorage.getItem("trellis-token:" + q.fetch); } catch (e) { /* none */ }
      var token = cached ? Promise.resolve(cached) : fetch(q.fetch, { method: "POST", credentials: "omit" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (!j["auth-token"]) throw new Error("no token");
          try { sessionStorage.setItem("trellis-token:" + q.fetch, j["auth-token"]); } catch (e) { /* none */ }
          return j["auth-token"];
        });
      return token.then(function (t) {
        lrs.auth = "Basic " + t;
        return lrs.req("GET", lrs.stateUrl(q.activityId, actor, q.registration, "LMS.LaunchData"));
      }).then(function (r) { return r.json(); }).then(function (ld) {
        LD = ld || {};
        session = (LD.contextTemplate && LD.contextTemplate.extensions && LD.contextTemplate.extensions[SESSION]) || T.uuid();
        normal = !LD.launchMode || LD.launchMode === "Normal";
        lrs.send(statement("initialized", null, null, true));
        return lrs.req("GET", lrs.stateUrl(q.activityId, actor, q.registration, STATE));
      }).then(function (r) { return r.ok ? r.text() : null; }, function () { return null; }).then(function (state) {
        var ms = typeof LD.masteryScore === "number" ? Math.round(LD.masteryScore * 100) : null;
        return { state: state || null, mastery: ms, mode: normal ? "normal" : "review" };
      });
    },
    save: function (s) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(function () {
        lrs.req("PUT", lrs.stateUrl(q.activityId, actor, q.registration, STATE), s).catch(function () {});
      }, 300);
      this.last = s;
    },
    interaction: function (it) {
      if (!normal || ended) return;
      var a = T.answered(it), ctx;
      var s = statement("answered", a.result, { object: a.object });
      ctx = s.context.contextActivities = s.context.contextActivities || {};
      if (a.objectives.length) ctx.other = (ctx.other || []).concat(a.objectives);
      lrs.send(s);
    },
    objectives: function () {},
    score: function () {},
    status: function (r) {
      if (!normal || ended) return;
      if (r.completed && !flag(1)) {
        T.S.f |= 1;
        lrs.send(statement("completed", { completion: true, duration: dur() }, null, true, true));
      }
      var score = r.score == null ? null : { scaled: r.score / 100, raw: r.score, min: 0, max: 100 };
      function judged(verb, success) {
        var s = statement(verb, { success: success, score: score, duration: dur() }, null, true, true);
        /* cmi5 9.6.3.2: passed and failed carry the LMS's masteryScore. */
        if (typeof LD.masteryScore === "number") s.context.extensions[MASTERY] = LD.masteryScore;
        lrs.send(s);
      }
      if (r.success === true && !flag(2) && score) {
        T.S.f |= 2;
        judged("passed", true);
      } else if (r.success === false && !flag(2) && !flag(4) && score) {
        T.S.f |= 4;
        judged("failed", false);
      }
      T.save();
    },
    commit: function () { lrs.flush(); },
    finish: function () {
      if (ended) return;
      if (this.last) lrs.req("PUT", lrs.stateUrl(q.activityId, actor, q.registration, STATE), this.last, true).catch(function () {});
      lrs.send(statement("terminated", { duration: dur() }, null, true), true);
      ended = true;
      lrs.flushNow();
    }
  };
};
