// A table that is wider than its box scrolls sideways inside it, not the page. Say so:
// a hint above each such table, shown only while the table does not fit (it is
// checked again whenever the box changes size). Without JavaScript, shadows at the
// box's edge show that there is more.
window.addEventListener("DOMContentLoaded", function () {
  var regions = document.querySelectorAll(".app-table-wrapper");

  function columnCount(table) {
    var row = table.querySelector("tr");
    return row ? row.children.length : 0;
  }

  function watch(region) {
    var table = region.querySelector("table");
    if (!table) {
      return;
    }
    var hint = document.createElement("p");
    hint.className = "app-table-hint";
    hint.hidden = true;
    hint.textContent = "This table is wider than the screen: scroll sideways to see all "
      + columnCount(table) + " columns.";
    region.parentNode.insertBefore(hint, region);

    function update() {
      hint.hidden = region.scrollWidth <= region.clientWidth + 1;
    }

    update();
    if ("ResizeObserver" in window) {
      new ResizeObserver(update).observe(region);
    } else {
      window.addEventListener("resize", update);
    }
  }

  Array.prototype.forEach.call(regions, watch);
});
