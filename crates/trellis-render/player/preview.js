/* trellis:module preview */
import { doc, D, $, $$, show, T, pages, menuLinks } from "./core.js";
import { encode } from "./state.js";
/* The authoring tool's preview only (never published).

   Lessons on demand: the editor's preview page draws only the lesson it
   opens on (`?lesson=<id>`, else the first); every other lesson is a
   placeholder `<section data-lazy>` holding its title. The player data is
   the whole course's, so the menu, progress, scores and saved state work
   as in a published page. The first time a placeholder is shown, its lesson
   is fetched from the page's own origin (`lessons/<id>.json`, answering
   `{page, id, html, data}`) and put in as an edited lesson is below; the
   answers the state holds for it are shown then.

   In-place updates: swaps the lessons the author changed, without
   reloading, keeping the page shown, the answers given and the scroll
   position. The editor calls `window.trellisPreview.update(u)` (browser,
   same origin) or posts `{trellis: "update", id, update: u}` (desktop,
   another origin) with `u = {lessons: [{page, id, html, data}], menu}`
   (and posts `{trellis: "show", lesson: id, block}` when the author opens
   another lesson or goes to a block, which the preview then shows, once
   the lesson is in when it is still being fetched). `update` answers
   false, changing nothing, when the change is more than that (an
   assessment already drawn; questions or scenarios added, removed or of
   another kind; another menu); the editor then reloads the page. A lesson
   still a placeholder is simply put in.

   Tracking: after every report the player would make to an LMS, the page
   posts `{trellis: "tracking", tracking}` to the editor: the results
   (`T.results()`), the questions answered (`[{id, result}]`, from the
   state, so lessons not drawn yet count too), the lesson shown, lessons
   viewed and the saved state's length. */
