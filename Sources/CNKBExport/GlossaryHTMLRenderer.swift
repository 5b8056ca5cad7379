import CNKBModel
import Foundation

/// Renders a concept graph as a self-contained HTML glossary page with search and neighbourhood diagrams.
///
/// The page follows the Markdown glossary's rules (``GlossaryRenderer``): the same entries in the same order
/// under the same letters, abbreviations pointing to their expansion, and the same "See also" ranking. It needs
/// no network: styles and the search script are inline and a Content-Security-Policy forbids every fetch. Corpus
/// text is escaped for where it lands, links to sources are kept only for `http`, `https` and relative targets,
/// and diagrams are rewritten from an allowlist of SVG elements and attributes. The output is byte-identical for
/// the same graph and the same diagrams.
public enum GlossaryHTMLRenderer {
  /// The glossary page of every concept scoring at least `minimumScore`, as an HTML5 document.
  ///
  /// `diagrams` maps concept ids to SVG drawings of their neighbourhoods (Graphviz output); an entry shows its
  /// drawing, sanitised, when there is one. "See also" lists at most `seeAlsoLimit` related entries: typed
  /// relations before `related_to`, then heavier relations first, then by id.
  public static func render(
    _ graph: ConceptGraph, diagrams: [ConceptID: String] = [:], minimumScore: Double = 0,
    title: String = "Glossary", seeAlsoLimit: Int = 5
  ) -> String {
    render(
      GlossaryContent(graph, minimumScore: minimumScore, seeAlsoLimit: seeAlsoLimit), diagrams: diagrams, title: title)
  }

  /// The glossary page of `content`, as an HTML5 document, with `diagrams` as above.
  public static func render(
    _ content: GlossaryContent, diagrams: [ConceptID: String] = [:], title: String = "Glossary"
  ) -> String {
    var text = ""
    render(content, diagrams: diagrams, title: title, to: &text)
    return text
  }

