/* trellis:module review */
import { doc, D, STR, $, $$, show, T, pages } from "./core.js";
/* Review builds only, never in a learner package. A subject-matter expert
   pins comments to a lesson, a block, or a part of a block (a choice, a
   piece of feedback, a scenario step…: the elements the page marks with
   data-rv-part). Comments stay in this browser between visits and can be
   edited or deleted until they are sent. "Send comments" saves them as a
   .trellis-review file; when the page is served by `trellis review`, each
   comment goes to the author's course file as soon as it is saved.
   Comment text and quotes are only ever handled as text (textContent). */
(function () {
  var RC = (D.review && D.review.course) || {
    id: D.course.id,
    title: D.course.title,
    version: "",
  };
  var KEY = "trellis-review:" + RC.id + ":" + RC.version,
    NAME_KEY = "trellis-review:name";
  var MAX_TEXT = 10000,
    MAX_NAME = 120,
    MAX_QUOTE = 4000;
  var RS = {
    bar: "Review",
    as: "Reviewing as {name}",
    anonymous: "You have not given your name yet.",
    setName: "Give your name",
    changeName: "Change name",
    showAll: "Show all feedback and scenario paths",
    count: "Comments ({n})",
    send: "Send comments",
    comment: "Comment",
    onWhat: "on {what}",
    soFar: ", {n} so far",
    lessonBtn: "Comment on this lesson",
    lessonMore: ", “{t}”",
    lesson: "this lesson, “{t}”",
    block: "the{kind} block “{t}”",
    blockEmpty: "the{kind} block",
    "p-prompt": "the question “{t}”",
    "p-choice": "the choice “{t}”",
    "p-choice-feedback": "the feedback on a choice “{t}”",
    "p-correct-feedback": "the feedback for a right answer “{t}”",
    "p-incorrect-feedback": "the feedback for a wrong answer “{t}”",
    "p-hint": "the hint “{t}”",
    "p-caption": "the caption “{t}”",
    "p-node": "the scenario step “{t}”",
    "p-scenario-choice": "the scenario choice “{t}”",
    "p-consequence": "the consequence “{t}”",
    "p-item": "the item “{t}”",
    "p-text": "the text “{t}”",
    "p-title": "the title “{t}”",
    "p-true-feedback": "the feedback on “True” “{t}”",
    "p-false-feedback": "the feedback on “False” “{t}”",
    "p-transcript": "the transcript “{t}”",
    "p-ending": "the ending “{t}”",
    "p-alt": "the description “{t}”",
    newTitle: "New comment",
    editTitle: "Edit comment",
    about: "On {what}",
    yourComment: "Your comment",
    save: "Save comment",
    cancel: "Cancel",
    empty: "Write your comment first.",
    tooLong: "A comment can be at most {n} characters long.",
    nameTitle: "Who is reviewing?",
    nameHelp: "Your name goes with every comment you send to the author.",
    yourName: "Your name",
    nameGo: "Continue",
    nameEmpty: "Enter your name.",
    panel: "Your comments",
    none: "No comments yet. Use a Comment button next to anything in the course.",
    show: "Show",
    edit: "Edit",
    del: "Delete",
    showL: "Show in the course: {t}",
    editL: "Edit comment: {t}",
    delL: "Delete comment: {t}",
    sent: "Sent {when}",
    unsent: "Not sent yet",
    saved: "Comment saved.",
    deleted: "Comment deleted.",
    delivered: "Comment saved and sent to the author.",
    kept: "Comment saved here, but the review server did not take it ({why}). Send comments tries again.",
    file: "{n} comments saved in the file {file}. Send that file to the author.",
    fileOne:
      "1 comment saved in the file {file}. Send that file to the author.",
    posted: "{n} comments sent to the author.",
    postedOne: "1 comment sent to the author.",
    nothing: "Every comment has been sent already.",
    notPosted:
      "The review server did not take the comments ({why}). They are kept here; try again later.",
    noStore:
      "This browser does not let the page keep comments: they are lost when the page is closed.",
  };
  function r(key, args) {
    var one = args && args.n === 1 ? key + "One" : null;
    var s =
      (one && (STR["review." + one] || RS[one])) ||
      STR["review." + key] ||
      RS[key] ||
      key;
    for (var k in args) s = s.split("{" + k + "}").join(String(args[k]));
    return s;
  }
  /* Elements are built with createElement and text nodes only. */
  function h(tag, attrs, kids) {
    var e = doc.createElement(tag);
    for (var a in attrs || {}) {
      if (a === "text") e.textContent = attrs[a];
      else if (attrs[a] === true) e.setAttribute(a, "");
      else if (attrs[a] != null && attrs[a] !== false)
        e.setAttribute(a, attrs[a]);
    }
    (kids || []).forEach(function (k) {
      if (k) e.appendChild(typeof k === "string" ? doc.createTextNode(k) : k);
    });
    return e;
  }
  function chars(s) {
    return Array.from ? Array.from(s) : s.split("");
  }
  function cut(s, n) {
    var c = chars(s);
    return c.length > n ? c.slice(0, n - 1).join("") + "…" : s;
  }
  function cap(s, n) {
    var c = chars(s);
    return c.length > n ? c.slice(0, n).join("") : s;
  }
  function now() {
    return new Date().toISOString();
  }
  function newId() {
    /* The model's alphabet for comment ids: 32 letters and digits that
       cannot be mistaken for one another. */
    var abc = "abcdefghijkmnpqrstuvwxyz23456789",
      out = "c-",
      bytes = new Uint8Array(16),
      i;
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    for (i = 0; i < 16; i++) out += abc[bytes[i] % 32];
    return out;
  }

  /* The reviewer's comments, kept per course id and version. */
  var list = [],
    canStore = true;
  try {
    var kept = JSON.parse(localStorage.getItem(KEY) || "null");
    if (kept && kept.comments && kept.comments.length >= 0)
      list = kept.comments;
  } catch (e) {
    list = [];
  }
  function persist() {
    try {
      localStorage.setItem(KEY, JSON.stringify({ v: 1, comments: list }));
    } catch (e) {
      if (canStore) {
        canStore = false;
        T.announce(r("noStore"));
      }
    }
  }
  function reviewer() {
    try {
      return localStorage.getItem(NAME_KEY) || "";
    } catch (e) {
      return memName;
    }
  }
  var memName = "";
  function setReviewer(name) {
    memName = name;
    try {
      localStorage.setItem(NAME_KEY, name);
    } catch (e) {
      /* kept for this visit */
    }
  }

  /* The text of an element as a reader takes it in: block elements on
     lines of their own, image descriptions included; the review layer,
     form controls, media fallbacks and the player's buttons left out (and,
     for a part, the parts inside it). */
  var NOT_TEXT =
    ".rv-ui, select, video, audio, .t-order-btns, .t-actions, [data-t=log], [data-t=verdict]";
  var INLINE =
    /^(A|ABBR|B|BDI|BDO|CITE|CODE|DFN|EM|I|KBD|MARK|Q|S|SAMP|SMALL|SPAN|STRONG|SUB|SUP|TIME|U|VAR|LABEL|BR)$/;
  function textOf(el, own) {
    var out = [];
    (function walk(n) {
      if (n.nodeType === 3) {
        out.push(n.nodeValue);
        return;
      }
      if (n.nodeType !== 1) return;
      if (
        n !== el &&
        (n.matches(NOT_TEXT) || (own && n.hasAttribute("data-rv-part")))
      )
        return;
      if (n.tagName === "IMG") {
        out.push(" " + (n.getAttribute("alt") || "") + " ");
        return;
      }
      var block = !INLINE.test(n.tagName) || n.classList.contains("t-face");
      if (block) out.push("\n");
      for (var k = n.firstChild; k; k = k.nextSibling) walk(k);
      if (block) out.push("\n");
    })(el);
    var text = out
      .join("")
      .split("\n")
      .map(function (l) {
        return l.replace(/\s+/g, " ").trim();
      })
      .filter(Boolean)
      .join("\n");
    return cap(text, MAX_QUOTE);
  }
  function line(s, n) {
    return cut(s.replace(/\s+/g, " ").trim(), n);
  }
  var KINDS = {
    text: "text",
    heading: "heading",
    image: "image",
    video: "video",
    audio: "audio",
    callout: "callout",
    quote: "quote",
    accordion: "accordion",
    tabs: "tabs",
    cards: "flashcards",
    process: "process",
    graphic: "labelled graphic",
    divider: "divider",
    question: "question",
    scenario: "scenario",
  };
  function kindOf(el) {
    for (var k in KINDS) if (el.classList.contains("t-" + k)) return KINDS[k];
    return "";
  }

  /* Every place a comment can be pinned to, by key. */
  var places = {},
    order = [];
  function addPlace(key, p) {
    var k = key,
      n = 1;
    while (places[k]) k = key + "#" + ++n;
    p.key = k;
    places[k] = p;
    order.push(p);
    return p;
  }
  function countOf(key) {
    return list.filter(function (c) {
      return c.place === key;
    }).length;
  }
  /* A comment button's name comes from its content (what it shows, then
     what it is about and how many comments it has, for screen readers). */
  function commentButton(p, shown, more) {
    var b = h("button", { type: "button", class: "rv-ui rv-cmt" }, [
      h("span", { "aria-hidden": "true", class: "rv-icon", text: "✎ " }),
      shown || r("comment"),
      h("span", {
        class: "t-vh",
        text: more || " " + r("onWhat", { what: p.what }),
      }),
      h("span", { class: "rv-n", "aria-hidden": "true" }),
      h("span", { class: "t-vh" }),
    ]);
    b.addEventListener("click", function () {
      compose(p, null);
    });
    p.btn = b;
    return b;
  }
  function refreshButton(p) {
    var n = countOf(p.key),
      kids = p.btn.children;
    kids[2].textContent = n ? " " + n : "";
    kids[3].textContent = n ? r("soFar", { n: n }) : "";
    p.btn.classList.toggle("rv-has", n > 0);
  }
  /* Parts whose button goes after them rather than inside: the prompt and
     a title name their block, feedback and consequences are read out or
     copied by the player. */
  var AFTER = {
    prompt: 1,
    title: 1,
    "choice-feedback": 1,
    "correct-feedback": 1,
    "incorrect-feedback": 1,
    "true-feedback": 1,
    "false-feedback": 1,
    consequence: 1,
  };

  function blockWhat(blk) {
    var t = line(textOf(blk, false), 60),
      kind = kindOf(blk);
    return r(t ? "block" : "blockEmpty", {
      kind: kind ? " " + kind : "",
      t: t,
    });
  }

  pages.forEach(function (sec) {
    var lesson = sec.getAttribute("data-rv-lesson");
    if (!lesson) return;
    var title = $(".t-page-title", sec);
    var lp = addPlace(lesson, {
      page: +sec.getAttribute("data-page"),
      el: sec,
      target: { lesson: lesson },
      what: r("lesson", { t: line(title.textContent, 60) }),
      quote: function () {
        return textOf(sec, false);
      },
    });
    title.parentNode.insertBefore(
      h("p", { class: "rv-ui rv-lesson" }, [
        commentButton(
          lp,
          r("lessonBtn"),
          r("lessonMore", { t: line(title.textContent, 60) }),
        ),
      ]),
      title.nextSibling,
    );
    $$("[data-rv-block]", sec).forEach(function (blk) {
      var block = blk.getAttribute("data-rv-block"),
        version = blk.getAttribute("data-rv-version") || "";
      var bp = addPlace(lesson + "|" + block, {
        page: lp.page,
        el: blk,
        target: { lesson: lesson, block: block },
        version: version,
        what: blockWhat(blk),
        quote: function () {
          return textOf(blk, false);
        },
      });
      var wrap = h("p", { class: "rv-ui rv-block" }, [commentButton(bp)]);
      if (/^(FIELDSET|DIV|FIGURE)$/.test(blk.tagName)) blk.appendChild(wrap);
      else blk.parentNode.insertBefore(wrap, blk.nextSibling);
      $$("[data-rv-part]", blk).forEach(function (el) {
        if (el.closest("[data-t=log]")) return;
        var part = el.getAttribute("data-rv-part"),
          item = el.getAttribute("data-rv-item");
        var target = { lesson: lesson, block: block };
        if (item) target.item = item;
        target.part = part;
        var pp = addPlace([lesson, block, item || "", part].join("|"), {
          page: lp.page,
          el: el,
          target: target,
          version: version,
          what: r("p-" + part, { t: line(textOf(el, true), 60) }),
          quote: function () {
            return textOf(el, true);
          },
        });
        var b = commentButton(pp);
        if (AFTER[part]) {
          el.parentNode.insertBefore(b, el.nextSibling);
          return;
        }
        var nested = $("[data-rv-part]", el);
        if (nested) {
          while (nested.parentNode !== el) nested = nested.parentNode;
          el.insertBefore(b, nested);
        } else {
          el.appendChild(b);
        }
      });
    });
  });

  /* The review bar, the comments panel and the two dialogs. */
  var who = h("span", { class: "rv-who" });
  var nameBtn = h("button", { type: "button", class: "t-btn t-small" });
  var allBtn = h("button", {
    type: "button",
    class: "t-btn t-small",
    "aria-pressed": "false",
    text: r("showAll"),
  });
  var countBtn = h("button", {
    type: "button",
    class: "t-btn t-small",
    "aria-expanded": "false",
    "aria-controls": "rv-panel",
  });
  var sendBtn = h("button", {
    type: "button",
    class: "t-btn t-small t-primary",
    text: r("send"),
  });
  var bar = h(
    "div",
    { class: "rv-ui rv-bar", role: "region", "aria-label": r("bar") },
    [
      h("p", { class: "rv-me" }, [who, " ", nameBtn]),
      allBtn,
      countBtn,
      sendBtn,
    ],
  );
  var panelH = h("h2", { id: "rv-panel-h", tabindex: "-1", text: r("panel") });
  var listEl = h("ol", { class: "rv-list" }),
    emptyEl = h("p", { class: "rv-empty", text: r("none") });
  var panel = h(
    "section",
    {
      class: "rv-ui rv-panel",
      id: "rv-panel",
      "aria-labelledby": "rv-panel-h",
      hidden: true,
    },
    [panelH, emptyEl, listEl],
  );
  var header = $(".t-header") || doc.body.firstChild;
  header.parentNode.insertBefore(panel, header.nextSibling);
  header.parentNode.insertBefore(bar, header.nextSibling);

  function dialog(id, title, fields, submitLabel) {
    var err = h("p", { class: "rv-error", id: id + "-err", role: "alert" });
    var ok = h("button", {
      type: "submit",
      class: "t-btn t-primary",
      text: submitLabel,
    });
    var no = h("button", { type: "button", class: "t-btn", text: r("cancel") });
    var heading = h("h2", { id: id + "-h", text: title });
    var form = h(
      "form",
      { class: "rv-form", novalidate: true },
      [heading].concat(fields, [
        err,
        h("p", { class: "rv-buttons" }, [ok, " ", no]),
      ]),
    );
    var d = h(
      "dialog",
      { class: "rv-ui rv-dialog", id: id, "aria-labelledby": id + "-h" },
      [form],
    );
    doc.body.appendChild(d);
    var api = {
      d: d,
      form: form,
      err: err,
      heading: heading,
      no: no,
      back: null,
    };
    api.open = function (focus) {
      api.back = doc.activeElement;
      err.textContent = "";
      if (d.showModal) {
        if (!d.open) d.showModal();
      } else d.setAttribute("open", "");
      focus.focus();
    };
    api.close = function () {
      if (d.close && d.open) d.close();
      else d.removeAttribute("open");
      var back = api.back;
      api.back = null;
      if (back && back.isConnected && back.focus) back.focus();
    };
    no.addEventListener("click", function () {
      api.close();
    });
    d.addEventListener("cancel", function (e) {
      e.preventDefault();
      api.close();
    });
    return api;
  }

  var nameIn = h("input", {
    id: "rv-name",
    type: "text",
    autocomplete: "name",
    maxlength: String(MAX_NAME),
    "aria-describedby": "rv-name-help rv-name-dlg-err",
  });
  var nameDlg = dialog(
    "rv-name-dlg",
    r("nameTitle"),
    [
      h("p", { id: "rv-name-help", text: r("nameHelp") }),
      h("p", { class: "rv-field" }, [
        h("label", { for: "rv-name", text: r("yourName") }),
        nameIn,
      ]),
    ],
    r("nameGo"),
  );
  var afterName = null;
  nameDlg.form.addEventListener("submit", function (e) {
    e.preventDefault();
    var name = nameIn.value.replace(/\s+/g, " ").trim();
    if (!name) {
      nameDlg.err.textContent = r("nameEmpty");
      nameIn.focus();
      return;
    }
    setReviewer(cap(name, MAX_NAME));
    var then = afterName;
    afterName = null;
    nameDlg.close();
    refresh();
    if (then) then();
  });
  nameDlg.no.addEventListener("click", function () {
    afterName = null;
  });
  function askName(then) {
    afterName = then || null;
    nameIn.value = reviewer();
    nameDlg.open(nameIn);
  }
  nameBtn.addEventListener("click", function () {
    askName(null);
  });

  var aboutEl = h("p", { class: "rv-about" }),
    quoteEl = h("blockquote", { class: "rv-quote" });
  var textIn = h("textarea", {
    id: "rv-text",
    rows: "6",
    maxlength: String(MAX_TEXT),
    "aria-describedby": "rv-cmt-dlg-err",
  });
  var cmtDlg = dialog(
    "rv-cmt-dlg",
    r("newTitle"),
    [
      aboutEl,
      quoteEl,
      h("p", { class: "rv-field" }, [
        h("label", { for: "rv-text", text: r("yourComment") }),
        textIn,
      ]),
    ],
    r("save"),
  );
  var editing = null; /* {place, comment} */
  function compose(p, comment) {
    if (!reviewer()) {
      askName(function () {
        compose(p, comment);
      });
      return;
    }
    editing = { place: p, comment: comment };
    cmtDlg.heading.textContent = r(comment ? "editTitle" : "newTitle");
    aboutEl.textContent = r("about", { what: p ? p.what : comment.what });
    var q = comment ? comment.quote : p.quote();
    /* A glimpse of the text only: the whole of it goes into the comment. */
    quoteEl.textContent = cut(q.replace(/\n+/g, " / "), 300);
    quoteEl.hidden = !q;
    textIn.value = comment ? comment.text : "";
    cmtDlg.open(textIn);
  }
  cmtDlg.form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = textIn.value.replace(/\r\n?/g, "\n");
    if (!text.trim()) {
      cmtDlg.err.textContent = r("empty");
      textIn.focus();
      return;
    }
    if (chars(text).length > MAX_TEXT) {
      cmtDlg.err.textContent = r("tooLong", { n: MAX_TEXT });
      textIn.focus();
      return;
    }
    var ed = editing,
      c = ed.comment;
    editing = null;
    if (c) {
      c.text = text;
    } else {
      var p = ed.place;
      c = {
        id: newId(),
        place: p.key,
        target: p.target,
        what: p.what,
        text: text,
        quote: p.quote(),
        created: now(),
        sent: "",
      };
      if (p.version) c.block_version = p.version;
      list.push(c);
    }
    persist();
    cmtDlg.close();
    refresh();
    if (server) {
      deliver([c], function (n, why) {
        T.announce(why ? r("kept", { why: why }) : r("delivered"));
      });
    } else {
      T.announce(r("saved"));
    }
  });

  /* The review file: the format of docs/review-format.md. */
  function reviewFile(comments) {
    return {
      format: "trellis-review",
      format_version: 1,
      course: { id: RC.id, title: RC.title, version: RC.version },
      reviewer: { name: reviewer() },
      sent: now(),
      comments: comments.map(function (c) {
        var o = {
          id: c.id,
          target: c.target,
          text: c.text,
          quote: c.quote || "",
          created: c.created,
        };
        if (c.block_version) o.block_version = c.block_version;
        return o;
      }),
    };
  }
  function fileName() {
    var base = (RC.title + "-" + reviewer())
      // eslint-disable-next-line no-control-regex -- control characters are what a file name must lose
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, "_")
      .replace(/\s+/g, " ")
      .trim();
    return cap(base || "review", 150) + ".trellis-review";
  }
  function download(file) {
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], {
      type: "application/json",
    });
    var url = URL.createObjectURL(blob),
      a = h("a", { href: url, download: fileName(), hidden: true });
    doc.body.appendChild(a);
    a.click();
    doc.body.removeChild(a);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }
  sendBtn.addEventListener("click", function () {
    if (!reviewer()) {
      askName(function () {
        sendBtn.click();
      });
      return;
    }
    var todo = list.filter(function (c) {
      return !c.sent;
    });
    if (!todo.length) {
      T.announce(r("nothing"));
      return;
    }
    if (server) {
      deliver(todo, function (n, why) {
        T.announce(why ? r("notPosted", { why: why }) : r("posted", { n: n }));
      });
      return;
    }
    download(reviewFile(todo));
    var when = now();
    todo.forEach(function (c) {
      c.sent = when;
    });
    persist();
    refresh();
    T.announce(r("file", { n: todo.length, file: fileName() }));
  });

  /* Server mode: `trellis review` answers GET api/review; every comment is
     posted (as a review file of its own) when it is saved. */
  var server = null;
  var token = (/[#&]token=([^&]+)/.exec(location.hash) || [])[1] || "";
  try {
    if (token) sessionStorage.setItem("trellis-review:token", token);
    else token = sessionStorage.getItem("trellis-review:token") || "";
  } catch (e) {
    /* keeps the token from the address only */
  }
  function headers(json) {
    var o = {};
    if (token) o.Authorization = "Bearer " + decodeURIComponent(token);
    if (json) o["Content-Type"] = "application/json";
    return o;
  }
  /* Posts in batches of 50, one after the other; each comment is marked
     sent once the server has stored it. */
  function deliver(comments, done) {
    var batches = [],
      sent = 0,
      i;
    for (i = 0; i < comments.length; i += 50)
      batches.push(comments.slice(i, i + 50));
    (function next() {
      var batch = batches.shift();
      if (!batch) {
        done(sent, null);
        return;
      }
      fetch("api/comments", {
        method: "POST",
        headers: headers(true),
        body: JSON.stringify(reviewFile(batch)),
        cache: "no-store",
      })
        .then(function (res) {
          return res
            .json()
            .catch(function () {
              return {};
            })
            .then(function (j) {
              if (!res.ok) throw new Error(j.message || "HTTP " + res.status);
              var when = now();
              batch.forEach(function (c) {
                c.sent = when;
              });
              sent += batch.length;
              persist();
              refresh();
              next();
            });
        })
        .catch(function (e) {
          refresh();
          done(sent, e.message || String(e));
        });
    })();
  }
  if (/^https?:$/.test(location.protocol) && window.fetch) {
    fetch("api/review", { headers: headers(false), cache: "no-store" })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (j) {
        if (j && j.server === "trellis-review" && j.course === RC.id) {
          server = j;
          doc.body.classList.add("rv-server");
        }
      })
      .catch(function () {
        /* a static host: comments go in a file */
      });
  }

  allBtn.addEventListener("click", function () {
    var on = allBtn.getAttribute("aria-pressed") !== "true";
    allBtn.setAttribute("aria-pressed", String(on));
    doc.body.classList.toggle("rv-all", on);
  });
  countBtn.addEventListener("click", function () {
    var open = countBtn.getAttribute("aria-expanded") !== "true";
    countBtn.setAttribute("aria-expanded", String(open));
    show(panel, open);
    if (open) panelH.focus();
  });

  function showPlace(p) {
    if (p.page !== T.S.page) T.go(p.page, false);
    var el = p.el;
    if (!el.offsetParent && !doc.body.classList.contains("rv-all"))
      allBtn.click();
    var b = p.btn || el;
    if (b.scrollIntoView) b.scrollIntoView({ block: "center" });
    b.focus();
  }
  function item(c) {
    var p = places[c.place];
    var snippet = line(c.text, 50);
    var acts = h("p", { class: "rv-actions" });
    var li = h(
      "li",
      { class: "rv-item" + (c.sent ? " rv-sent" : ""), "data-rv-id": c.id },
      [
        h("p", {
          class: "rv-where",
          text: r("about", { what: c.what || (p && p.what) || "" }),
        }),
        h("p", { class: "rv-text", text: c.text }),
        h("p", {
          class: "rv-meta",
          text: c.sent
            ? r("sent", { when: new Date(c.sent).toLocaleString() })
            : r("unsent"),
        }),
        acts,
      ],
    );
    if (p) {
      var s = h("button", {
        type: "button",
        class: "t-btn t-small",
        "data-rv-act": "show",
        "aria-label": r("showL", { t: snippet }),
        text: r("show"),
      });
      s.addEventListener("click", function () {
        showPlace(p);
      });
      acts.appendChild(s);
    }
    if (!c.sent) {
      var e = h("button", {
        type: "button",
        class: "t-btn t-small",
        "data-rv-act": "edit",
        "aria-label": r("editL", { t: snippet }),
        text: r("edit"),
      });
      e.addEventListener("click", function () {
        compose(p || null, c);
      });
      var d = h("button", {
        type: "button",
        class: "t-btn t-small",
        "data-rv-act": "delete",
        "aria-label": r("delL", { t: snippet }),
        text: r("del"),
      });
      d.addEventListener("click", function () {
        var at = list.indexOf(c);
        if (at < 0) return;
        list.splice(at, 1);
        persist();
        refresh();
        var next = listEl.children[Math.min(at, listEl.children.length - 1)];
        (next ? $("button", next) : panelH).focus();
        T.announce(r("deleted"));
      });
      acts.appendChild(doc.createTextNode(" "));
      acts.appendChild(e);
      acts.appendChild(doc.createTextNode(" "));
      acts.appendChild(d);
    }
    return li;
  }
  function refresh() {
    var name = reviewer();
    who.textContent = name ? r("as", { name: name }) : r("anonymous");
    nameBtn.textContent = r(name ? "changeName" : "setName");
    countBtn.textContent = r("count", { n: list.length });
    /* Rebuilding the list keeps the focus on the same button. */
    var f = doc.activeElement,
      was =
        f && listEl.contains(f)
          ? {
              id: f.closest("li").getAttribute("data-rv-id"),
              act: f.getAttribute("data-rv-act"),
            }
          : null;
    listEl.textContent = "";
    list.forEach(function (c) {
      listEl.appendChild(item(c));
    });
    if (was) {
      var li = $$("li", listEl).filter(function (x) {
        return x.getAttribute("data-rv-id") === was.id;
      })[0];
      var again =
        li && ($("[data-rv-act=" + was.act + "]", li) || $("button", li));
      (again || panelH).focus();
    }
    show(emptyEl, list.length === 0);
    show(listEl, list.length > 0);
    order.forEach(refreshButton);
  }
  refresh();
  T.review = {
    comments: function () {
      return list.slice();
    },
    places: function () {
      return order.length;
    },
  };
  if (!reviewer()) askName(null);
})();
