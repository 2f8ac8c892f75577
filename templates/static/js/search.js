// The search page. Runs Pagefind's search API (pagefind.js, written by the build beside the
// index) and shows the results as GOV.UK markup: a heading link, the type and class, the
// page's summary and the matching words in context. The query comes from the address
// (?q=...), which is where the search box in the header sends people; filters by type and
// class are checkboxes, kept in the address too (&type=...&class=...).
//
// Nothing is written with innerHTML from the index: the excerpt's <mark>s are copied as
// elements, everything else as text. No style attributes (the Content-Security-Policy
// forbids them): elements are shown and hidden with the `hidden` property.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  // Exact words count for more than words that merely look alike, and a match in the title
  // counts for more than one in the text.
  var RANKING = { termSimilarity: 5.0, pageLength: 0.3, metaWeights: { title: 10.0 } };
  // Results scoring under this share of the best one are noise (a word in passing).
  var SCORE_FLOOR = 0.1;
  // How many of the best results are read to put exact title matches first and to drop
  // matches on unrelated words.
  var CHECKED = 20;
  var FILTERS = ["type", "class"];

  var root = document.getElementById("app-site-search");
  if (!root || !window.URLSearchParams) {
    return;
  }
  var form = root.querySelector("form");
  var input = document.getElementById("app-site-search-input");
  var status = document.getElementById("app-site-search-status");
  var list = document.getElementById("app-site-search-results");
  var more = document.getElementById("app-site-search-more");
  var none = document.getElementById("app-site-search-none");
  var unfilter = document.getElementById("app-site-search-unfilter");
  var filtersPanel = document.getElementById("app-site-search-filters");
  var filtersSummary = filtersPanel.querySelector("summary");
  var wide = window.matchMedia("(min-width: 40.0625em)");

  var pagefind = null;
  var current = 0; // the latest search; an older one that finishes late is dropped
  var shown = []; // the results of the latest search, in order
  var rendered = 0;

  function normalise(text) {
    return text.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
      i += 1;
    }
    return i;
  }

  // Pagefind shortens a word it cannot find until something matches ("asdfgh" finds "as"):
  // a result only counts when one of its highlighted words shares at least three letters
  // (or the whole of a shorter word) with a word of the query.
  function matchesQuery(data, terms) {
    var marked = (data.excerpt.match(/<mark>[^<]*<\/mark>/g) || []).map(function (m) {
      return normalise(m.slice(6, -7));
    });
    return marked.some(function (word) {
      return terms.some(function (term) {
        return commonPrefix(word, term) >= Math.min(term.length, 3);
      });
    });
  }

  function selectedFilters() {
    var filters = {};
    FILTERS.forEach(function (name) {
      var values = Array.prototype.map.call(
        root.querySelectorAll('[data-filter="' + name + '"] input:checked'),
        function (box) { return box.value; });
      if (values.length) {
        filters[name] = { any: values };
      }
    });
    return filters;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // The excerpt as text with <mark> elements, parsed inertly and copied node by node.
  function excerptNode(html) {
    var paragraph = el("p", "govuk-body app-site-search__excerpt");
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    paragraph.appendChild(document.createTextNode("… "));
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        paragraph.appendChild(el("mark", "app-site-search__mark", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  // An excerpt that mostly repeats the title and summary shown above it adds nothing.
  function repeats(data) {
    var shown = {};
    normalise((data.meta.title || "") + " " + (data.meta.summary || "")).split(" ")
      .forEach(function (word) { shown[word] = true; });
    var words = normalise(data.excerpt.replace(/<[^>]*>/g, "")).split(" ");
    var repeated = words.filter(function (word) { return shown[word]; }).length;
    return repeated >= words.length * 0.7;
  }

  function resultItem(data) {
    var item = el("li", "app-site-search__result");
    var heading = el("h2", "govuk-heading-s app-site-search__result-title");
    var link = el("a", "govuk-link", data.meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var kinds = [].concat((data.filters || {}).type || [], (data.filters || {}).class || []);
    if (kinds.length) {
      var meta = el("ul", "app-site-search__result-meta");
      kinds.forEach(function (kind) { meta.appendChild(el("li", "", kind)); });
      item.appendChild(meta);
    }
    if (data.meta.summary) {
      item.appendChild(el("p", "govuk-body app-site-search__summary", data.meta.summary));
    }
    if (data.excerpt && !(data.meta.summary && repeats(data))) {
      item.appendChild(excerptNode(data.excerpt));
    }
    return item;
  }

  function showPage() {
    var search = current;
    var next = shown.slice(rendered, rendered + PAGE_SIZE);
    return Promise.all(next.map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (search !== current) {
          return;
        }
        var first = null;
        pages.forEach(function (data) {
          var item = resultItem(data);
          first = first || item;
          list.appendChild(item);
        });
        rendered += next.length;
        more.hidden = rendered >= shown.length;
        return first;
      });
  }

  function describe(count, query) {
    var words = count === 1 ? "1 result" : count + " results";
    if (count === 0) {
      words = "No results";
    }
    return query ? words + " for ‘" + query + "’" : words;
  }

  function clear() {
    list.textContent = "";
    more.hidden = true;
    none.hidden = true;
    rendered = 0;
    shown = [];
  }

  // The best results, with an exact title match first and unrelated matches dropped.
  function refine(results, query) {
    if (!query || !results.length) {
      return Promise.resolve(results);
    }
    var best = results[0].score;
    results = results.filter(function (r) { return r.score >= best * SCORE_FLOOR; });
    var terms = normalise(query).split(" ");
    var wanted = normalise(query);
    var head = results.slice(0, CHECKED);
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (pages) {
      var kept = [];
      var exact = [];
      head.forEach(function (result, i) {
        if (!matchesQuery(pages[i], terms)) {
          return;
        }
        (normalise(pages[i].meta.title || "") === wanted ? exact : kept).push(result);
      });
      if (!exact.length && !kept.length) {
        return [];
      }
      return exact.concat(kept, results.slice(CHECKED));
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = selectedFilters();
    var filtered = Object.keys(filters).length > 0;
    var search = ++current;
    clear();
    if (!query && !filtered) {
      status.textContent = "";
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    return pagefind.search(query || null, { filters: filters })
      .then(function (found) { return refine(found.results, query); })
      .then(function (results) {
        if (search !== current) {
          return;
        }
        shown = results;
        status.textContent = describe(results.length, query);
        none.hidden = results.length > 0;
        unfilter.hidden = !filtered;
        return showPage();
      })
      .then(function () {
        if (search === current) {
          list.removeAttribute("aria-busy");
        }
      });
  }

  // The query and filters in the address, so a search can be shared, bookmarked or reloaded.
  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) {
      params.set("q", input.value.trim());
    }
    var filters = selectedFilters();
    FILTERS.forEach(function (name) {
      ((filters[name] || {}).any || []).forEach(function (v) { params.append(name, v); });
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  // "Filter results (2 selected)": on a phone the panel starts closed, so say what is on.
  function countFilters() {
    var ticked = root.querySelectorAll("[data-filter] input:checked").length;
    filtersSummary.textContent = "Filter results" + (ticked ? " (" + ticked + " selected)" : "");
  }

  function addFilters(available, params) {
    FILTERS.forEach(function (name) {
      var group = root.querySelector('[data-filter="' + name + '"]');
      var values = Object.keys(available[name] || {}).sort();
      if (!group || values.length < 2) {
        return;
      }
      var boxes = group.querySelector(".govuk-checkboxes");
      var wanted = params.getAll(name);
      values.forEach(function (value, i) {
        var item = el("div", "govuk-checkboxes__item");
        var box = el("input", "govuk-checkboxes__input");
        box.type = "checkbox";
        box.id = "app-site-search-" + name + "-" + i;
        box.name = name;
        box.value = value;
        box.checked = wanted.indexOf(value) !== -1;
        var label = el("label", "govuk-label govuk-checkboxes__label", value);
        label.htmlFor = box.id;
        item.appendChild(box);
        item.appendChild(label);
        boxes.appendChild(item);
      });
      group.hidden = false;
      boxes.addEventListener("change", function () {
        countFilters();
        remember();
        run();
      });
    });
  }

  function start(module) {
    pagefind = module;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    return pagefind.options({ baseUrl: root.getAttribute("data-base-url"), ranking: RANKING })
      .then(function () { return pagefind.filters(); })
      .then(function (available) {
        addFilters(available, params);
        filtersPanel.open = wide.matches;
        countFilters();
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          remember();
          run();
        });
        more.addEventListener("click", function () {
          showPage().then(function (first) {
            if (first) {
              first.querySelector("a").focus();
            }
          });
        });
        return run();
      });
  }

  root.hidden = false;
  import(root.getAttribute("data-pagefind")).then(start).catch(function () {
    status.textContent = "Search is not working at the moment. You can still find " +
      "everything we publish in these lists:";
    none.hidden = false;
    document.getElementById("app-site-search-improve").hidden = true;
    form.hidden = true;
    filtersPanel.hidden = true;
  });
})();
