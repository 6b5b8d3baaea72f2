/* trellis:module boot */
import { doc, D, $, show, T, pages, menuBtn } from "./core.js";
import { decode, emptyState, encode } from "./state.js";
/* Start: pick the target's adapter (falling back to local storage when no
   LMS answers), restore the state, wire the widgets, show the saved page. */
(function () {
  doc.body.classList.remove("t-nojs");
  doc.body.classList.add("t-js");
  /* Busy until the saved state is restored (an LMS or LRS may take a while
     to answer); "t-ready" then says the page shows what the learner left. */
  doc.body.setAttribute("aria-busy", "true");
  pages.forEach(function (p, k) {
    show(p, k === 0);
  });
  show($(".t-pager"), true);
  show($(".t-progress"), true);
  show(menuBtn, true);
  var make =
    D.target !== "web" && D.target !== "preview" ? T.adapters[D.target] : null;
  var ad = null;
  try {
    ad = make ? make() : null;
  } catch (e) {
    ad = null;
  }
  function begin(init) {
    init = init || {};
    T.mastery = init.mastery != null ? init.mastery : null;
    T.mode = init.mode || "normal";
    T.S = decode(D, init.state) || emptyState(D);
    T.mods.forEach(function (f) {
      f();
    });
    T.go(T.S.page, false);
    doc.body.removeAttribute("aria-busy");
    doc.body.classList.add("t-ready");
  }
  /* A package with every language first settles which one (languages.js). */
  function inLanguage(init) {
    return T.chooseLanguage
      ? T.chooseLanguage(init.language).then(function () {
          return init;
        })
      : init;
  }
  function local() {
    T.track = T.adapters.local();
    Promise.resolve(inLanguage(T.track.start())).then(begin);
  }
  if (!ad) {
    local();
  } else {
    T.track = ad;
    var started;
    try {
      started = ad.start();
    } catch (e) {
      started = null;
    }
    Promise.resolve(started)
      .then(function (init) {
        if (!init) throw new Error("no session");
        return inLanguage(init);
      })
      .then(begin)
      .catch(function () {
        if (!T.S) local();
      });
  }
  if (D.target === "preview") {
    /* The editor's tracking view reads what an LMS would record. */
    window.trellisPreview = {
      results: function () {
        return T.S ? T.results() : null;
      },
      state: function () {
        return T.S ? encode(D, T.S) : "";
      },
    };
  }
  window.addEventListener("pagehide", function () {
    T.finish();
  });
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && T.S && !T.finished) {
      T.save();
      T.track.commit();
    }
  });
})();
