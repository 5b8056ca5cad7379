import CNKBExport
import CNKBPipeline
import Foundation
import Logging
import Testing
import _CNKBTestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The HTML glossary of the seed corpus in a real headless Chromium, driven over WebDriver by chromedriver.
///
/// One browser session: search, clear, follow a "See also" link, check the phone layout, take screenshots.
@Suite(.serialized) struct GlossaryBrowserTests {
  /// Where the screenshots are kept after the run (the system's temporary folder), for a person to look at.
  static let screenshotFolder = FileManager.default.temporaryDirectory.appendingPathComponent("cnkb-glossary-browser")

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func searchLinksAndLayoutWorkInChromium() throws {
    guard let browser = Browser.findOrInstall() else {
      print(
        "skipped: no Chromium and chromedriver, and they could not be installed "
          + "(apt-get install chromium chromium-driver)")
      return
    }
    let temp = try TemporaryDirectory("cnkb-glossary-browser")
    let seed = try #require(Fixtures.seedFeedURL).path
    let out = temp.url.appendingPathComponent("out")
    let build = try CommandRunner.run(["build", seed, "--out", out.path], in: temp.url)
    try #require(build.exitCode == 0, "\(build.stderr)")
    let page = try glossaryPage(in: out)
    let nodes = try graphNodes(in: out)

    let driver = try ChromeDriver.start(browser)
    defer { driver.stop() }
    let session = try driver.newSession()
    do {
      try exercise(session, page: page, nodes: nodes)
    } catch {
      try? session.end()
      throw error
    }
    try session.end()
  }

  /// The steps, in one browser session.
  private func exercise(_ session: WebDriverSession, page: URL, nodes: [String: [String]]) throws {
    try session.post("url", ["url": page.absoluteString])
    let title = try session.get("title") as? String
    #expect(title == "Glossary")

    // 1. Typing "vlan" (real key events) leaves exactly the entries whose names contain it.
    let search = try session.element("input#glossary-search")
    try session.post("element/\(search)/click", [:])
    try session.post("element/\(search)/value", ["text": "vlan"])
    let filtered = try state(of: session)
    #expect(filtered.query == "vlan")
    let expected = Set(nodes.filter { $0.value.contains { $0.lowercased().contains("vlan") } }.keys)
    for entry in filtered.entries {
      let matches = expected.contains(entry.concept)
      #expect(
        entry.visible == matches,
        "\(entry.pointer ? "pointer to " : "")\(entry.concept) is \(entry.visible ? "shown" : "hidden")")
    }
    // MACvlan, IPvlan and VLAN themselves (whatever their expansions are called) are among them; Calico is not.
    let shown = Set(filtered.entries.filter(\.visible).map(\.concept))
    let present = Set(filtered.entries.map(\.concept))
    for name in ["macvlan", "ipvlan", "vlan"] {
      let named = nodes.filter { $0.value.contains { $0.lowercased() == name } }.keys.filter(present.contains)
      #expect(!named.isEmpty, "the seed graph has no concept called \(name)")
      #expect(named.allSatisfy(shown.contains), "\(name): \(named.sorted()) are not all in \(shown.sorted())")
    }
    #expect(!shown.contains("calico"))
    #expect(filtered.entries.contains { $0.concept == "calico" && !$0.visible })
    for section in filtered.sections {
      #expect(section.visible == (section.visibleEntries > 0), "letter section \(section.id)")
    }
    #expect(filtered.sections.contains { !$0.visible })
    #expect(!filtered.noMatches)
    #expect(filtered.status.hasSuffix("match."), "\(filtered.status)")

    // 2. A query that matches nothing says so.
    try session.post("element/\(search)/value", ["text": "qq"])
    let nothing = try state(of: session)
    #expect(nothing.entries.allSatisfy { !$0.visible })
    #expect(nothing.sections.allSatisfy { !$0.visible })
    #expect(nothing.noMatches)

