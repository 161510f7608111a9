/* The header's search form: the term goes to the search page in the fragment
   (#q=...), which a browser never sends to any server, so no search term can
   reach a server log (docs/site.md, "Search"). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-search-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=search]");
      var term = input ? input.value.trim() : "";
      var target = form.getAttribute("action") + (term ? "#q=" + encodeURIComponent(term) : "");
      if (window.location.pathname === new URL(target, window.location.href).pathname) {
        window.location.hash = term ? "q=" + encodeURIComponent(term) : "";
      } else {
        window.location.assign(target);
      }
    });
  });
}());
