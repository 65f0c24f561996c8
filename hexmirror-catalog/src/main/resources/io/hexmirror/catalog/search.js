// Package search over the mirror's static index (search-index.json), for mirrors served as plain files.
// The rules are those of the server's search (see docs/web.md): exact name, then names starting with the
// query, then name words and substrings, then the description; filters depends:, build_tool:, license:.
// Results are built with textContent only: no package text is ever parsed as HTML.
(function () {
  "use strict";
  var EXACT = 1000, PREFIX = 30, NAME_WORD = 30, NAME_SUBSTRING = 15, DESCRIPTION = 10, SYNONYM = 6, POPULARITY = 10, SHOWN = 100;

  function words(text) {
    return text.toLowerCase().split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
  }

  function stem(word) {
    var w = word, n = w.length;
    if (n > 4 && /ies$/.test(w)) w = w.slice(0, n - 3) + "y";
    else if (n > 5 && /ing$/.test(w)) w = w.slice(0, n - 3);
    else if (n > 5 && /ers$/.test(w)) w = w.slice(0, n - 3);
    else if (n > 4 && /er$/.test(w)) w = w.slice(0, n - 2);
    else if (n > 4 && /es$/.test(w)) w = w.slice(0, n - 2);
    else if (n > 4 && /ed$/.test(w)) w = w.slice(0, n - 2);
    else if (n > 3 && /s$/.test(w) && !/ss$/.test(w)) w = w.slice(0, n - 1);
    if (w.length > 4 && /e$/.test(w)) w = w.slice(0, w.length - 1);
    return w;
  }

  function parse(query, sortParameter, rules) {
    var q = { text: "", terms: [], depends: null, buildTool: null, license: null, sort: "relevance" };
    var rest = [];
    query.trim().split(/\s+/).forEach(function (token) {
      var lower = token.toLowerCase();
      if (lower.indexOf("depends:") === 0 && lower.length > 8) q.depends = lower.slice(8);
      else if (lower.indexOf("build_tool:") === 0 && lower.length > 11) q.buildTool = lower.slice(11);
      else if (lower.indexOf("license:") === 0 && lower.length > 8) q.license = lower.slice(8);
      else if (lower.indexOf("sort:") === 0 && lower.length > 5) q.sort = sortName(lower.slice(5));
      else if (token.length > 0) rest.push(token);
    });
    if (sortParameter) q.sort = sortName(sortParameter);
    q.text = rest.join(" ");
    var all = words(q.text);
    var kept = all.filter(function (w) { return rules.stop.indexOf(w) < 0; });
    (kept.length > 0 ? kept : all).forEach(function (word) {
      var s = stem(word);
      if (!q.terms.some(function (t) { return t.stem === s; })) {
        q.terms.push({ word: word, stem: s, synonyms: rules.syn[s] || [] });
      }
    });
    q.nameForm = q.text.trim().toLowerCase().replace(/[\s-]+/g, "_");
    return q;
  }

  function sortName(text) {
    var t = text.toLowerCase();
    return t === "name" || t === "updated" ? t : "relevance";
  }

  function prepare(index) {
    return index.p.map(function (p) {
      var nameStems = {}, descStems = {};
      words(p[0]).forEach(function (w) { nameStems[stem(w)] = true; });
      words(p[2]).forEach(function (w) { descStems[stem(w)] = true; });
      return {
        name: p[0], lower: p[0].toLowerCase(), version: p[1], description: p[2], day: p[3],
        tools: p[4].toLowerCase().split(" "), licenses: p[5].toLowerCase().split("\n"), deps: p[6], dependents: p[7], retired: p[8] === 1,
        nameStems: nameStems, descStems: descStems
      };
    });
  }

  function termScore(pkg, term) {
    if (pkg.nameStems[term.stem]) return NAME_WORD;
    if (pkg.lower.indexOf(term.word) >= 0) return NAME_SUBSTRING;
    if (pkg.descStems[term.stem]) return DESCRIPTION;
    for (var i = 0; i < term.synonyms.length; i++) {
      if (pkg.descStems[term.synonyms[i]]) return SYNONYM;
    }
    return 0;
  }

  function passes(pkg, q, packages) {
    if (q.depends !== null && !pkg.deps.some(function (d) {
      return (typeof d === "number" ? packages[d].lower : d.toLowerCase()) === q.depends;
    })) return false;
    if (q.buildTool !== null && pkg.tools.indexOf(q.buildTool) < 0) return false;
    if (q.license !== null && !pkg.licenses.some(function (l) { return l.indexOf(q.license) >= 0; })) return false;
    return true;
  }

  function search(packages, q) {
    function run(requireAll) {
      var hits = [];
      packages.forEach(function (pkg) {
        if (!passes(pkg, q, packages)) return;
        var nameScore = 0;
        if (q.nameForm.length > 0) {
          if (pkg.lower === q.nameForm) nameScore = EXACT;
          else if (pkg.lower.indexOf(q.nameForm) === 0) nameScore = PREFIX;
        }
        var sum = 0, matched = 0;
        q.terms.forEach(function (t) { var s = termScore(pkg, t); if (s > 0) { matched++; sum += s; } });
        var score;
        if (q.terms.length === 0) score = nameScore;
        else if (requireAll) {
          if (matched < q.terms.length && nameScore === 0) return;
          score = nameScore + (matched === q.terms.length ? sum : 0);
        } else {
          if (matched === 0 && nameScore === 0) return;
          score = nameScore + sum;
        }
        hits.push({ pkg: pkg, score: score + popularity(pkg.dependents) });
      });
      return hits;
    }
    var hits = run(true);
    if (hits.length === 0 && q.terms.length > 0) hits = run(false);
    hits.sort(function (a, b) {
      if (q.sort === "name") return compare(a.pkg.name, b.pkg.name);
      if (q.sort === "updated") return (b.pkg.day - a.pkg.day) || compare(a.pkg.name, b.pkg.name);
      return (b.score - a.score) || (b.pkg.dependents - a.pkg.dependents) || compare(a.pkg.name, b.pkg.name);
    });
    return hits.map(function (h) { return h.pkg; });
  }

  // Points per doubling of the packages that depend on a package, rounded to a tenth as the server does.
  function popularity(dependents) {
    return Math.round(POPULARITY * 10 * Math.log(1 + dependents) / Math.log(2)) / 10;
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function day(days) {
    return new Date(days * 86400000).toISOString().slice(0, 10);
  }

  function render(results, q, status, list) {
    while (list.firstChild) list.removeChild(list.firstChild);
    results.slice(0, SHOWN).forEach(function (pkg) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "name";
      a.href = "packages/" + encodeURIComponent(pkg.name) + ".html";
      a.textContent = pkg.name;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      var v = document.createElement("span");
      v.className = "version";
      v.textContent = pkg.version;
      li.appendChild(v);
      if (pkg.retired) {
        var r = document.createElement("span");
        r.className = "badge retired";
        r.textContent = "retired";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(r);
      }
      var d = document.createElement("span");
      d.className = "muted";
      d.textContent = " " + day(pkg.day);
      li.appendChild(d);
      if (pkg.description) {
        li.appendChild(document.createElement("br"));
        var p = document.createElement("span");
        p.className = "description";
        p.textContent = pkg.description;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    var n = results.length;
    status.textContent = n + (n === 1 ? " package" : " packages") + " found" + (n > SHOWN ? ", the first " + SHOWN + " shown" : "") + ".";
  }

  var api = { parse: parse, prepare: prepare, search: search, stem: stem, words: words };
  window.hexmirrorSearch = api;

  function start() {
    var status = document.getElementById("status");
    var list = document.getElementById("results");
    if (!status || !list) return;
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    var sort = params.get("sort") || "";
    var form = document.querySelector("form.search");
    if (form) {
      form.elements.q.value = query;
      if (sort && form.elements.sort) form.elements.sort.value = sortName(sort);
    }
    if (!query.trim()) {
      status.textContent = "Type a name or what you need, such as \u201ccsv parser\u201d.";
      return;
    }
    status.textContent = "Searching\u2026";
    fetch("search-index.json").then(function (response) {
      if (!response.ok) throw new Error("the search index could not be loaded (" + response.status + ")");
      return response.json();
    }).then(function (index) {
      var packages = prepare(index);
      api.ready = { index: index, packages: packages };
      var q = parse(query, sort, index);
      render(search(packages, q), q, status, list);
    }).catch(function (e) {
      status.textContent = "Search failed: " + e.message;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
