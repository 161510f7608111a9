/* The search page: Pagefind's own UI over the index built into the site.
   Pagefind loads the index for the page's <html lang>; the audience filter
   comes from data-pagefind-filter on each material (named in the page's language). A ?q= from the header's
   search form (which works without JavaScript) starts the search. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI === "undefined") { return; }
  var ui = new window.PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    // The filter's name is the page language's word for "Audience" (set in
    // article.html), so Pagefind's filter panel reads in that language.
    openFilters: [root.getAttribute("data-filter") || "Audience"],
    autofocus: false
  });
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  if (query) { ui.triggerSearch(query); }
  var input = root.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", root.getAttribute("data-search-label") || "Search");
  }
  // The "search in another language" links carry the current query along.
  document.querySelectorAll("a[data-keep-query]").forEach(function (link) {
    link.addEventListener("click", function () {
      var current = input ? input.value : query;
      if (current) {
        link.href = link.href.split("?")[0] + "?q=" + encodeURIComponent(current);
      }
    });
  });
}());
