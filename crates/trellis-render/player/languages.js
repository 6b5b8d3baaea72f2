/* trellis:module languages */
import { doc, D, $, fmt, show, T, pages } from "./core.js";
import { pickLanguage } from "./pick-language.js";
/* The learner's language. A package published with every language (D.languages: {lang, name, href},
   the course's own language first, at index.html; each translation at
   index.<lang>.html) opens in the language the LMS keeps for the learner
   (SCORM 1.2 cmi.student_preference.language, SCORM 2004
   cmi.learner_preference.language, cmi5 languagePreference); with none the
   package holds, the learner picks one, and the choice is kept (in the LMS
   for SCORM, in the browser otherwise). Another language's page replaces this
   one in the same window before anything is tracked; the session the LMS
   opened goes on there (T.handoff). */
(function () {
  if (typeof D === "undefined" || !D.languages) return;
  var here = D.course.language,
    have = D.languages.map(function (l) {
      return l.language;
    });
  var HANDOFF = "trellis-lang-handoff:" + D.course.id,
    KEEP = "trellis-lang:" + D.course.id;
  function session(k, v) {
    try {
      if (v === undefined) {
        var x = sessionStorage.getItem(k);
        sessionStorage.removeItem(k);
        return x;
      }
      sessionStorage.setItem(k, v);
    } catch (e) {
      return null;
    }
    return null;
  }
  function kept(v) {
    try {
      if (v === undefined) return localStorage.getItem(KEEP);
      localStorage.setItem(KEEP, v);
    } catch (e) {
      return null;
    }
    return null;
  }
  /* This page was opened by another language's page of the same launch. */
  T.handoff = session(HANDOFF) === here;
  var decided = null;
  function go(lang) {
    var to = D.languages.filter(function (l) {
      return l.language === lang;
    })[0];
    session(HANDOFF, lang);
    location.replace(to.href + location.search + location.hash);
    return new Promise(function () {});
  }
  function picker() {
    return new Promise(function (resolve) {
      var main = $("#t-main"),
        box = doc.createElement("div");
      box.className = "t-pick";
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", "t-pick-h");
      var h = doc.createElement("h2");
      h.id = "t-pick-h";
      h.textContent = fmt("chooseLanguage");
      box.appendChild(h);
      var list = doc.createElement("ul");
      D.languages.forEach(function (l) {
        var li = doc.createElement("li"),
          b = doc.createElement("button");
        b.type = "button";
        b.className = "t-btn";
        b.lang = l.language;
        b.textContent = l.name;
        b.addEventListener("click", function () {
          box.remove();
          resolve(l.language);
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      box.appendChild(list);
      pages.forEach(function (p) {
        show(p, false);
      });
      main.insertBefore(box, main.firstChild);
      list.querySelector("button").focus();
    });
  }
  /* Resolves when this page is the learner's language; otherwise moves to it. */
  T.chooseLanguage = function (pref) {
    if (decided) return decided;
    var lang = T.handoff ? here : pickLanguage(pref, have);
    if (!lang) lang = pickLanguage(kept(), have);
    if (lang) {
      decided = lang === here ? Promise.resolve(here) : go(lang);
      return decided;
    }
    decided = picker().then(function (choice) {
      kept(choice);
      if (T.track && T.track.preferLanguage) T.track.preferLanguage(choice);
      if (choice === here) {
        pages.forEach(function (p, k) {
          show(p, k === 0);
        });
        return here;
      }
      return go(choice);
    });
    return decided;
  };
})();
