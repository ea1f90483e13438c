import Foundation

/// Every input format Paperboy reads, with detection from content.
public enum PaperFormat: String, CaseIterable, Sendable {
    /// arXiv API Atom feed.
    case atom
    /// OAI-PMH ListRecords / GetRecord page (arXiv, arXivRaw or oai_dc metadata).
    case oai
    /// JSON Lines of arXiv metadata (Kaggle snapshot, daily-arXiv corpus, converted `.abs` records).
    case jsonl
    /// Hugging Face `/api/daily_papers` JSON.
    case hf
    /// arXiv `.abs` record or daily listing e-mail.
    case abs
    /// Plain page listing: title, blank line, abstract, blank line.
    case listing

    /// Guesses the format from the first bytes of an input; nil when nothing fits.
    public static func detect(_ head: [UInt8]) -> PaperFormat? {
        let text = decodeText(head.prefix(8192))
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<") {
            if text.contains("<OAI-PMH") { return .oai }
            if text.contains("<feed") { return .atom }
            return nil
        }
        if trimmed.hasPrefix("[") { return .hf }
        if trimmed.hasPrefix("{") { return .jsonl }
        if text.contains("\narXiv:") || trimmed.hasPrefix("arXiv:") { return .abs }
        if trimmed.isEmpty { return nil }
        return .listing
    }

    /// Reads the whole input in this format, handing each item to `sink` as it is parsed.
    public func parse(_ reader: InputReader, sink: SourceSink) throws {
        switch self {
        case .atom: try AtomFeedParser().parse(reader, sink: sink)
        case .oai: try OAIPMHParser().parse(reader, sink: sink)
        case .jsonl: try ArxivJSONLinesParser().parse(reader, sink: sink)
        case .hf: try HuggingFaceDailyParser().parse(reader, sink: sink)
        case .abs: try AbsRecordParser().parse(reader, sink: sink)
        case .listing: try PageListingParser().parse(reader, sink: sink)
        }
    }
}
