import Foundation
import Hummingbird
import PaperModels

/// A request's query string or form body as browsers send them (`application/x-www-form-urlencoded`:
/// `+` for a space, percent-encoding), with the validation every route shares. A malformed value
/// is a `PageError` (400) that says what to write.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ request: Request) { self.init(encoded: request.uri.query ?? "") }

    /// A form body, read up to 16 kB (a sign-in or upvote form is a few hundred bytes).
    static func form(_ request: Request) async throws -> QueryParameters {
        var request = request
        guard let body = try? await request.collectBody(upTo: 16_384) else {
            throw PageError(status: .contentTooLarge, message: "This form is too large.")
        }
        return QueryParameters(encoded: String(decoding: body.readableBytesView, as: UTF8.self))
    }

    init(encoded: String) {
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0]), value = parts.count > 1 ? Self.decode(parts[1]) : ""
            // The first occurrence wins, as in most frameworks; later duplicates are ignored.
            if values[name] == nil { values[name] = value }
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The value, trimmed; nil when absent or empty (an empty form field means "not given").
    subscript(name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A whole number within `range`, or `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = self[name] else { return fallback }
        guard text.count <= 9, let value = Int(text), range.contains(value) else {
            throw PageError.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    /// One of a fixed set of words, or `fallback` when absent.
    func choice(_ name: String, _ allowed: [String], default fallback: String) throws -> String {
        guard let text = self[name] else { return fallback }
        guard allowed.contains(text) else {
            throw PageError.badRequest("\(name) must be one of: \(allowed.joined(separator: ", ")).")
        }
        return text
    }

    /// An arXiv category (`cs.CL`) or archive (`cs`, `cs.`), as the `cat` parameter.
    func category() throws -> String? {
        guard let text = self["cat"] else { return nil }
        guard text.count <= 40, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw PageError.badRequest("cat must be an arXiv category such as cs.CL, or an archive such as cs.")
        }
        return text
    }

    /// A `YYYY-MM-DD` day.
    func day(_ name: String) throws -> String? {
        guard let text = self[name] else { return nil }
        guard Day.date(text) != nil else { throw PageError.badRequest("\(name) must be a date written YYYY-MM-DD.") }
        return text
    }

    /// The window chosen by `date=YYYY-MM-DD`, `week=YYYY-Www` or `month=YYYY-MM` (at most one),
    /// or nil when none is given.
    func feedWindow() throws -> FeedWindow? {
        let given = [("date", FeedWindow.day, "YYYY-MM-DD"), ("week", FeedWindow.week, "YYYY-Www, e.g. 2026-W48"),
                     ("month", FeedWindow.month, "YYYY-MM")].filter { self[$0.0] != nil }
        guard let (name, parse, format) = given.first else { return nil }
        guard given.count == 1 else { throw PageError.badRequest("Give only one of date, week and month.") }
        guard let text = self[name], let window = parse(text) else { throw PageError.badRequest("\(name) must be written \(format).") }
        return window
    }
}
