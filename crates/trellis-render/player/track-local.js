/* trellis:module track-local */
import { D, T } from "./core.js";
/* Local adapter: progress in localStorage per course id and version (works
   from file:// too); also the fallback when no LMS is found. The preview and
   builds that name a store of their own (D.storagePrefix) keep theirs apart. */
T.adapters.local = function () {
  var key =
    "trellis:" +
    (D.target === "preview" ? "preview:" : D.storagePrefix || "") +
    D.course.id +
    ":" +
    D.course.version;
  function noop() {}
  return {
    name: "local",
    start: function () {
      try {
        return { state: localStorage.getItem(key) };
      } catch (e) {
        return { state: null };
      }
    },
    save: function (s) {
      try {
        localStorage.setItem(key, s);
      } catch (e) {
        /* storage full or blocked */
      }
    },
    interaction: noop,
    objectives: noop,
    score: noop,
    status: noop,
    commit: noop,
    finish: noop,
  };
};