  /// Writes the glossary page of `content` to `out` as it is made, with `diagrams` as above.
  ///
  /// A large glossary's page is tens of megabytes: written as it goes, it is never held whole.
  public static func render(
    _ content: GlossaryContent, diagrams: [ConceptID: String] = [:], title: String = "Glossary",
    to out: inout some TextOutputStream
  ) {
    func line(_ text: String) { writeLine(text, to: &out) }
    let concepts = content.concepts
    let byID = Dictionary(uniqueKeysWithValues: concepts.map { ($0.id, $0) })
    let sections = filedSections(concepts)
    let entryCount = sections.reduce(0) { $0 + $1.entries.count }
    let pointerCount = entryCount - concepts.count
    let heading = singleLine(title).isEmpty ? "Glossary" : singleLine(title)

    line("<!DOCTYPE html>")
    line("<html lang=\"en\">")
    line("<head>")
    line("<meta charset=\"utf-8\">")
    line("<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">")
    line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    line("<meta name=\"referrer\" content=\"no-referrer\">")
    line("<meta name=\"generator\" content=\"cnkb\">")
    line("<title>\(htmlText(heading))</title>")
    line("<style>\n\(GlossaryHTMLAssets.style)</style>")
    line("</head>")
    line("<body>")
    line("<header class=\"page-header\">")
    line("<h1 id=\"g_top\">\(htmlText(heading))</h1>")
    line(
      "<p class=\"count\">\(counted(entryCount, "entry", "entries")): \(counted(concepts.count, "concept", "concepts"))"
        + " and \(counted(pointerCount, "abbreviation", "abbreviations")) that point to their expansion.</p>")
    line("<div class=\"search\" id=\"g_search\" role=\"search\" hidden>")
    line("<label for=\"glossary-search\">Search the glossary</label>")
    line(
      "<input type=\"search\" id=\"glossary-search\" placeholder=\"Name, abbreviation or alias\" "
        + "autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"g_status\">")
    line("<p class=\"status\" id=\"g_status\" aria-live=\"polite\"></p>")
    line("</div>")
    if !sections.isEmpty {
      line("<nav class=\"letters\" id=\"g_index\" aria-label=\"Letters\">")
      line("<ul>")
      for section in sections {
        line(
          "<li><a href=\"\(fragmentHref(section.anchor))\" aria-label=\"\(htmlAttribute(section.spokenName))\">"
            + "\(htmlText(section.heading))</a></li>")
      }
      line("</ul>")
      line("</nav>")
    }
    line("</header>")
    line("<main id=\"g_entries\">")
    line("<p class=\"no-matches\" id=\"g_no_matches\" hidden>No entry matches your search.</p>")

    var diagramNumber = 0
    for section in sections {
      line("<section class=\"letter\" id=\"\(htmlAttribute(section.anchor))\">")
      line(
        "<h2>\(htmlText(section.heading)) "
          + "<a class=\"to-top\" href=\"#g_top\" aria-label=\"Back to the top\">↑</a></h2>")
      for entry in section.entries {
        if entry.isPointer {
          line(
            "<p class=\"entry pointer\" data-terms=\"\(htmlAttribute(searchTerms(of: entry.concept)))\">"
              + "<span class=\"term\">\(htmlText(entry.key))</span>: see \(link(to: entry.concept))</p>")
          continue
        }
        var svg: String?
        if let drawing = diagrams[entry.concept.id] {
          svg = InlineSVG.sanitized(
            drawing, idPrefix: "d\(diagramNumber + 1)_", label: "Neighbourhood of \(displayLabel(of: entry.concept))")
          if svg != nil { diagramNumber += 1 }
        }
        let seeAlso = (content.related[entry.concept.id] ?? []).compactMap { byID[$0.id] }
        article(entry.concept, seeAlso: seeAlso, svg: svg, to: &out)
      }
      line("</section>")
    }
    line("</main>")
    line("<script>\n\(GlossaryHTMLAssets.script)</script>")
    line("</body>")
    line("</html>")
  }

  /// The policy: nothing may be fetched; only the page's own inline style and script run.
  private static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    + "base-uri 'none'; form-action 'none'"

  // MARK: - Entries

  /// The entries under one letter heading.
  private struct Section {
    /// The letter, or nil for digits and symbols.
    var letter: String?
    var entries: [GlossaryIndexEntry]

    /// What the heading and the index show.
    var heading: String { letter ?? "#" }

    /// What a screen reader says for the index link.
    var spokenName: String { letter.map { "Letter \($0)" } ?? "Digits and symbols" }

    /// The section's anchor; the underscore keeps it apart from concept ids, which never contain one.
    var anchor: String { "g_letter_" + (letter ?? "symbols") }
  }

  /// Concepts and abbreviation pointers sorted and grouped by letter, digits and symbols first.
  private static func filedSections(_ concepts: [Concept]) -> [Section] {
    var sections: [Section] = []
    for entry in GlossaryIndexEntry.sorted(concepts) {
      let letter = entry.letter
      if let index = sections.firstIndex(where: { $0.letter == letter }) {
        sections[index].entries.append(entry)
      } else {
        sections.append(Section(letter: letter, entries: [entry]))
      }
    }
    return sections.filter { $0.letter == nil } + sections.filter { $0.letter != nil }
  }

  /// One concept's `<article>`: heading, category, definition, other names, links and diagram.
  private static func article(
    _ concept: Concept, seeAlso: [Concept], svg: String?, to out: inout some TextOutputStream
  ) {
    func line(_ text: String) { writeLine(text, to: &out) }
    let label = displayLabel(of: concept)
    line(
      "<article class=\"entry\" id=\"\(htmlAttribute(concept.id.rawValue))\" "
        + "data-terms=\"\(htmlAttribute(searchTerms(of: concept)))\">")
    var heading = "<h3><dfn>\(htmlText(label))</dfn>"
    if let abbreviation = displayedAbbreviation(of: concept) {
      heading +=
        " <span class=\"abbreviation\">(<abbr title=\"\(htmlAttribute(label))\">"
        + "\(htmlText(abbreviation))</abbr>)</span>"
    }
    heading +=
      " <a class=\"permalink\" href=\"\(fragmentHref(concept.id.rawValue))\" "
      + "aria-label=\"Link to this entry\">#</a></h3>"
    line(heading)

    if let category = concept.category.map(categoryInWords), !category.isEmpty {
      line("<p class=\"category\"><span class=\"field\">Category:</span> \(htmlText(category))</p>")
    }
    if concept.definition?.saysWhatItIs == false,
      let description = concept.description.map(singleLine), !description.isEmpty
    {
      line(
        "<p class=\"description\"><span class=\"field\">From the curated lexicon:</span> \(htmlText(description))</p>")
    }
    if let definition = concept.definition, !singleLine(definition.text).isEmpty {
      // A sentence that does not say what the term is is introduced as a use, not shown as a definition.
      if !definition.saysWhatItIs {
        line("<p class=\"usage\"><span class=\"field\">Where the corpus uses it:</span></p>")
      }
      let quoteClass = definition.saysWhatItIs ? "definition" : "usage"
      line("<blockquote class=\"\(quoteClass)\"><p>\(htmlText(singleLine(definition.text)))</p></blockquote>")
      let document = singleLine(definition.document)
      if !document.isEmpty {
        if let target = safeLinkTarget(definition.document) {
          line(
            "<p class=\"source\">— source: <a class=\"document\" href=\"\(htmlAttribute(target))\">"
              + "\(htmlText(document))</a></p>")
        } else {
          line("<p class=\"source\">— source: <span class=\"document\">\(htmlText(document))</span></p>")
        }
      }
    } else if let description = concept.description.map(singleLine), !description.isEmpty {
      line(
        "<p class=\"description\"><span class=\"field\">From the curated lexicon:</span> \(htmlText(description))</p>")
    }
    let aliases = otherNames(of: concept)
    if !aliases.isEmpty {
      line(
        "<p class=\"aliases\"><span class=\"field\">Also called:</span> "
          + aliases.map(htmlText).joined(separator: ", ") + "</p>")
    }
    if !seeAlso.isEmpty {
      line(
        "<p class=\"see-also\"><span class=\"field\">See also:</span> "
          + seeAlso.map(link(to:)).joined(separator: ", ") + "</p>")
    }
    if let svg {
      line("<figure class=\"diagram\">")
      line(svg)
      line(
        "<figcaption>Neighbourhood of \(htmlText(label)): the concepts it is most closely related to.</figcaption>")
      line("</figure>")
    }
    line("</article>")
  }

  /// What the search box matches an entry against: label, abbreviation and every alias, one per line.
  private static func searchTerms(of concept: Concept) -> String {
    var terms = [displayLabel(of: concept)]
    if let abbreviation = concept.abbreviation.map(singleLine), !abbreviation.isEmpty { terms.append(abbreviation) }
    terms += concept.aliases.map(singleLine).filter { !$0.isEmpty }
    return terms.joined(separator: "\n")
  }

  /// A link to a concept's entry, with its label as text.
  private static func link(to concept: Concept) -> String {
    "<a href=\"\(fragmentHref(concept.id.rawValue))\">\(htmlText(displayLabel(of: concept)))</a>"
  }

  /// Writes one line of the page.
  private static func writeLine(_ text: String, to out: inout some TextOutputStream) {
    out.write(text)
    out.write("\n")
  }
}
