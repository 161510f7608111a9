/* The search page: Pagefind's own UI over the index built into the site.
   The index comes in parts (one Pagefind bundle each, listed per language in
   parts.json next to them): the first part of the page's language is the
   primary index and the others are merged into it with Pagefind's mergeIndex,
   so one search covers them all. The audience filter comes from
   data-pagefind-filter on each material (named in the page's language). A term
   arrives in the fragment (#q=..., from the header's form or a link): it starts
   the search and is then taken out of the address bar, so it is neither sent
   to a server nor kept in the page's URL. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI === "undefined") { return; }
  var bundles = root.getAttribute("data-bundles");
  var lang = root.getAttribute("data-lang");

  function start(parts) {
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundles + parts[0] + "/",
      mergeIndex: parts.slice(1).map(function (part) {
        return { bundlePath: bundles + part + "/" };
      }),
      showSubResults: true,
      showImages: false,
      // The filter's name is the page language's word for "Audience" (set in
      // article.html), so Pagefind's filter panel reads in that language.
      openFilters: [root.getAttribute("data-filter") || "Audience"],
      autofocus: false
    });
    var input = root.querySelector("input");
    if (input) {
      input.setAttribute("aria-label", root.getAttribute("data-search-label") || "Search");
    }

    function searchFromFragment() {
      var term = termFromFragment();
      if (term) { ui.triggerSearch(term); }
    }
    searchFromFragment();
    window.addEventListener("hashchange", searchFromFragment);

    // The "search in another language" links carry the current term along, in the fragment.
    document.querySelectorAll("a[data-keep-query]").forEach(function (link) {
      link.addEventListener("click", function () {
        var current = input ? input.value.trim() : "";
        link.href = link.href.split("#")[0] + (current ? "#q=" + encodeURIComponent(current) : "");
      });
    });
  }

  function termFromFragment() {
    var match = /^#q=(.*)$/.exec(window.location.hash);
    if (!match) { return ""; }
    var term;
    try { term = decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { term = ""; }
    window.history.replaceState(null, "", window.location.pathname);
    return term;
  }

  window.fetch(bundles + "parts.json", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (parts) { if (parts[lang] && parts[lang].length) { start(parts[lang]); } });
}());
