(function () {
  "use strict";
  var keys = ["step", "severity", "status"];
  function select(k) { return document.getElementById("f-" + k); }
  function current() {
    var v = {};
    keys.forEach(function (k) { v[k] = select(k).value; });
    return v;
  }
  function fromHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    keys.forEach(function (k) {
      var s = select(k), want = p.get(k) || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === want; });
      s.value = known ? want : "";
    });
  }
  function apply() {
    var f = current(), shown = 0, total = 0;
    document.querySelectorAll("article.check").forEach(function (a) {
      total += 1;
      var ok = keys.every(function (k) { return !f[k] || a.dataset[k] === f[k]; });
      a.hidden = !ok;
      if (ok) { shown += 1; }
    });
    // Each heading counts the checks it shows, so a filter changes the count too.
    document.querySelectorAll(".group, #passes").forEach(function (g) {
      var n = g.querySelectorAll("article.check:not([hidden])").length;
      var count = g.querySelector(".count");
      if (count) { count.textContent = n; }
      if (g.classList.contains("group")) { g.hidden = n === 0; }
    });
    var passes = document.getElementById("passes");
    if (passes && (f.status === "pass" || f.status === "not_applicable")) { passes.open = true; }
    document.getElementById("shown").textContent = shown + " of " + total + " checks shown";
  }
  function toHash() {
    var f = current(), p = new URLSearchParams();
    keys.forEach(function (k) { if (f[k]) { p.set(k, f[k]); } });
    location.hash = p.toString();
  }
  keys.forEach(function (k) { select(k).addEventListener("change", function () { toHash(); apply(); }); });
  document.getElementById("f-reset").addEventListener("click", function () {
    keys.forEach(function (k) { select(k).value = ""; });
    toHash(); apply();
  });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  document.getElementById("filters").hidden = false;
  fromHash();
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