    // 3. Clearing the box with backspaces shows everything again.
    try session.post("element/\(search)/value", ["text": String(repeating: "\u{E003}", count: 6)])
    let cleared = try state(of: session)
    #expect(cleared.query.isEmpty)
    #expect(cleared.entries.allSatisfy { $0.visible })
    #expect(cleared.sections.allSatisfy { $0.visible })
    #expect(!cleared.noMatches)

    // 4. A "See also" link goes to its entry: the hash names it, it is the :target and on screen.
    let macvlan = try #require(nodes.first { $0.value.dropFirst().contains("MACvlan") }?.key, "no MACvlan")
    let link = try session.element("article#\(macvlan) .see-also a")
    let href = try #require(try session.get("element/\(link)/attribute/href") as? String)
    #expect(href.hasPrefix("#"))
    let target = String(href.dropFirst())
    try session.post("element/\(link)/click", [:])
    let location = try #require(try session.get("url") as? String)
    #expect(location.hasSuffix("#" + target), "\(location)")
    let landing = try #require(
      try session.execute(
        """
        const target = document.querySelector(":target");
        const box = target ? target.getBoundingClientRect() : null;
        return { id: target ? target.id : "", top: box ? box.top : -1, height: window.innerHeight,
          scrolled: window.scrollY, article: target ? target.tagName : "" };
        """) as? [String: Any])
    #expect(landing["id"] as? String == target.removingPercentEncoding)
    #expect(landing["article"] as? String == "ARTICLE")
    let top = (landing["top"] as? NSNumber)?.doubleValue ?? -1
    let height = (landing["height"] as? NSNumber)?.doubleValue ?? 0
    #expect(top >= -1 && top < height, "the target is at \(top) in a \(height)px window")
    #expect(((landing["scrolled"] as? NSNumber)?.doubleValue ?? 0) > 0)

    // 5. A link to an entry the search hides clears the search and still arrives.
    try session.post("element/\(search)/value", ["text": "vlan"])
    let hiddenTarget = try #require(
      try session.execute(
        """
        for (const link of document.querySelectorAll("article.entry:not([hidden]) .see-also a")) {
          const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
          if (target && target.closest("[hidden]")) { link.scrollIntoView(); return link.getAttribute("href"); }
        }
        return "";
        """) as? String)
    if !hiddenTarget.isEmpty {
      let hiddenLink = try session.element("article.entry:not([hidden]) .see-also a[href='\(hiddenTarget)']")
      try session.post("element/\(hiddenLink)/click", [:])
      let revealed = try state(of: session)
      #expect(revealed.query.isEmpty)
      #expect(revealed.entries.allSatisfy { $0.visible })
      #expect(try session.get("url") as? String == page.absoluteString + hiddenTarget)
    }

    // 6. Desktop screenshot.
    try session.execute("window.scrollTo(0, 0); return true;")
    let desktop = try screenshot(session, name: "glossary-desktop.png")

    // 7. On a phone-sized window nothing overflows sideways and diagrams shrink to fit.
    try session.post("window/rect", ["width": 390, "height": 844])
    try session.post("url", ["url": page.absoluteString])
    let phone = try #require(
      try session.execute(
        """
        const svgs = [...document.querySelectorAll("figure.diagram svg")];
        return { width: window.innerWidth, scroll: document.documentElement.scrollWidth, diagrams: svgs.length,
          widest: Math.max(0, ...svgs.map((svg) => svg.getBoundingClientRect().right)) };
        """) as? [String: Any])
    let width = (phone["width"] as? NSNumber)?.doubleValue ?? 0
    #expect(width > 300 && width < 500, "\(phone)")
    #expect(((phone["scroll"] as? NSNumber)?.doubleValue ?? .infinity) <= width + 1, "\(phone)")
    #expect(((phone["widest"] as? NSNumber)?.doubleValue ?? .infinity) <= width + 1, "\(phone)")
    if Graphviz().isAvailable {
      #expect(((phone["diagrams"] as? NSNumber)?.intValue ?? 0) > 10, "\(phone)")
    }
    try session.execute(
      "document.querySelector(\"figure.diagram\").scrollIntoView(); return true;")
    let mobile = try screenshot(session, name: "glossary-phone.png")

    // 8. The page ran without errors or blocked loads (CSP violations are logged as errors).
    do {
      let log = try session.post("se/log", ["type": "browser"]) as? [[String: Any]] ?? []
      let severe = log.filter { ($0["level"] as? String) == "SEVERE" }.compactMap { $0["message"] as? String }
      #expect(severe.isEmpty, "\(severe)")
      print("browser log: \(log.count) messages, \(severe.count) errors")
    } catch {
      print("the browser's log is not available (\(error)); not checked")
    }

    // 9. The policy is in force: an image from the network is refused before any request is made.
    let refused = try session.executeAsync(
      """
      const done = arguments[arguments.length - 1];
      document.addEventListener("securitypolicyviolation", (event) => done(event.effectiveDirective));
      const image = new Image();
      image.src = "https://example.invalid/pixel.png";
      setTimeout(() => done("not refused"), 3000);
      """)
    #expect(refused as? String == "img-src")

    // 10. The screenshots are real pictures: PNGs of the window's size with many colours, mostly not blank.
    for (png, minimumWidth) in [(desktop, 1000), (mobile, 300)] {
      let size = try #require(pngSize(png.data), "\(png.url.path) is not a PNG")
      #expect(size.width >= minimumWidth && size.height >= 500, "\(png.url.path): \(size)")
    }
    try session.post("url", ["url": "about:blank"])
    for png in [desktop, mobile] {
      let colours = try #require(
        try session.executeAsync(
          """
          const done = arguments[arguments.length - 1];
          const image = new Image();
          image.onload = () => {
            const canvas = document.createElement("canvas");
            canvas.width = image.width; canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, image.width, image.height).data;
            const seen = new Set();
            let ink = 0;
            for (let i = 0; i < pixels.length; i += 4) {
              seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
              if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) { ink += 1; }
            }
            done({ colours: seen.size, ink: ink / (pixels.length / 4) });
          };
          image.onerror = () => done({ colours: 0, ink: 0 });
          image.src = "data:image/png;base64," + arguments[0];
          """, [png.data.base64EncodedString()]) as? [String: Any])
      let distinct = (colours["colours"] as? NSNumber)?.intValue ?? 0
      let ink = (colours["ink"] as? NSNumber)?.doubleValue ?? 0
      #expect(distinct > 20, "\(png.url.path): \(distinct) colours")
      #expect(ink > 0.01 && ink < 0.9, "\(png.url.path): \(ink) of the pixels are dark")
      print("screenshot: \(png.url.path) (\(distinct) colours, \(Int(ink * 100))% ink)")
    }
  }

  // MARK: - The page and the graph

  /// `glossary.html` as `cnkb build` writes it, or, until it does, the page rendered from the stored graph.
  private func glossaryPage(in out: URL) throws -> URL {
    let page = out.appendingPathComponent("glossary.html")
    if FileManager.default.fileExists(atPath: page.path) { return page }
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let graph = try KnowledgeBase(databasePath: out.appendingPathComponent("kb.sqlite").path, logger: logger)
      .loadGraph()
    let minimumScore = ExportOptions().glossaryMinimumScore
    let graphviz = Graphviz()
    let diagrams = graphviz.isAvailable ? try graphviz.glossaryDiagrams(for: graph, minimumScore: minimumScore) : [:]
    let html = GlossaryHTMLRenderer.render(graph, diagrams: diagrams, minimumScore: minimumScore)
    try Data(html.utf8).write(to: page)
    return page
  }

  /// Each concept's names from `graph.json` (label, abbreviation and aliases), by id.
  private func graphNodes(in out: URL) throws -> [String: [String]] {
    let data = try Data(contentsOf: out.appendingPathComponent("graph.json"))
    let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let nodes = try #require(graph["nodes"] as? [[String: Any]])
    var names: [String: [String]] = [:]
    for node in nodes {
      guard let id = node["id"] as? String else { continue }
      names[id] =
        [node["label"] as? String, node["abbreviation"] as? String].compactMap { $0 }
        + ((node["aliases"] as? [String]) ?? [])
    }
    return names
  }

  // MARK: - Reading the page

  /// What the page shows while a search is typed.
  private struct PageState {
    struct Entry {
      var concept: String
      var pointer: Bool
      var visible: Bool
    }
    struct Section {
      var id: String
      var visible: Bool
      var visibleEntries: Int
    }
    var query: String
    var entries: [Entry]
    var sections: [Section]
    var noMatches: Bool
    var status: String
  }

  /// Which entries and letter sections are rendered (have layout boxes) right now.
  private func state(of session: WebDriverSession) throws -> PageState {
    let value = try #require(
      try session.execute(
        """
        const shown = (element) => element.getClientRects().length > 0;
        const entries = [...document.querySelectorAll("#g_entries > section.letter > .entry")].map((entry) => {
          const pointer = entry.classList.contains("pointer");
          const concept = pointer
            ? decodeURIComponent(entry.querySelector("a").getAttribute("href").slice(1)) : entry.id;
          return { concept, pointer, visible: shown(entry) };
        });
        const sections = [...document.querySelectorAll("#g_entries > section.letter")].map((section) => ({
          id: section.id, visible: shown(section),
          visibleEntries: [...section.querySelectorAll(".entry")].filter(shown).length }));
        return { query: document.querySelector("input#glossary-search").value, entries, sections,
          noMatches: shown(document.getElementById("g_no_matches")),
          status: document.getElementById("g_status").textContent };
        """) as? [String: Any])
    let entries = ((value["entries"] as? [[String: Any]]) ?? []).map {
      PageState.Entry(
        concept: $0["concept"] as? String ?? "", pointer: $0["pointer"] as? Bool ?? false,
        visible: $0["visible"] as? Bool ?? false)
    }
    let sections = ((value["sections"] as? [[String: Any]]) ?? []).map {
      PageState.Section(
        id: $0["id"] as? String ?? "", visible: $0["visible"] as? Bool ?? false,
        visibleEntries: ($0["visibleEntries"] as? NSNumber)?.intValue ?? 0)
    }
    #expect(entries.count > 50, "the page has only \(entries.count) entries")
    return PageState(
      query: value["query"] as? String ?? "", entries: entries, sections: sections,
      noMatches: value["noMatches"] as? Bool ?? false, status: value["status"] as? String ?? "")
  }

  /// Takes a screenshot of the window and keeps it in ``screenshotFolder``.
  private func screenshot(_ session: WebDriverSession, name: String) throws -> (url: URL, data: Data) {
    let encoded = try #require(try session.get("screenshot") as? String)
    let data = try #require(Data(base64Encoded: encoded))
    try FileManager.default.createDirectory(at: Self.screenshotFolder, withIntermediateDirectories: true)
    let url = Self.screenshotFolder.appendingPathComponent(name)
    try data.write(to: url)
    return (url, data)
  }

  /// The width and height in a PNG's header, or nil when the data is not a PNG.
  private func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
      bytes[12..<16].elementsEqual(Array("IHDR".utf8))
    else { return nil }
    let number = { (offset: Int) in bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (number(16), number(20))
  }
}

