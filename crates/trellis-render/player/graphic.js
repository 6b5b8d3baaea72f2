/* trellis:module graphic */
import { doc, $$, show, T } from "./core.js";
/* Labelled graphic: marker buttons open their text beside them; the same
   text is always in the list under the picture. Markers and their texts
   are placed from data-x/data-y (percent) through the style object: a
   package's Content-Security-Policy allows no style attributes. */
T.mods.push(function (root) {
  $$("[data-widget=graphic]", root).forEach(function (fig) {
    var marks = $$(".t-marker", fig);
    $$("[data-x]", fig).forEach(function (el) {
      el.style.left = el.getAttribute("data-x") + "%";
      el.style.top = el.getAttribute("data-y") + "%";
    });
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
        if (e.key === "Escape") {
          close(null);
          m.focus();
        }
      });
    });
  });
});
