/* Quick exit: leave for a neutral site at once, without a history entry.
   location.replace() swaps the current page out of the history, so pressing
   Back does not bring this page back. The link works without this script
   (it is an ordinary link with rel="noreferrer"). */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var target = link.getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    // Hide the page at once: the next site can take a moment to load.
    document.documentElement.classList.add("quick-exiting");
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { leave(event); }
  }, true);
  // A page restored from the back/forward cache must be visible again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { document.documentElement.classList.remove("quick-exiting"); }
  });
}());
