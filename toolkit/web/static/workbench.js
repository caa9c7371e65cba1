/* The workbench's article view: select beads and sentences, send each action to the server
   (which saves it at once), reload to show the new state. The server is the only state. */
(function () {
  "use strict";
  var body = document.body;
  var api = body.getAttribute("data-api");
  var revision = parseInt(body.getAttribute("data-revision"), 10);
  var message = document.getElementById("message");
  var selected = null;      // the selected bead (div.pair[data-bead])
  var selectedSeg = null;   // the selected segment (span.seg) inside it
  var busy = false;

  function beads() { return Array.prototype.slice.call(document.querySelectorAll(".pair[data-bead]")); }  // sentence beads (navigation)
  function say(text, kind) {
    message.textContent = text;
    message.className = kind || "";
    if (kind !== "error") setTimeout(function () { if (message.textContent === text) message.textContent = ""; }, 4000);
  }

  function select(pair, seg) {
    if (selected) selected.classList.remove("selected");
    if (selectedSeg) selectedSeg.classList.remove("selected-seg");
    selected = pair; selectedSeg = seg || null;
    if (selected) {
      selected.classList.add("selected");
      selected.focus({preventScroll: true});
      try { sessionStorage.setItem("srcalign-selected", selected.getAttribute("data-bead")); } catch (e) { /* private mode */ }
    }
    if (selectedSeg) selectedSeg.classList.add("selected-seg");
  }

  function post(verb, payload) {
    if (busy) return Promise.resolve(null);
    busy = true;
    payload.revision = revision;
    say("saving…", "busy");
    return fetch(api + "/" + verb, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (r) {
      busy = false;
      if (r.status === 200) {
        revision = r.data.revision;
        try {
          sessionStorage.setItem("srcalign-scroll", String(window.scrollY));
          if (r.data.focus) sessionStorage.setItem("srcalign-selected", r.data.focus);
        } catch (e) { /* ignore */ }
        if (verb === "export") { say("exported: " + Object.keys(r.data.files).map(function (k) { return r.data.files[k]; }).join(", "), "ok"); return r.data; }
        if (verb === "edit" && (payload.op === "confirm" || payload.op === "unconfirm")) {
          statusChanged(payload.beads, payload.op === "confirm" ? "confirmed" : null, r.data);  // no reload: a long article stays where it is
          return r.data;
        }
        if (verb === "edit" || verb === "undo" || verb === "redo") {
          busy = true;  // until the changed rows are in: the next action must see them
          return refreshRows(r.data).then(function () { busy = false; return r.data; });
        }
        location.reload();  // findings changed: cards, numbers and filters everywhere
        return r.data;
      }
      if (r.status === 409) {
        say(r.data.error + " ", "error");
        var again = document.createElement("button");
        again.type = "button"; again.textContent = "reload"; again.id = "reload";
        again.addEventListener("click", function () { location.reload(); });
        message.appendChild(again);
      } else {
        say(r.data.error || ("error " + r.status), "error");
      }
      return null;
    }).catch(function (err) { busy = false; say("the workbench does not answer (" + err + ")", "error"); return null; });
  }

  // after an edit, undo or redo: only the rows the server re-rendered are replaced (a 2,000-bead
  // page is not loaded again); anything unexpected falls back to a reload
  function refreshRows(data) {
    var key = data.focus || (selected && selected.getAttribute("data-bead"));
    return fetch(api + "/rows?since=" + encodeURIComponent(body.getAttribute("data-page") || ""), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (d) {
        if (d.reload || d.revision !== revision) { location.reload(); return; }
        for (var i = 0; i < d.rows.length; i++) {
          var old = document.getElementById(d.rows[i].id);
          if (!old) { location.reload(); return; }
          var t = document.createElement("template");
          t.innerHTML = d.rows[i].html;
          var row = t.content.firstElementChild;
          old.replaceWith(row);
          bindCards(row);
        }
        body.setAttribute("data-page", d.page);
        body.setAttribute("data-revision", String(revision));
        document.getElementById("revision").textContent = String(revision);
        document.getElementById("progress").textContent = d.progress.confirmed + " of " + d.progress.beads;
        document.getElementById("undo").disabled = !d.can_undo;
        document.getElementById("redo").disabled = !d.can_redo;
        if (window.srcalignReview) window.srcalignReview.refresh();
        selected = null; selectedSeg = null;
        var again = key && Array.prototype.filter.call(document.querySelectorAll("[data-bead]"), function (p) { return p.getAttribute("data-bead") === key; })[0];
        if (again) { select(again); observer(); }
        say("saved (revision " + revision + ")", "ok");
      })
      .catch(function () { location.reload(); });
  }

  // a confirmation changes nothing but statuses: the page is updated in place
  function statusChanged(keys, status, data) {
    keys.forEach(function (key) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-bead]"), function (el) {
        if (el.getAttribute("data-bead") !== key) return;
        var now = status || (el.getAttribute("data-status") === "confirmed" ? "automatic" : el.getAttribute("data-status"));
        el.setAttribute("data-status", now);
        el.classList.remove("status-automatic", "status-confirmed", "status-edited");
        if (el.classList.contains("pair")) el.classList.add("status-" + now);
      });
    });
    body.setAttribute("data-revision", String(revision));
    document.getElementById("revision").textContent = String(revision);
    if (data.progress) document.getElementById("progress").textContent = data.progress.confirmed + " of " + data.progress.beads;
    document.getElementById("undo").disabled = false;
    document.getElementById("redo").disabled = true;
    say(status ? "confirmed" : "unconfirmed", "ok");
  }

  function current() {
    if (!selected) { say("select a bead first (click it)", "error"); return null; }
    return selected.getAttribute("data-bead");
  }
  function sideIds(pair, side) {
    return Array.prototype.map.call(pair.querySelectorAll(".side." + side + " .seg"), function (s) { return s.getAttribute("data-id"); });
  }

  var actions = {
    confirm: function () { var b = current(); if (b) post("edit", {op: selected.getAttribute("data-status") === "confirmed" ? "unconfirm" : "confirm", beads: [b]}); },
    merge: function () { var b = current(); if (b) post("edit", {op: "merge", bead: b}); },
    split: function () {
      var b = current(); if (!b) return;
      if (!selectedSeg) { say("click the sentence the second part should start with", "error"); return; }
      var side = selectedSeg.closest(".side").classList.contains("source") ? "source" : "target";
      var other = side === "source" ? "target" : "source";
      var at = sideIds(selected, side).indexOf(selectedSeg.getAttribute("data-id"));
      var otherAt = Math.min(at, sideIds(selected, other).length);
      var payload = {op: "split", bead: b};
      payload[side + "_at"] = at; payload[other + "_at"] = otherAt;
      post("edit", payload);
    },
    shift: function (side, edge) { var b = current(); if (b) post("edit", {op: "shift", bead: b, side: side, edge: edge}); },
    detach: function () {
      var b = current(); if (!b) return;
      if (!selectedSeg) { say("click the sentence to make one-sided", "error"); return; }
      post("edit", {op: "detach", bead: b, segment: selectedSeg.getAttribute("data-id")});
    },
    edit: function () {
      if (!selectedSeg || !selectedSeg.closest(".side.target")) { say("click the German sentence to edit", "error"); return; }
      var seg = selectedSeg;
      var box = document.createElement("textarea");
      box.className = "edit-box"; box.value = seg.textContent; box.rows = 3;
      var save = document.createElement("button"); save.type = "button"; save.textContent = "save"; save.className = "edit-save";
      var cancel = document.createElement("button"); cancel.type = "button"; cancel.textContent = "cancel";
      var holder = document.createElement("span"); holder.className = "edit-holder";
      holder.appendChild(box); holder.appendChild(save); holder.appendChild(cancel);
      seg.style.display = "none"; seg.parentNode.insertBefore(holder, seg.nextSibling);
      box.focus();
      save.addEventListener("click", function () { post("edit", {op: "text", segment: seg.getAttribute("data-id"), text: box.value}); });
      cancel.addEventListener("click", function () { holder.remove(); seg.style.display = ""; });
      box.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); save.click(); }
        if (e.key === "Escape") { cancel.click(); }
      });
    },
    undo: function () { post("undo", {}); },
    redo: function () { post("redo", {}); },
    realign: function () {
      var b = current(); if (!b) return;
      var list = beads(); var i = list.indexOf(selected);
      var end = null;
      for (var k = i + 1; k < list.length; k++) { if (list[k].getAttribute("data-status") === "confirmed") { end = list[k].getAttribute("data-bead"); break; } }
      post("edit", {op: "realign", level: selected.getAttribute("data-level"), start: b, end: end});
    },
    exportAll: function () { post("export", {confirmed_only: document.getElementById("confirmed-only").checked}); },
    go: function (delta) {
      var kind = document.getElementById("goto-kind").value;
      var list = beads().filter(function (p) {
        if (kind === "weak") return p.getAttribute("data-weak") === "1" && p.getAttribute("data-status") !== "confirmed";
        if (kind === "flagged") return p.getAttribute("data-flagged") === "1";
        return p.getAttribute("data-status") !== "confirmed";
      });
      if (!list.length) { say("no " + kind + " bead", "ok"); return; }
      var all = beads(); var at = selected ? all.indexOf(selected) : -1;
      var next = null;
      if (delta > 0) { next = list.filter(function (p) { return all.indexOf(p) > at; })[0] || list[0]; }
      else { var before = list.filter(function (p) { return all.indexOf(p) < at; }); next = before[before.length - 1] || list[list.length - 1]; }
      select(next);
      next.scrollIntoView({block: "center"});
      say(kind + " bead " + (list.indexOf(next) + 1) + " of " + list.length, "ok");
    }
  };

  document.getElementById("rows").addEventListener("click", function (e) {
    if (e.target.closest(".card-actions") || e.target.closest(".edit-holder")) return;
    var pair = e.target.closest(".pair[data-bead], .row-head[data-bead]");  // a sentence bead, or a block bead by its head
    if (!pair) return;
    select(pair, pair.classList.contains("pair") ? e.target.closest(".seg") : null);
  });

  // the bead's own toolbar, shown on the selected bead
  var bar = document.createElement("div");
  bar.id = "bead-tools";
  bar.innerHTML = "";
  [["confirm", "✓ confirm (c)", function () { actions.confirm(); }],
   ["merge", "merge with next (m)", function () { actions.merge(); }],
   ["split", "split before sentence (s)", function () { actions.split(); }],
   ["up", "first German → previous ([)", function () { actions.shift("target", "first"); }],
   ["down", "last German → next (])", function () { actions.shift("target", "last"); }],
   ["up-src", "first Vietnamese → previous ({)", function () { actions.shift("source", "first"); }],
   ["down-src", "last Vietnamese → next (})", function () { actions.shift("source", "last"); }],
   ["detach", "one-sided (o)", function () { actions.detach(); }],
   ["edit", "edit German (e)", function () { actions.edit(); }]].forEach(function (spec) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "tool-" + spec[0]; b.textContent = spec[1];
    b.addEventListener("click", function (e) { e.stopPropagation(); spec[2](); });
    bar.appendChild(b);
  });
  var observer = function () { if (selected && bar.parentNode !== selected) selected.appendChild(bar); };
  document.getElementById("rows").addEventListener("click", observer);

  document.getElementById("undo").addEventListener("click", actions.undo);
  document.getElementById("redo").addEventListener("click", actions.redo);
  document.getElementById("goto-next").addEventListener("click", function () { actions.go(1); observer(); });
  document.getElementById("goto-prev").addEventListener("click", function () { actions.go(-1); observer(); });
  document.getElementById("realign").addEventListener("click", actions.realign);
  document.getElementById("export").addEventListener("click", actions.exportAll);

  // findings: apply the (editable) suggestion here or everywhere (cards of rows replaced later are bound then)
  function bindCards(root) {
  Array.prototype.forEach.call(root.querySelectorAll(".card-actions"), function (box) {
    if (box.getAttribute("data-bound")) return;
    box.setAttribute("data-bound", "1");
    var card = box.closest("li.finding");
    var number = parseInt(card.getAttribute("data-f"), 10);
    var input = box.querySelector("input.replacement");
    function apply(scope) {
      post("apply", {finding: number, scope: scope, replacement: input.value, expected: box.getAttribute("data-old")});
    }
    var here = box.querySelector(".apply-here"); if (here) here.addEventListener("click", function () { apply("here"); });
    var all = box.querySelector(".apply-all"); if (all) all.addEventListener("click", function () { apply("all"); });
    if (all) {  // how many occurrences "apply to all" changes: those that do not already read as the box
      var texts = JSON.parse(all.getAttribute("data-texts") || "[]");
      input.addEventListener("input", function () {
        var n = 0, total = 0;  // texts: [what an occurrence says now, how many say so]
        texts.forEach(function (t) { total += t[1]; if (t[0] !== input.value) n += t[1]; });
        all.setAttribute("data-count", String(n));
        all.textContent = "apply to all: " + n + " of " + total + " change";
      });
    }
    var dismiss = box.querySelector(".dismiss");
    if (dismiss) dismiss.addEventListener("click", function () {
      var reason = window.prompt("Why is this finding wrong? (saved in the project's decisions file)", "false positive");
      if (reason === null) return;
      post("dismiss", {finding: number, finding_id: card.getAttribute("data-finding-id"), reason: reason});
    });
    var prefer = box.querySelector(".prefer");
    if (prefer) prefer.addEventListener("click", function () {
      var base = box.getAttribute("data-suggestion") || (box.getAttribute("data-renderings") || "").split("|")[0];
      var rendering = window.prompt("The project's preferred rendering (base form, goes to the project termbase); the text in the box is then written over every occurrence:", base);
      if (rendering === null) return;
      post("prefer", {finding: number, finding_id: card.getAttribute("data-finding-id"), rendering: rendering, replacement: input.value});
    });
  });
  }
  bindCards(document);

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      if ((e.ctrlKey || e.metaKey) && e.key === "z") { actions.undo(); e.preventDefault(); }
      if ((e.ctrlKey || e.metaKey) && e.key === "y") { actions.redo(); e.preventDefault(); }
      return;
    }
    var t = e.target; if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    var map = {
      "c": actions.confirm, "m": actions.merge, "s": actions.split, "o": actions.detach, "e": actions.edit,
      "u": actions.undo, "r": actions.redo,
      "[": function () { actions.shift("target", "first"); }, "]": function () { actions.shift("target", "last"); },
      "{": function () { actions.shift("source", "first"); }, "}": function () { actions.shift("source", "last"); },
      ".": function () { actions.go(1); observer(); }, ",": function () { actions.go(-1); observer(); }
    };
    if (map[e.key]) { map[e.key](); e.preventDefault(); }
  });

  // after a reload: the same bead selected, the same scroll position
  try {
    var y = sessionStorage.getItem("srcalign-scroll");
    if (y !== null) { window.scrollTo(0, parseInt(y, 10)); sessionStorage.removeItem("srcalign-scroll"); }
    var key = sessionStorage.getItem("srcalign-selected");
    if (key) {
      var again = Array.prototype.filter.call(document.querySelectorAll("[data-bead]"), function (p) { return p.getAttribute("data-bead") === key; })[0];
      if (again) { select(again); observer(); }
    }
  } catch (e) { /* ignore */ }
  body.setAttribute("data-ready-ms", String(Math.round(performance.now())));  // for bench/review.py
  body.setAttribute("data-workbench-ready", "1");
})();
