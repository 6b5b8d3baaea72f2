/* trellis:module cards */
import { $, $$, show, T } from "./core.js";
/* Flashcards: toggle buttons that show the back when pressed. */
T.mods.push(function (root) {
  $$("[data-widget=cards] .t-card", root).forEach(function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", String(on));
      show($(".t-front", b), !on);
      show($(".t-back", b), on);
    });
  });
});
