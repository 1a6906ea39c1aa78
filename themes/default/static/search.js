// The /search/ page of hoego's default theme: a small script over Pagefind's JS API
// (pagefind.js, loaded on first use). The form works without it: it submits ?q=…&year=…&tag=…
// here, and this script reads them back, so a search is a link that can be shared.
(function () {
  "use strict";
  var root = document.querySelector(".search-page");
  if (!root) return;
  var form = root.querySelector("form"), el = form.elements;
  var status = root.querySelector(".search-status"), list = root.querySelector(".search-results");
  var params = new URLSearchParams(location.search);
  el.q.value = params.get("q") || "";
  if (el.year) el.year.value = params.get("year") || "";
  if (el.tag) el.tag.value = params.get("tag") || "";
  el.retro.checked = params.get("retro") === "1";

  var pagefind = null, latest = 0, timer = 0;
  function load() {
    if (!pagefind) {
      pagefind = import(root.dataset.bundle + "pagefind.js").then(function (pf) {
        // Result URLs are written with the base path already.
        return pf.options({ baseUrl: "/" }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function filters() {
    var f = {};
    if (el.year && el.year.value) f.year = el.year.value;
    if (el.tag && el.tag.value) f.tag = el.tag.value;
    if (el.retro.checked) f.kind = "retrospective";
    return f;
  }

  // Hangul typed on macOS may arrive decomposed (NFD); the index is NFC.
  function term() { return el.q.value.normalize("NFC").trim(); }

  function remember() {
    var p = new URLSearchParams(), f = filters();
    if (term()) p.set("q", term());
    if (f.year) p.set("year", f.year);
    if (f.tag) p.set("tag", f.tag);
    if (el.retro.checked) p.set("retro", "1");
    var query = p.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function run() {
    var mine = ++latest, q = term(), f = filters();
    remember();
    if (!q && !Object.keys(f).length) { list.textContent = ""; status.textContent = ""; return; }
    root.setAttribute("aria-busy", "true");
    load()
      .then(function (pf) { return pf.search(q || null, { filters: f, sort: q ? undefined : { date: "desc" } }); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); }))
          .then(function (items) { if (mine === latest) show(found.results.length, items); });
      })
      .catch(function () { if (mine === latest) status.textContent = root.dataset.error; })
      .then(function () { if (mine === latest) root.removeAttribute("aria-busy"); });
  }

  function show(total, items) {
    status.textContent = total ? root.dataset.count.replace("{n}", total) : root.dataset.none;
    list.textContent = "";
    items.forEach(function (d) {
      var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
      a.href = d.url;
      a.textContent = d.meta.title || d.url;
      h.appendChild(a);
      li.appendChild(h);
      if (d.meta.date) {
        var when = document.createElement("p");
        when.className = "meta";
        when.textContent = d.meta.date;
        li.appendChild(when);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "excerpt";
      // Pagefind's excerpt is the page's text, escaped, with <mark> around what matched.
      excerpt.innerHTML = d.excerpt;
      li.appendChild(excerpt);
      list.appendChild(li);
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  el.q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  [el.year, el.tag, el.retro].forEach(function (x) { if (x) x.addEventListener("change", run); });
  run();
})();
