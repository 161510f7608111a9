/* The leaflet library's filters, combined on the main page (/<lang>/leaflets/).
   Without this script every filter is a link to its own static page
   (/<lang>/library/<facet>/<value>/), which lists only its leaflets. With it, the
   same links become toggles: one value per facet, facets combined (a leaflet must
   match every chosen facet), applied at once to the cards' data-<facet>
   attributes. The choice is kept in the fragment (#topic=grooming&age=8-10),
   never sent to a server. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-library-filters]");
  if (!nav) { return; }
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-facet]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".leaflet-card"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-library-section]"));
  var status = document.getElementById("library-count");
  var template = nav.getAttribute("data-status-template") || "{shown} / {total}";
  var chosen = {};

  function readFragment() {
    chosen = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2 && nav.querySelector('a[data-facet="' + parts[0] + '"]')) {
        chosen[parts[0]] = decodeURIComponent(parts[1]);
      }
    });
  }

  function writeFragment() {
    var pairs = Object.keys(chosen).sort().map(function (facet) {
      return facet + "=" + encodeURIComponent(chosen[facet]);
    });
    window.history.replaceState(null, "", window.location.pathname + window.location.search +
      (pairs.length ? "#" + pairs.join("&") : ""));
  }

  function matches(card) {
    return Object.keys(chosen).every(function (facet) {
      var values = (card.getAttribute("data-" + facet) || "").split(" ");
      return values.indexOf(chosen[facet]) !== -1;
    });
  }

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".leaflet-card:not([hidden])");
    });
    links.forEach(function (link) {
      var on = chosen[link.getAttribute("data-facet")] === link.getAttribute("data-value");
      link.setAttribute("aria-pressed", on ? "true" : "false");
    });
    clear.hidden = Object.keys(chosen).length === 0;
    if (status) {
      status.textContent = template.replace("{shown}", shown).replace("{total}", cards.length);
    }
  }

  links.forEach(function (link) {
    link.setAttribute("role", "button");
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      var facet = link.getAttribute("data-facet");
      var value = link.getAttribute("data-value");
      if (chosen[facet] === value) { delete chosen[facet]; } else { chosen[facet] = value; }
      writeFragment();
      apply();
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }  // a button's key
    });
  });

  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "library-clear";
  clear.textContent = nav.getAttribute("data-clear-label") || "Clear";
  clear.addEventListener("click", function () { chosen = {}; writeFragment(); apply(); });
  (nav.querySelector(".facets") || nav).after(clear);

  readFragment();
  apply();
  window.addEventListener("hashchange", function () { readFragment(); apply(); });
}());
