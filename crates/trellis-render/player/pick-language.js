/* trellis:module pick-language */
/* The first of a preference list ("fr-CA, en-GB", best first) that the
   package holds (`have`), a code of the same language standing in ("en-US"
   for "en-GB"); null when none is held. */
export function pickLanguage(prefs, have) {
  var want = String(prefs || "")
    .split(",")
    .map(function (x) {
      return x.trim().toLowerCase();
    })
    .filter(Boolean);
  var low = have.map(function (h) {
    return String(h).toLowerCase();
  });
  for (var i = 0; i < want.length; i++) {
    var at = low.indexOf(want[i]);
    if (at < 0) {
      var primary = want[i].split("-")[0];
      for (var k = 0; k < low.length && at < 0; k++)
        if (low[k].split("-")[0] === primary) at = k;
    }
    if (at >= 0) return have[at];
  }
  return null;
}
