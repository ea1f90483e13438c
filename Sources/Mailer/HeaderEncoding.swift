import Foundation

/// Header field text as RFC 5322 and RFC 2047 want it: ASCII only, non-ASCII words as
/// encoded-words, lines folded before 78 characters.
enum HeaderEncoding {
    /// `Name: value` folded, with the value encoded when it holds anything but printable ASCII.
    static func field(_ name: String, _ value: String) -> String {
        // Line breaks are rare here: scanning the bytes first skips Foundation's (slow) replacing.
        let value = value.utf8.contains(where: { $0 == 13 || $0 == 10 })
            ? value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") : value
        if isPlainASCII(value) { return fold(name + ": " + value) }
        return name + ": " + encodedWords(value, firstLineUsed: name.utf8.count + 2).joined(separator: "\r\n ")
    }

    /// A mailbox for From/To: the address as is, the name quoted or encoded as needed.
    static func mailbox(_ box: Mailbox) -> String {
        guard let name = box.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return "<\(box.address)>" }
        if !isPlainASCII(name) {
            let words = encodedWords(name, firstLineUsed: 6)
            // The address goes on a line of its own when it would make the last line too long.
            // (The first line also holds the field name, up to "From: ".)
            let separator = (words.last?.utf8.count ?? 0) + box.address.utf8.count + 10 > 76 ? "\r\n " : " "
            return words.joined(separator: "\r\n ") + separator + "<\(box.address)>"
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(box.address)>"
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
    }

    /// A list of mailboxes (To): one per line when there are several.
    static func mailboxList(_ boxes: [Mailbox]) -> String {
        boxes.map(mailbox).joined(separator: ",\r\n ")
    }

    /// Folds an ASCII field at spaces so that lines stay under 78 characters where a space allows.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 76 else { return line }
        var output = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            // Never right after the field name: some readers keep the space of such a fold.
            if current.contains(" "), current.utf8.count + 1 + word.utf8.count > 76 {
                output += current + "\r\n"
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        return output + current
    }

    /// The text as base64 encoded-words of at most 75 characters each, never splitting a UTF-8
    /// character between two words (RFC 2047 §5).
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let prefix = "=?UTF-8?B?", suffix = "?="
        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = max(75 - firstLineUsed, 30)
        func capacity(_ bytes: Int) -> Int { prefix.count + suffix.count + (bytes + 2) / 3 * 4 }
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, capacity(chunk.count + bytes.count) > budget {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
                budget = 74
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words
    }

    /// An RFC 5322 date in UTC, e.g. `Tue, 01 Dec 2026 07:00:00 +0000`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
