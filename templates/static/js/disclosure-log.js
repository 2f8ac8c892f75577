// The disclosure log's instant filter. Without JavaScript the filter links lead to
// static pages (one per year, outcome, topic and exemption); with it, they filter the
// table in place, and the address still names the filter so it can be shared.
window.addEventListener("DOMContentLoaded", function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll(".app-log-table tbody tr"));
  var count = document.querySelector(".app-log-count");
  var filters = document.querySelectorAll(".app-log-filter");
  // Where only the newest requests are listed, the links lead to the complete pages.
  if (!rows.length || !count || !document.querySelector(".app-log-table tbody[data-complete]")) {
    return;
  }
  var chosen = {};

  function matches(row) {
    return Object.keys(chosen).every(function (name) {
      return (" " + row.getAttribute("data-" + name) + " ").indexOf(" " + chosen[name] + " ") >= 0;
    });
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row);
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    var names = Object.keys(chosen);
    count.hidden = names.length === 0;
    count.textContent = shown + " of " + rows.length + " requests shown. ";
    var clear = document.createElement("a");
    clear.href = "#requests";
    clear.className = "govuk-link";
    clear.textContent = "Clear the filter";
    clear.addEventListener("click", function (event) {
      event.preventDefault();
      chosen = {};
      apply();
    });
    if (names.length) {
      count.appendChild(clear);
    }
  }

  Array.prototype.forEach.call(filters, function (group) {
    var name = group.getAttribute("data-filter");
    Array.prototype.forEach.call(group.querySelectorAll("a[data-value]"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        chosen[name] = link.getAttribute("data-value");
        apply();
        document.getElementById("requests").scrollIntoView();
      });
    });
  });
});