// MARK: - Browser and driver

/// The Chromium and chromedriver executables.
struct Browser {
  var chromium: String
  var chromedriver: String

  /// The installed browser and driver, installing Debian's `chromium` and `chromium-driver` when missing.
  ///
  /// Installs with apt-get (through `sudo -n` unless root), refreshing the package lists once if the first
  /// attempt fails. Nil when neither is possible.
  static func findOrInstall() -> Browser? {
    if let found = find() { return found }
    let aptGet = ["/usr/bin/apt-get", "/bin/apt-get"].first(where: FileManager.default.isExecutableFile)
    guard let aptGet else { return nil }
    let prefix = getuid() == 0 ? [] : ["/usr/bin/sudo", "-n"]
    let install = prefix + [aptGet, "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver"]
    print("installing Chromium for the browser test: \(install.joined(separator: " "))")
    if run(install) != 0 {
      _ = run(prefix + [aptGet, "update", "-q"])
      _ = run(install)
    }
    return find()
  }

  /// The browser and driver on PATH or in Debian's places.
  private static func find() -> Browser? {
    let folders =
      (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
      + ["/usr/bin", "/usr/lib/chromium"]
    func first(_ names: [String]) -> String? {
      for name in names {
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
          return folder + "/" + name
        }
      }
      return nil
    }
    guard let chromium = first(["chromium", "chromium-browser", "google-chrome"]),
      let chromedriver = first(["chromedriver"])
    else { return nil }
    return Browser(chromium: chromium, chromedriver: chromedriver)
  }

