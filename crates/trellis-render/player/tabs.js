/* trellis:module tabs */
import { doc, $$, show, T } from "./core.js";
/* ARIA tabs: arrow keys, Home and End move and select (automatic activation). */
T.mods.push(function (root) {
  $$("[data-widget=tabs]", root).forEach(function (box) {
    var tabs = $$("[role=tab]", box);
    function select(i, focus) {
      tabs.forEach(function (t, k) {
        var on = k === i;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        show(doc.getElementById(t.getAttribute("aria-controls")), on);
      });
      if (focus) tabs[i].focus();
    }
    tabs.forEach(function (t, i) {
      t.addEventListener("click", function () {
        select(i, false);
      });
      t.addEventListener("keydown", function (e) {
        /* Right to left, the tab on the right is the previous one. */
        var n = tabs.length,
          j = null,
          rtl = doc.documentElement.dir === "rtl";
        var fwd = rtl ? "ArrowLeft" : "ArrowRight",
          back = rtl ? "ArrowRight" : "ArrowLeft";
        if (e.key === fwd || e.key === "ArrowDown") j = (i + 1) % n;
        else if (e.key === back || e.key === "ArrowUp") j = (i + n - 1) % n;
        else if (e.key === "Home") j = 0;
        else if (e.key === "End") j = n - 1;
        if (j !== null) {
          e.preventDefault();
          select(j, true);
        }
      });
    });
  });
});
