/* trellis:module preview */
/* The authoring tool's preview only (never published): swaps the lessons
   the author changed in place, without reloading, keeping the page shown,
   the answers given and the scroll position. The editor calls
   `window.trellisPreview.update(u)` (browser, same origin) or posts
   `{trellis: "update", id, update: u}` (desktop, another origin) with
   `u = {lessons: [{page, id, html, data}], menu}`. It answers false,
   changing nothing, when the change is more than that (an assessment;
   questions or scenarios added, removed or of another kind; another
   menu); the editor then reloads the page. */
(function () {
  function same(list, pairs, page) {
    var have = [];
    list.forEach(function (d, x) { if (d.page === page) have.push(x); });
    if (have.length !== pairs.length) return false;
    return pairs.every(function (p, j) {
      var o = list[p[0]];
      return p[0] === have[j] && o.id === p[1].id && o.kind === p[1].kind && o.n === p[1].n &&
        (o.nodes === undefined || JSON.stringify(o) === JSON.stringify(p[1]));
    });
  }
  function update(u) {
    if (!T.S || !u) return false;
    var parts = u.lessons || [], menu = null, i;
    for (i = 0; i < parts.length; i++) {
      var p = parts[i], old = pages[p.page];
      if (!old || old.id !== "lesson-" + p.id || p.data.assessment || old.classList.contains("t-assessment")) return false;
      if (!same(D.questions, p.data.questions, p.page) || !same(D.scenarios, p.data.scenarios, p.page)) return false;
    }
    if (u.menu) {
      menu = doc.createElement("template");
      menu.innerHTML = u.menu;
      if ($$("a[data-page]", menu.content).length !== menuLinks.length ||
          $$(".t-module-title", menu.content).length !== $$(".t-menu .t-module-title").length) return false;
    }
    parts.forEach(function (p) {
      var t = doc.createElement("template");
      t.innerHTML = p.html;
      var el = t.content.firstElementChild;
      D.pages[p.page] = p.data.page;
      p.data.questions.forEach(function (x) { D.questions[x[0]] = x[1]; });
      p.data.scenarios.forEach(function (x) { D.scenarios[x[0]] = x[1]; });
      show(el, p.page === T.S.page);
      pages[p.page].parentNode.replaceChild(el, pages[p.page]);
      pages[p.page] = el;
      T.mods.forEach(function (f) { f(el); });
    });
    if (menu) {
      var links = $$("a[data-page]", menu.content), titles = $$(".t-module-title", menu.content);
      menuLinks.forEach(function (a, j) {
        if (a.firstChild && a.firstChild.nodeType === 3) a.firstChild.nodeValue = links[j].textContent;
      });
      $$(".t-menu .t-module-title").forEach(function (s, j) { s.textContent = titles[j].textContent; });
    }
    return true;
  }
  if (window.trellisPreview) window.trellisPreview.update = update;
  window.addEventListener("message", function (e) {
    var m = e.data;
    if (e.source !== window.parent || !m || m.trellis !== "update") return;
    if (!/^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)$/.test(e.origin)) return;
    var ok = false;
    try { ok = update(m.update); } catch (err) { ok = false; }
    e.source.postMessage({ trellis: "updated", id: m.id, ok: ok }, e.origin);
  });
})();