  /// Runs a command with its output going to this process's, and returns its exit status (-1 if it cannot start).
  private static func run(_ command: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    var environment = ProcessInfo.processInfo.environment
    environment["DEBIAN_FRONTEND"] = "noninteractive"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
  }
}

/// A failed WebDriver command, with the driver's error and message.
struct WebDriverError: Error, CustomStringConvertible {
  var description: String
}

/// A running chromedriver on a local port.
final class ChromeDriver {
  let browser: Browser
  let port: UInt16
  private let process: Process
  private let log: URL

  private init(browser: Browser, port: UInt16, process: Process, log: URL) {
    self.browser = browser
    self.port = port
    self.process = process
    self.log = log
  }

  /// Starts chromedriver on a free port and waits until it answers.
  static func start(_ browser: Browser) throws -> ChromeDriver {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cnkb-chromedriver-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    for _ in 0..<5 {
      let port = UInt16.random(in: 20_000..<60_000)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: browser.chromedriver)
      process.arguments = ["--port=\(port)", "--log-path=\(log.path)"]
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      let driver = ChromeDriver(browser: browser, port: port, process: process, log: log)
      for _ in 0..<100 where process.isRunning {
        let status = try? WebDriverSession.request(port: port, "GET", "/status", nil) as? [String: Any]
        if status?["ready"] as? Bool == true { return driver }
        usleep(100_000)
      }
      driver.stop()
    }
    throw WebDriverError(description: "chromedriver did not start; see \(log.path)")
  }

  /// Opens a headless browser window of 1280 × 900 pixels.
  func newSession() throws -> WebDriverSession {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("cnkb-chromium-\(UUID().uuidString)")
    let capabilities: [String: Any] = [
      "capabilities": [
        "alwaysMatch": [
          "browserName": "chrome",
          "goog:loggingPrefs": ["browser": "ALL"],
          "goog:chromeOptions": [
            "binary": browser.chromium,
            "args": [
              "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
              "--window-size=1280,900", "--force-device-scale-factor=1", "--no-first-run",
              "--user-data-dir=\(profile.path)",
            ],
          ],
        ]
      ]
    ]
    let value = try WebDriverSession.request(port: port, "POST", "/session", capabilities) as? [String: Any]
    guard let session = value?["sessionId"] as? String else {
      throw WebDriverError(description: "no session in \(String(describing: value))")
    }
    let granted = value?["capabilities"] as? [String: Any]
    print("browser: \(granted?["browserName"] ?? "?") \(granted?["browserVersion"] ?? "?")")
    return WebDriverSession(port: port, prefix: "/session/\(session)/", profile: profile)
  }

  /// Stops chromedriver.
  ///
  /// With SIGKILL: a process started from a Dispatch thread inherits a signal mask that blocks SIGTERM.
  func stop() {
    guard process.isRunning else { return }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}

