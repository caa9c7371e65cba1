(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("li.finding[data-f]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.f[data-f]"));
  var position = document.getElementById("nav-position");
  var hidden = {};     // kind -> true when its filter is off
  var hiddenSev = {};  // severity -> true when its filter is off
  function isHidden(card) { return !!(hidden[card.getAttribute("data-kind")] || hiddenSev[card.getAttribute("data-severity")]); }
  function visibleCards() { return cards.filter(function (c) { return !isHidden(c); }); }
  function byNumber(n) { return document.getElementById("f" + n); }
  function clearCurrent() {
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (e) { e.classList.remove("current"); });
  }
  function select(card) {
    clearCurrent();
    if (!card) { position.textContent = ""; return; }
    var n = card.getAttribute("data-f");
    card.classList.add("current");
    marks.forEach(function (m) { if (m.getAttribute("data-f").split(" ").indexOf(n) >= 0) m.classList.add("current"); });
    var firstMark = marks.filter(function (m) { return m.classList.contains("current"); })[0];
    (firstMark || card).scrollIntoView({block: "center"});
    card.focus({preventScroll: true});
    var list = visibleCards();
    position.textContent = "finding " + (list.indexOf(card) + 1) + " of " + list.length;
  }
  function step(delta) {
    var list = visibleCards();
    if (!list.length) { position.textContent = "no findings shown"; return; }
    var i = list.findIndex(function (c) { return c.classList.contains("current"); });
    i = i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length;
    select(list[i]);
  }
  function applyFilters() {
    cards.forEach(function (c) { c.classList.toggle("hidden", isHidden(c)); });
    marks.forEach(function (m) {
      var shown = m.getAttribute("data-f").split(" ").some(function (n) {
        var card = byNumber(n); return card && !isHidden(card);
      });
      m.classList.toggle("off", !shown);
    });
    var current = document.querySelector("li.finding.current");
    if (current && current.classList.contains("hidden")) select(null);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      hidden[b.getAttribute("data-kind")] = !on;
      applyFilters();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.sev-filter"), function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      hiddenSev[b.getAttribute("data-severity")] = !on;
      applyFilters();
    });
  });
  var problems = document.getElementById("problems-only");
  problems.addEventListener("click", function () {
    var on = problems.getAttribute("aria-pressed") !== "true";
    problems.setAttribute("aria-pressed", on ? "true" : "false");
    document.body.classList.toggle("problems-only", on);
  });
  // one listener for every mark and card (the workbench replaces rows in place: new ones need no binding)
  document.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.f[data-f]");
    if (m) {
      if (m.classList.contains("off")) return;
      var ns = m.getAttribute("data-f").split(" ").filter(function (n) { return !isHidden(byNumber(n)); });
      if (ns.length) select(byNumber(ns[0]));
      return;
    }
    var c = e.target.closest && e.target.closest("li.finding[data-f]");
    if (c) select(c);
  });
  // rows replaced by the workbench: find the cards and marks again and apply the filters to them
  window.srcalignReview = {refresh: function () {
    cards = Array.prototype.slice.call(document.querySelectorAll("li.finding[data-f]"));
    marks = Array.prototype.slice.call(document.querySelectorAll("mark.f[data-f]"));
    applyFilters();
  }};
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target; if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
  });
  var match = /^#f(\d+)$/.exec(location.hash);
  if (match && byNumber(match[1])) select(byNumber(match[1]));
  document.body.setAttribute("data-ready", "1");
})();
