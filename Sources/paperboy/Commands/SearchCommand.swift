import ArgumentParser
import Foundation
import PaperSearch
import PaperStore

extension KeywordQuery.Sort: ExpressibleByArgument {}
extension SearchMode: ExpressibleByArgument {}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search papers by keyword and by meaning.",
        discussion: """
            Modes (--mode): keyword ranks by BM25 over title, abstract and authors, every word \
            required; semantic finds the papers whose meaning (their embedding, see `paperboy \
            embed`) is nearest the query's, in any language; hybrid, the default, fuses both \
            rankings. Without the model or embeddings, every mode answers with keyword results.

            The query language:
              sparse attention        both words (title, abstract or authors)
              "state space model"     the exact phrase
              -survey                 leave out papers with this word (or -"a phrase")
              diffusion OR flow       either word
              author:hinton           only in the authors (also title:…)
              cat:cs.CL  cat:cs.      a category, or every category of an archive
              since:2024-01  until:2024-06-30   first-submitted date bounds
              transform*              words starting with "transform"
              has:code                only papers with a code repository or project page
            Any text is safe to type: what cannot be used is explained, never an error.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many hits to show (1-1000).")
    var limit = 10

    @Option(help: "Skip this many hits (for paging).")
    var offset = 0

    @Option(help: "Order by relevance or by date (newest first; keyword matching).")
    var sort: KeywordQuery.Sort = .relevance

    @Option(help: "keyword, semantic or hybrid.")
    var mode: SearchMode = .hybrid

    @OptionGroup var model: ModelCommand.Options

    @Flag(help: "Print the hits as JSON.")
    var json = false

    @Argument(parsing: .remaining, help: ArgumentHelp("The query (several words may be given without quotes).", valueName: "query"))
    var query: [String] = []

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        guard !SearchQuery(query.joined(separator: " ")).isEmpty else {
            throw ValidationError("Nothing to search for: give some words, a \"phrase\", or a filter such as cat:cs.CL.")
        }
    }

    func run() throws {
        let searcher = try model.searcher(database: try database.open())
        let results = try searcher.search(SearchRequest(query: query.joined(separator: " "), limit: limit, offset: offset, sort: sort, mode: mode))
        if json {
            try JSONOutput.print(SearchJSON(results: results))
            return
        }
        for note in results.notes { Terminal.error("note: \(note)") }
        if results.hits.isEmpty {
            print(offset > 0 ? "No more results." : "No papers match.")
            return
        }
        for (index, hit) in results.hits.enumerated() {
            print(PaperPrinter.hit(hit, rank: offset + index + 1, terminal: Terminal.stdoutIsTerminal))
            print()
        }
        if results.hasMore { print("More results: --offset \(offset + limit)") }
    }
}

struct SearchJSON: Encodable {
    var results: SearchResults
    struct Hit: Encodable {
        var paper: PaperJSON
        var score: Double
        /// The snippet with matched terms between `<mark>` and `</mark>` (text otherwise unescaped).
        var snippet: String
    }
    enum Keys: String, CodingKey { case hits, hasMore, notes, mode }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(results.hits.map {
            Hit(paper: PaperJSON(paper: $0.paper), score: $0.score,
                snippet: $0.snippet.replacingOccurrences(of: KeywordHit.markStart, with: "<mark>").replacingOccurrences(of: KeywordHit.markEnd, with: "</mark>"))
        }, forKey: .hits)
        try c.encode(results.hasMore, forKey: .hasMore)
        try c.encode(results.notes, forKey: .notes)
        try c.encode(results.mode, forKey: .mode)
    }
}