/// One browser session: WebDriver commands relative to `/session/{id}/`.
struct WebDriverSession {
  let port: UInt16
  let prefix: String
  let profile: URL

  /// Sends a WebDriver command and returns its `value`, throwing the driver's error when it reports one.
  static func request(port: UInt16, _ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
    let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
    let data = try LocalHTTP.exchange(port: port, method: method, path: path, body: payload)
    let reply = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
    let value = reply?["value"]
    if let failure = value as? [String: Any], let error = failure["error"] as? String {
      throw WebDriverError(description: "\(method) \(path): \(error): \(failure["message"] as? String ?? "")")
    }
    return value is NSNull ? nil : value
  }

  func get(_ path: String) throws -> Any? {
    try Self.request(port: port, "GET", prefix + path, nil)
  }

  @discardableResult
  func post(_ path: String, _ body: [String: Any]) throws -> Any? {
    try Self.request(port: port, "POST", prefix + path, body)
  }

  /// The WebDriver reference of the first element matching a CSS selector.
  func element(_ selector: String) throws -> String {
    let value = try post("element", ["using": "css selector", "value": selector]) as? [String: Any]
    guard let reference = value?["element-6066-11e4-a52e-4f735466cecf"] as? String else {
      throw WebDriverError(description: "no element matches \(selector)")
    }
    return reference
  }

