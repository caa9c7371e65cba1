/* The batch view: sort by a column, filter by text or by what is left to do. */
(function () {
  "use strict";
  var body = document.querySelector("#articles tbody");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));
  var filter = document.getElementById("filter");
  var openOnly = document.getElementById("open-only");
  var order = {key: null, dir: 1};
  function refresh() {
    var needle = filter.value.toLowerCase();
    rows.forEach(function (r) {
      var open = r.getAttribute("data-errors") !== "0" || r.getAttribute("data-unconfirmed") !== "0";
      var shown = r.getAttribute("data-title").toLowerCase().indexOf(needle) >= 0 && (!openOnly.checked || open);
      r.hidden = !shown;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("th button[data-sort]"), function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-sort"), numeric = b.hasAttribute("data-numeric");
      order.dir = order.key === key ? -order.dir : (numeric ? -1 : 1);
      order.key = key;
      rows.sort(function (x, y) {
        var a = x.getAttribute("data-" + key), c = y.getAttribute("data-" + key);
        var d = numeric ? parseFloat(a) - parseFloat(c) : a.localeCompare(c);
        return d * order.dir;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var corpus = document.getElementById("corpus");
  corpus.addEventListener("click", function () {
    var message = document.getElementById("message");
    message.textContent = "rebuilding…";
    fetch(corpus.getAttribute("data-url"), {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({confirmed_only: document.getElementById("corpus-confirmed").checked})})
      .then(function (r) { return r.json(); })
      .then(function (d) { message.textContent = d.error || ("corpus.tmx: " + d.units + " pairs from " + d.articles + " articles"); });
  });
  filter.addEventListener("input", refresh);
  openOnly.addEventListener("change", refresh);
  document.body.setAttribute("data-ready", "1");
})();
