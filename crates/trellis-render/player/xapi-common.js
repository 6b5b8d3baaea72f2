/* trellis:module xapi-common */
import { T } from "./core.js";
/* xAPI plumbing shared by cmi5 and xAPI: launch parameters, UUID v4
   statement ids made here (so a retry is idempotent), a queue kept in
   localStorage and sent in order, retried when the LRS is unreachable. */
T.params = function () {
  var out = {};
  location.search
    .replace(/^\?/, "")
    .split("&")
    .forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      var k = decodeURIComponent(
        (i < 0 ? kv : kv.slice(0, i)).replace(/\+/g, " "),
      );
      out[k] =
        i < 0 ? "" : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
    });
  return out;
};
T.uuid = function () {
  var b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  var h = Array.prototype.map
    .call(b, function (x) {
      return (x + 256).toString(16).slice(1);
    })
    .join("");
  return (
    h.slice(0, 8) +
    "-" +
    h.slice(8, 12) +
    "-" +
    h.slice(12, 16) +
    "-" +
    h.slice(16, 20) +
    "-" +
    h.slice(20)
  );
};
T.lrs = function (endpoint, queueKey) {
  if (endpoint.slice(-1) !== "/") endpoint += "/";
  var L = { auth: "", stopped: false },
    busy = false,
    wait = 1000,
    timer;
  function load() {
    try {
      return JSON.parse(localStorage.getItem(queueKey) || "[]");
    } catch (e) {
      return [];
    }
  }
  function store(q) {
    try {
      localStorage.setItem(queueKey, JSON.stringify(q));
    } catch (e) {
      /* full */
    }
  }
  var queue = load();
  L.req = function (method, path, body, keep) {
    var h = { "X-Experience-API-Version": "1.0.3" };
    if (L.auth) h.Authorization = L.auth;
    if (body != null) h["Content-Type"] = "application/json";
    return fetch(endpoint + path, {
      method: method,
      headers: h,
      body: body,
      keepalive: !!keep,
      credentials: "omit",
    });
  };
  L.stateUrl = function (activityId, actor, registration, stateId) {
    return (
      "activities/state?activityId=" +
      encodeURIComponent(activityId) +
      "&agent=" +
      encodeURIComponent(JSON.stringify(actor)) +
      (registration
        ? "&registration=" + encodeURIComponent(registration)
        : "") +
      "&stateId=" +
      encodeURIComponent(stateId)
    );
  };
  L.send = function (stmt, hold) {
    queue.push(stmt);
    store(queue);
    if (!hold) L.flush();
  };
  L.flush = function () {
    if (busy || !queue.length || !L.auth) return;
    busy = true;
    var s = queue[0];
    /* keepalive: a learner who leaves while this statement is on its way
       does not cancel it (pagehide's batch below leaves it out, as it may be
       stored already, and a batch with one stored statement is refused). */
    L.req(
      "PUT",
      "statements?statementId=" + encodeURIComponent(s.id),
      JSON.stringify(s),
      true,
    ).then(
      function (r) {
        busy = false;
        /* 409: a statement with this id is stored already (a retry). Any other
         4xx but 401, 408 and 429 (400, 403, 422…) is final: that statement
         will never be accepted, so drop it and keep the rest flowing. */
        var refused =
          r.status >= 400 &&
          r.status < 500 &&
          [401, 408, 429].indexOf(r.status) < 0;
        if (r.ok || refused) {
          queue = load();
          if (queue.length && queue[0].id === s.id) queue.shift();
          store(queue);
          wait = 1000;
          L.flush();
        } else retry();
      },
      function () {
        busy = false;
        retry();
      },
    );
  };
  function retry() {
    clearTimeout(timer);
    timer = setTimeout(L.flush, wait);
    wait = Math.min(wait * 2, 60000);
  }
  /* On pagehide: whatever is queued goes in one ordered batch that outlives
     the page; it stays queued, and the next launch's retry is harmless. */
  L.flushNow = function () {
    var batch = busy ? queue.slice(1) : queue.slice();
    if (!batch.length || !L.auth) return;
    try {
      L.req("POST", "statements", JSON.stringify(batch), true).then(
        function (r) {
          if (r.ok)
            store(
              load().filter(function (s) {
                return !batch.some(function (b) {
                  return b.id === s.id;
                });
              }),
            );
        },
        function () {},
      );
    } catch (e) {
      /* no keepalive */
    }
  };
  L.pending = function () {
    return queue.length;
  };
  /* Takes the statements `which` picks out of the queue for good and returns
     them; for before the first send, as nothing may be on its way then. */
  L.drop = function (which) {
    var gone = queue.filter(which);
    if (gone.length) {
      queue = queue.filter(function (s) {
        return !which(s);
      });
      store(queue);
    }
    return gone;
  };
  /* Whether the LRS holds a statement: true, false, or null when it will
     not say (unreachable, or the credentials may not read). An LRS answers
     a statement, 404, or (some, as Ralph) a result list, empty or not. */
  L.holds = function (id) {
    return L.req("GET", "statements?statementId=" + encodeURIComponent(id))
      .then(function (r) {
        if (r.status === 404) return false;
        if (!r.ok) return null;
        return r.json().then(function (j) {
          if (j && j.id === id) return true;
          if (j && Array.isArray(j.statements))
            return j.statements.some(function (s) {
              return s.id === id;
            });
          return null;
        });
      })
      .catch(function () {
        return null;
      });
  };
  L.profileUrl = function (actor, profileId) {
    return (
      "agents/profile?agent=" +
      encodeURIComponent(JSON.stringify(actor)) +
      "&profileId=" +
      encodeURIComponent(profileId)
    );
  };
  return L;
};
/* Statement helpers. */
T.verb = function (name) {
  return {
    id: "http://adlnet.gov/expapi/verbs/" + name,
    display: { "en-US": name },
  };
};
/* A lesson as the object of an experienced statement.
   @param {PageData} page */
T.lessonActivity = function (page) {
  return {
    objectType: "Activity",
    id: page.iri,
    definition: {
      type: "http://adlnet.gov/expapi/activities/lesson",
      name: { und: page.title },
    },
  };
};
/* @param {QuestionData} d */
T.interactionActivity = function (d) {
  var def = {
    type: "http://adlnet.gov/expapi/activities/cmi.interaction",
    interactionType: T.types[d.kind],
    correctResponsesPattern: T.patterns(d, "04"),
  };
  if (d.text) def.name = { und: d.text };
  function comps(ids, labels, suffix) {
    return ids.map(function (id, i) {
      return { id: id + (suffix || ""), description: { und: labels[i] || id } };
    });
  }
  if (d.kind === "single-choice" || d.kind === "multiple-response")
    def.choices = comps(d.ids, d.labels);
  if (d.kind === "ordering") def.choices = comps(d.ids, d.labels);
  if (d.kind === "matching") {
    def.source = comps(d.ids, d.labels);
    def.target = comps(d.ids, d.targets, "-r");
  }
  return { objectType: "Activity", id: d.iri, definition: def };
};
T.answered = function (it) {
  return {
    verb: T.verb("answered"),
    object: T.interactionActivity(it.d),
    result: {
      success: it.ok,
      response: T.resp(it.d, it.v, "04"),
      duration: T.iso(it.latency),
    },
    objectives: it.objectives.map(function (o) {
      return {
        objectType: "Activity",
        id: o.iri,
        definition: {
          type: "http://adlnet.gov/expapi/activities/objective",
          description: { und: o.text },
        },
      };
    }),
  };
};
