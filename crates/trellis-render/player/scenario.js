/* trellis:module scenario */
import { doc, D, $, $$, fmt, show, T } from "./core.js";
/* Branching scenarios: one node at a time; each choice adds its consequence
   to a log; endings show their label and score; restart starts over. */
T.mods.push(function (root) {
  $$(".t-scenario", root).forEach(function (box) {
    var si = +box.getAttribute("data-s"),
      sc = D.scenarios[si];
    var nodes = $$(".t-node", box),
      log = $("[data-t=log]", box),
      restart = $("[data-t=restart]", box);
    function st() {
      return T.S.s[si];
    }
    function addLog(ni, ci) {
      var btn = $('[data-c="' + ci + '"]', nodes[ni]),
        li = doc.createElement("li"),
        p = doc.createElement("p");
      p.className = "t-chose";
      p.textContent = fmt("youChose", { choice: btn.textContent });
      li.appendChild(p);
      var cq = btn.nextElementSibling.cloneNode(true);
      cq.hidden = false;
      li.appendChild(cq);
      log.appendChild(li);
      show(log, true);
      return cq.textContent.trim();
    }
    function showNode(ni, focus) {
      nodes.forEach(function (n, k) {
        show(n, k === ni);
      });
      var end = !sc.nodes[ni] || sc.nodes[ni].ending;
      show(restart, end || st().path.length > 0);
      if (focus) nodes[ni].focus();
    }
    function render() {
      log.textContent = "";
      show(log, false);
      var ni = sc.start;
      st().path.forEach(function (ci) {
        var next = sc.nodes[ni] && sc.nodes[ni].next[ci];
        if (next == null) return;
        addLog(ni, ci);
        ni = next;
      });
      showNode(st().node, false);
    }
    nodes.forEach(function (n, ni) {
      $$("[data-c]", n).forEach(function (b) {
        b.addEventListener("click", function () {
          var ci = +b.getAttribute("data-c"),
            next = sc.nodes[ni].next[ci];
          if (next == null) return;
          var said = addLog(ni, ci);
          st().path.push(ci);
          if (st().path.length > sc.nodes.length) st().path.shift();
          st().node = next;
          showNode(next, true);
          T.announce(said);
          T.report();
        });
      });
    });
    restart.addEventListener("click", function () {
      T.S.s[si] = { node: sc.start, path: [] };
      render();
      nodes[sc.start].focus();
      T.report();
    });
    render();
  });
});
