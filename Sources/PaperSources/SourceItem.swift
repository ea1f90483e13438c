import Foundation
import PaperModels

/// Where in an input a record came from, for error reports: `file.jsonl line 12`, `feed.xml entry 3`.
public struct RecordLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable { case line, record, entry }
    public var file: String
    public var unit: Unit
    public var number: Int
    public init(file: String, unit: Unit, number: Int) {
        self.file = file
        self.unit = unit
        self.number = number
    }
    public var description: String { "\(file) \(unit.rawValue) \(number)" }
}

/// A record that could not be turned into a paper, and why.
public struct SkippedRecord: Sendable, Equatable, CustomStringConvertible {
    public var location: RecordLocation
    public var reason: String
    public init(location: RecordLocation, reason: String) {
        self.location = location
        self.reason = reason
    }
    public var description: String { "\(location): \(reason)" }
}

/// What a parser reports as it reads an input, in input order.
public enum SourceItem: Sendable, Equatable {
    /// A paper, with the place it was read from.
    case paper(Paper, RecordLocation)
    /// A malformed record, skipped; the rest of the input is still read.
    case skipped(SkippedRecord)
    /// Something worth telling the operator that is neither a paper nor an error, such as an
    /// OAI-PMH resumption token (more pages exist).
    case notice(String)
}

/// An input that cannot be read at all (not a record-level problem), e.g. an arXiv API error feed.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var reason: String
    /// The source's own error code, when it gave one (OAI-PMH `badResumptionToken`, say).
    public var code: String?
    public init(file: String, reason: String, code: String? = nil) {
        self.file = file
        self.reason = reason
        self.code = code
    }
    public var description: String { "\(file): \(reason)" }
}

/// Receives parsed items one at a time, so that large inputs stream in constant memory.
public typealias SourceSink = (SourceItem) throws -> Void