(function () {
  /* Whether the lesson's questions or scenarios are those the page has.
     @param {QuestionData[]|ScenarioData[]} list */
  function same(list, pairs, page) {
    var have = [];
    list.forEach(function (d, x) {
      if (d && d.page === page) have.push(x);
    });
    if (have.length !== pairs.length) return false;
    return pairs.every(function (p, j) {
      var o = list[p[0]];
      return (
        p[0] === have[j] &&
        o.id === p[1].id &&
        o.kind === p[1].kind &&
        o.count === p[1].count &&
        o.start === p[1].start &&
        JSON.stringify(o.nodes) === JSON.stringify(p[1].nodes)
      );
    });
  }
  function lazy(el) {
    return !!el && el.hasAttribute("data-lazy");
  }
  /* A part that fits the page: same lesson at the same place, and the same
     questions and scenarios at the same indexes. */
  function fits(p) {
    var old = pages[p.page];
    return (
      !!old &&
      old.id === "lesson-" + p.id &&
      same(D.questions, p.data.questions, p.page) &&
      same(D.scenarios, p.data.scenarios, p.page)
    );
  }
  /* Puts a lesson part in place of its section and wires it. */
  function put(p) {
    var t = doc.createElement("template");
    t.innerHTML = p.html;
    var el = t.content.firstElementChild,
      old = pages[p.page];
    var focused = old.contains(doc.activeElement);
    D.pages[p.page] = p.data.page;
    p.data.questions.forEach(function (x) {
      D.questions[x[0]] = x[1];
    });
    p.data.scenarios.forEach(function (x) {
      D.scenarios[x[0]] = x[1];
    });
    show(el, p.page === T.S.page);
    /* Wired while still in the template: the widgets look for their roots
       below the root given, and an assessment's root is the section. */
    T.mods.forEach(function (f) {
      f(t.content);
    });
    old.parentNode.replaceChild(el, old);
    pages[p.page] = el;
    if (focused) {
      var h = $(".t-page-title", el);
      if (h) h.focus();
    }
    reveal();
  }
  /* A block the editor asked to see, shown once its lesson is in. */
  var wanted = null;
  function reveal(block) {
    if (block !== undefined) wanted = block || null;
    var el = wanted && doc.getElementById("block-" + wanted);
    if (!el) return;
    wanted = null;
    /* A lesson just put in is not laid out yet (content-visibility: auto
       on every page after the first, in base.css): lay it out first, or
       the scroll stops short of the block. */
    var sec = el.closest(".t-page"),
      was = sec ? sec.style.contentVisibility : "";
    if (sec) sec.style.contentVisibility = "visible";
    if (el.scrollIntoView) el.scrollIntoView({ block: "center" });
    if (sec) sec.style.contentVisibility = was;
  }
  /* Shows lesson `id` (and block `block` in it), leaving focus where it is. */
  function showLesson(id, block) {
    var at = pageOf(id);
    if (!T.S || at < 0) return;
    if (at !== T.S.page) {
      T.go(at, false);
      window.scrollTo(0, 0);
    }
    reveal(block);
  }
  function update(u) {
    if (!T.S || !u) return false;
    var parts = u.lessons || [],
      menu = null,
      i;
    for (i = 0; i < parts.length; i++) {
      var p = parts[i],
        old = pages[p.page];
      if (!fits(p)) return false;
      /* An assessment's draw and layout are wired once: a drawn one reloads. */
      if (
        !lazy(old) &&
        (p.data.assessment || old.classList.contains("t-assessment"))
      )
        return false;
    }
    if (u.menu) {
      menu = doc.createElement("template");
      menu.innerHTML = u.menu;
      if (
        $$("a[data-page]", menu.content).length !== menuLinks.length ||
        $$(".t-module-title", menu.content).length !==
          $$(".t-menu .t-module-title").length
      )
        return false;
    }
    parts.forEach(put);
    if (menu) {
      var links = $$("a[data-page]", menu.content),
        titles = $$(".t-module-title", menu.content);
      menuLinks.forEach(function (a, j) {
        if (a.firstChild && a.firstChild.nodeType === 3)
          a.firstChild.nodeValue = links[j].textContent;
      });
      $$(".t-menu .t-module-title").forEach(function (s, j) {
        s.textContent = titles[j].textContent;
      });
    }
    return true;
  }
  /* Fetches the lesson at page `i` when it is still a placeholder. */
  var asked = {};
  function load(i) {
    var old = pages[i];
    if (!lazy(old) || asked[i] || typeof fetch !== "function") return;
    var id = old.id.replace(/^lesson-/, "");
    asked[i] = true;
    old.setAttribute("aria-busy", "true");
    fetch("lessons/" + encodeURIComponent(id) + ".json", {
      cache: "no-store",
      credentials: "same-origin",
    })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (p) {
        asked[i] = false;
        if (pages[i] !== old) return; /* an update put it in meanwhile */
        if (p && p.page === i && p.id === id && fits(p)) {
          put(p);
          return;
        }
        /* The course changed shape since this page was drawn: draw it again
           (at most once in a while, so a page never reloads in a loop). */
        var k = "trellis:preview:reloaded",
          last = 0;
        try {
          last = +sessionStorage.getItem(k) || 0;
          sessionStorage.setItem(k, String(Date.now()));
        } catch (e) {
          last = Date.now();
        }
        if (Date.now() - last > 10000) location.reload();
      })
      .catch(function () {
        asked[i] = false;
        old.removeAttribute("aria-busy");
      });
  }
  T.onPage.push(load);
  /* The page index of the lesson with id `id`, or -1. */
  function pageOf(id) {
    return pages.indexOf(doc.getElementById("lesson-" + id));
  }
  if (T.S) {
    /* Open on the lesson the editor asks for. */
    var want = /[?&]lesson=([^&#]*)/.exec(location.search),
      k = -1;
    if (want) {
      try {
        k = pageOf(decodeURIComponent(want[1]));
      } catch (e) {
        k = -1;
      }
    }
    if (k >= 0 && k !== T.S.page) T.go(k, false);
    else load(T.S.page);
  }
  /* What an LMS would record now, for the editor's tracking view. */
  function tracking() {
    var answered = [],
      state = "";
    D.questions.forEach(function (q, i) {
      var a = T.S.q[i];
      if (q && a && (a.r === "c" || a.r === "w"))
        answered.push({
          id: q.id,
          result: a.r === "c" ? "correct" : "incorrect",
        });
    });
    try {
      state = encode(D, T.S);
    } catch (e) {
      state = "";
    }
    return {
      results: T.results(),
      interactions: answered,
      lesson: (D.pages[T.S.page] || {}).id,
      viewed: T.S.visited.filter(Boolean).length,
      lessons: D.pages.length,
      stateSize: state.length,
    };
  }
  /* The editor is this origin (browser mode) or the desktop's web view:
     the only windows this page posts to and takes messages from. */
  var editors = [
    location.origin,
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
  ];
  /* The editor's origin, when the engine names the parent's (a post to any
     other origin is refused with a console error, once per report). */
  function parentOrigin() {
    var named = [];
    try {
      if (location.ancestorOrigins && location.ancestorOrigins.length)
        named.push(location.ancestorOrigins[0]);
    } catch (e) {
      /* not told */
    }
    try {
      if (document.referrer) named.push(new URL(document.referrer).origin);
    } catch (e) {
      /* not a URL */
    }
    for (var i = 0; i < named.length; i++)
      if (editors.indexOf(named[i]) >= 0) return [named[i]];
    return named.length ? [] : editors;
  }
  var targets = window.parent === window ? [] : parentOrigin();
  function post() {
    if (!targets.length || !T.S) return;
    var m;
    try {
      m = { trellis: "tracking", tracking: tracking() };
    } catch (e) {
      return;
    }
    targets.forEach(function (o) {
      try {
        window.parent.postMessage(m, o);
      } catch (e) {
        /* an origin that cannot be named here */
      }
    });
  }
  var report = T.report;
  T.report = function () {
    report();
    post();
  };
  post();
  if (window.trellisPreview) {
    window.trellisPreview.update = update;
    window.trellisPreview.load = load;
    window.trellisPreview.show = showLesson;
  }
  window.addEventListener("message", function (e) {
    var m = e.data;
    if (
      e.source !== window.parent ||
      !m ||
      (m.trellis !== "update" && m.trellis !== "show")
    )
      return;
    if (editors.indexOf(e.origin) < 0) return;
    if (m.trellis === "show") {
      showLesson(m.lesson, m.block);
      return;
    }
    var ok = false;
    try {
      ok = update(m.update);
    } catch (err) {
      ok = false;
    }
    e.source.postMessage({ trellis: "updated", id: m.id, ok: ok }, e.origin);
  });
})();
