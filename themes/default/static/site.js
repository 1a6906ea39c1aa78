// The default theme's behaviour on every page: the light/dark toggle, "/" to search, the table of
// contents closed on narrow screens, and a copy button on code blocks. One cached file instead of
// the same script in every page (1.7 KB a page); the theme chosen earlier is applied by the small
// inline script in <head>, which must run before the CSS.
(function () {
  var root = document.documentElement, body = document.body;
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var set = root.getAttribute("data-theme");
      var dark = set === "dark" || (set !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("hoego-theme", next); } catch (e) {}
    });
  }
  // "/" focuses the search box, as on GitHub and MDN, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (e) {
    var at = document.activeElement, typing = at && /^(INPUT|TEXTAREA|SELECT)$/.test(at.tagName);
    if (e.key !== "/" || typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var box = document.getElementById("q") || document.querySelector(".site-search input");
    if (box) { e.preventDefault(); box.focus(); }
  });
  var toc = document.querySelector("details.toc");
  if (toc && !matchMedia("(min-width: 48rem)").matches) toc.open = false;
  document.querySelectorAll("pre > code").forEach(function (code) {
    if (!navigator.clipboard) return;
    var b = document.createElement("button");
    b.type = "button"; b.className = "copy"; b.textContent = body.dataset.copy;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText).then(function () {
        b.textContent = body.dataset.copied;
        setTimeout(function () { b.textContent = body.dataset.copy; }, 1500);
      });
    });
    code.parentNode.classList.add("has-copy");
    code.parentNode.appendChild(b);
  });
})();