  /// Runs a script in the page and returns its result.
  @discardableResult
  func execute(_ script: String, _ arguments: [Any] = []) throws -> Any? {
    try post("execute/sync", ["script": script, "args": arguments])
  }

  /// Runs a script that reports its result through the callback passed as its last argument.
  func executeAsync(_ script: String, _ arguments: [Any] = []) throws -> Any? {
    try post("execute/async", ["script": script, "args": arguments])
  }

  /// Closes the window and the browser.
  func end() throws {
    _ = try Self.request(port: port, "DELETE", String(prefix.dropLast()), nil)
    try? FileManager.default.removeItem(at: profile)
  }
}

/// HTTP/1.1 to a server on 127.0.0.1, over a plain socket.
///
/// URLSession is not used: on Linux it refuses chromedriver's replies, whose headers have no space after the
/// colon ("Failed writing header").
enum LocalHTTP {
  /// Sends one request and returns the body of a 2xx–5xx reply (WebDriver reports errors in the body).
  static func exchange(port: UInt16, method: String, path: String, body: Data?) throws -> Data {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw WebDriverError(description: "cannot open a socket") }
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: 120, tv_usec: 0)
    _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    #if canImport(Darwin)
      var one: Int32 = 1
      _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
    #endif
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw WebDriverError(description: "cannot connect to port \(port)") }

    var request = Data(
      ("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        + "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body?.count ?? 0)\r\n\r\n").utf8)
    request.append(body ?? Data())
    try request.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      guard let start = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        #if canImport(Glibc)
          let sent = send(descriptor, start + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        #else
          let sent = send(descriptor, start + offset, buffer.count - offset, 0)
        #endif
        guard sent > 0 else { throw WebDriverError(description: "cannot send to port \(port)") }
        offset += sent
      }
    }

    var reply = Data()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = recv(descriptor, &chunk, chunk.count, 0)
      if count <= 0 { break }
      reply.append(contentsOf: chunk[0..<count])
      if let body = completeBody(reply) { return body }
    }
    if let body = completeBody(reply, atEnd: true) { return body }
    throw WebDriverError(description: "no complete reply from port \(port)")
  }

  /// The body of a reply once all of it has arrived (by Content-Length, chunked encoding or the end of the stream).
  private static func completeBody(_ reply: Data, atEnd: Bool = false) -> Data? {
    guard let separator = reply.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let head = String(decoding: reply[..<separator.lowerBound], as: UTF8.self).lowercased()
    let body = Data(reply[separator.upperBound...])
    let headers = head.split(separator: "\r\n").dropFirst().map { line -> (String, String) in
      let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }
    if let length = headers.first(where: { $0.0 == "content-length" }).flatMap({ Int($0.1) }) {
      return body.count >= length ? body.prefix(length) : nil
    }
    if headers.contains(where: { $0.0 == "transfer-encoding" && $0.1.contains("chunked") }) {
      return dechunked(body)
    }
    return atEnd ? body : nil
  }

  /// A chunked body put together, or nil while its last chunk has not arrived.
  private static func dechunked(_ body: Data) -> Data? {
    var result = Data()
    var rest = body[...]
    while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
      let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
      guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
      if size == 0 { return result }
      let start = lineEnd.upperBound
      guard rest.distance(from: start, to: rest.endIndex) >= size + 2 else { return nil }
      let end = rest.index(start, offsetBy: size)
      result.append(rest[start..<end])
      rest = rest[rest.index(end, offsetBy: 2)...]
    }
    return nil
  }
}
