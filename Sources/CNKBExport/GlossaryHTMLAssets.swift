/// The style sheet and script the HTML glossary carries inline.
///
/// Neither refers to anything outside the page: system fonts, no images, no fetches. The script reads entries
/// through `dataset` and writes only `textContent`, `hidden` and classes, so corpus text never becomes markup.
enum GlossaryHTMLAssets {
  /// The page's CSS: a fluid single column, a print layout without the search controls.
  static let style = """
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body {
      margin: 0; color: #1f2328; background: #fff;
      font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
    }
    .page-header, main { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
    main { padding-bottom: 3rem; }
    h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 0.25rem; }
    a { color: #0b5cad; }
    a:focus-visible, input:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
    .count { color: #57606a; margin: 0 0 1rem; }
    .search { margin: 0 0 0.75rem; }
    .search label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
    #glossary-search {
      width: 100%; max-width: 30rem; font: inherit; padding: 0.5rem 0.75rem;
      border: 1px solid #8c959f; border-radius: 0.375rem; background: #fff; color: inherit;
    }
    .status { min-height: 1.5em; margin: 0.25rem 0 0; color: #57606a; font-size: 0.9rem; }
    .letters ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0 0 1.5rem; padding: 0; }
    .letters a {
      display: inline-block; min-width: 2.2rem; padding: 0.3rem 0.5rem; text-align: center;
      border: 1px solid #d0d7de; border-radius: 0.375rem; text-decoration: none; font-weight: 600;
    }
    .letters a:hover { background: #f3f6f9; }
    .letters a.empty { color: #8c959f; border-style: dashed; font-weight: 400; pointer-events: none; }
    section.letter > h2 {
      font-size: 1.5rem; margin: 2rem 0 0.25rem; padding-bottom: 0.2rem; border-bottom: 2px solid #d0d7de;
    }
    .to-top { font-size: 0.9rem; font-weight: 400; text-decoration: none; margin-left: 0.4rem; }
    .entry { margin: 0; padding: 0.75rem 0.5rem; border-bottom: 1px solid #eaeef2; scroll-margin-top: 0.5rem; }
    .entry:target { background: #fff8c5; }
    article.entry h3 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 0.3rem; }
    dfn { font-style: normal; }
    abbr { text-decoration: none; }
    .abbreviation { font-weight: 400; color: #57606a; }
    .permalink { margin-left: 0.3rem; color: #8c959f; text-decoration: none; font-weight: 400; opacity: 0; }
    article.entry:hover .permalink, .permalink:focus { opacity: 1; }
    .entry p { margin: 0.3rem 0; }
    .field { font-weight: 600; }
    .pointer .term { font-weight: 600; }
    blockquote.definition {
      margin: 0.5rem 0 0; padding: 0.3rem 0.8rem; border-left: 4px solid #c8d1da; background: #f6f8fa;
    }
    blockquote.usage { margin: 0.2rem 0 0; padding: 0.1rem 0.8rem; border-left: 4px solid #eaeef2; color: #424a53; }
    .source { font-size: 0.9rem; color: #57606a; }
    .document { overflow-wrap: anywhere; }
    figure.diagram {
      margin: 0.75rem 0 0.25rem; padding: 0.5rem; border: 1px solid #eaeef2; border-radius: 0.375rem;
      background: #fff;
    }
    figure.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figure.diagram figcaption { font-size: 0.85rem; color: #57606a; margin-top: 0.3rem; text-align: center; }
    .no-matches { padding: 1rem; margin: 1rem 0; background: #f6f8fa; border-radius: 0.375rem; }
    [hidden] { display: none !important; }
    @media (max-width: 36rem) {
      h1 { font-size: 1.6rem; }
      .page-header, main { padding: 0 0.75rem; }
      .entry { padding: 0.6rem 0.25rem; }
    }
    @media print {
      .search, .letters, .to-top, .permalink, .no-matches { display: none !important; }
      body { color: #000; font-size: 11pt; }
      .page-header, main { max-width: none; padding: 0; }
      a { color: inherit; text-decoration: none; }
      .entry { break-inside: avoid; page-break-inside: avoid; }
      .entry:target { background: none; }
      section.letter > h2 { break-after: avoid; page-break-after: avoid; }
      blockquote.definition, blockquote.usage { background: none; }
      figure.diagram { border: 0; padding: 0; }
      figure.diagram svg { max-height: 9cm; }
    }

    """

  /// The search: shows the entries whose label, abbreviation or aliases contain the query, ignoring case.
  ///
  /// Letters without a visible entry are hidden (and dimmed in the index), a message appears when nothing
  /// matches, and following a link to a hidden entry clears the search first.
  static let script = """
    (function () {
      "use strict";
      var input = document.querySelector("input#glossary-search");
      var box = document.getElementById("g_search");
      var status = document.getElementById("g_status");
      var none = document.getElementById("g_no_matches");
      var main = document.getElementById("g_entries");
      if (!input || !box || !status || !none || !main) { return; }
      var sections = Array.prototype.filter.call(main.children, function (child) {
        return child.matches("section.letter");
      });
      var index = document.getElementById("g_index");
      var letters = index ? Array.prototype.slice.call(index.querySelectorAll("a")) : [];
      var entries = [];
      sections.forEach(function (section) {
        Array.prototype.forEach.call(section.children, function (child) {
          if (child.classList.contains("entry")) {
            entries.push({ element: child, section: section, terms: (child.dataset.terms || "").toLowerCase() });
          }
        });
      });

      function apply() {
        var query = input.value.trim().toLowerCase();
        var shown = 0;
        var occupied = new Set();
        entries.forEach(function (entry) {
          var match = query === "" || entry.terms.indexOf(query) !== -1;
          entry.element.hidden = !match;
          if (match) {
            shown += 1;
            occupied.add(entry.section);
          }
        });
        sections.forEach(function (section, position) {
          var empty = !occupied.has(section);
          section.hidden = empty;
          var letter = letters[position];
          if (letter) {
            letter.classList.toggle("empty", empty);
            if (empty) {
              letter.setAttribute("aria-disabled", "true");
            } else {
              letter.removeAttribute("aria-disabled");
            }
          }
        });
        none.hidden = shown > 0 || query === "";
        status.textContent = query === "" ? "" :
          (shown === 1 ? "1 entry" : shown + " entries") + " of " + entries.length + " match.";
      }

      function targetOf(link) {
        var href = link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href") || "";
        if (href.charAt(0) !== "#") { return null; }
        try {
          return document.getElementById(decodeURIComponent(href.slice(1)));
        } catch (error) {
          return null;
        }
      }

      function clearIfHidden(target) {
        if (target && main.contains(target) && target.closest("[hidden]")) {
          input.value = "";
          apply();
          return true;
        }
        return false;
      }

      document.addEventListener("click", function (event) {
        var link = event.target instanceof Element ? event.target.closest("a") : null;
        if (link) { clearIfHidden(targetOf(link)); }
      });
      window.addEventListener("hashchange", function () {
        var target = null;
        try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (error) { }
        if (clearIfHidden(target)) { target.scrollIntoView(); }
      });
      input.addEventListener("input", apply);
      input.addEventListener("search", apply);
      box.hidden = false;
      apply();
    })();

    """
}
