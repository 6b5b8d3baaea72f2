/* trellis:module graphic */
/* Labelled graphic: marker buttons open their text beside them; the same
   text is always in the list under the picture. */
T.mods.push(function (root) {
  $$("[data-widget=graphic]", root).forEach(function (fig) {
    var marks = $$(".t-marker", fig);
    function close(except) {
      marks.forEach(function (m) {
        if (m === except) return;
        m.setAttribute("aria-expanded", "false");
        show(doc.getElementById(m.getAttribute("aria-controls")), false);
      });
    }
    marks.forEach(function (m) {
      m.addEventListener("click", function () {
        var open = m.getAttribute("aria-expanded") !== "true";
        close(m);
        m.setAttribute("aria-expanded", String(open));
        show(doc.getElementById(m.getAttribute("aria-controls")), open);
      });
      m.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { close(null); m.focus(); }
      });
    });
  });
});
