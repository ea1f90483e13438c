import Foundation
import PaperModels

/// Parses the date formats arXiv and Hugging Face use, by hand: DateFormatter is far too slow for
/// streaming millions of snapshot lines, and these formats are fixed.
enum SourceDates {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// The month names above as three lower-case ASCII bytes in one number, for the byte-level reader.
    private static let monthKeys = months.map { $0.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    /// RFC 2822 zone names, in hours east of UTC.
    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// `Mon, 2 Apr 2007 19:18:42 GMT` (also without the weekday, with a two-digit year as in
    /// `Fri, 17 Mar 23 00:31:14 GMT`, and with a numeric zone such as `-0500`).
    static func rfc2822(_ text: String) -> Date? {
        arxivVersionDate(text) ?? fieldwiseRFC2822(text)
    }

    /// `rfc2822` field by field, for every variant.
    static func fieldwiseRFC2822(_ text: String) -> Date? {
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if let first = fields.first, Int(first) == nil { fields.removeFirst() }
        guard fields.count >= 3, let day = Int(fields[0]),
              let month = months.firstIndex(of: fields[1].prefix(3).lowercased()), var year = Int(fields[2]) else { return nil }
        if fields[2].count == 2 { year += year < 90 ? 2000 : 1900 }
        var time = (0, 0, 0)
        if fields.count > 3 {
            let parts = fields[3].split(separator: ":").compactMap { Int($0) }
            guard parts.count >= 2 else { return nil }
            time = (parts[0], parts[1], parts.count > 2 ? parts[2] : 0)
        }
        var offset = 0
        if fields.count > 4 {
            let zone = fields[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let hhmm = Int(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((hhmm / 100) * 3_600 + (hhmm % 100) * 60)
            } else if let hours = zones[zone.lowercased()] {
                offset = hours * 3_600
            }
        }
        return make(year: year, month: month + 1, day: day, hour: time.0, minute: time.1, second: time.2)
            .map { $0.addingTimeInterval(TimeInterval(-offset)) }
    }

    /// `Mon, 2 Apr 2007 19:18:42 GMT` exactly as arXiv writes every version date (the weekday
    /// optional), read on bytes: a snapshot has millions. Nil for anything else, which `rfc2822`
    /// then reads field by field.
    static func arxivVersionDate(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            var at = 0
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            func digits(_ count: ClosedRange<Int>) -> Int? {
                var value = 0, read = 0
                while read < count.upperBound, at < bytes.count, (0x30...0x39).contains(bytes[at]) {
                    value = value * 10 + Int(bytes[at] - 0x30)
                    at += 1
                    read += 1
                }
                return count.contains(read) ? value : nil
            }
            func skip(_ byte: UInt8) -> Bool {
                guard at < bytes.count, bytes[at] == byte else { return false }
                at += 1
                return true
            }
            if bytes.count > 5, isLetter(bytes[0]), isLetter(bytes[1]), isLetter(bytes[2]), bytes[3] == 0x2C, bytes[4] == 0x20 { at = 5 }
            guard let day = digits(1...2), skip(0x20), at + 4 <= bytes.count, isLetter(bytes[at]), isLetter(bytes[at + 1]),
                  isLetter(bytes[at + 2]), bytes[at + 3] == 0x20 else { return nil }
            let name = (UInt32(bytes[at] | 0x20) << 16) | (UInt32(bytes[at + 1] | 0x20) << 8) | UInt32(bytes[at + 2] | 0x20)
            at += 4
            guard let month = monthKeys.firstIndex(of: name), let year = digits(4...4), skip(0x20),
                  let hour = digits(2...2), skip(0x3A), let minute = digits(2...2), skip(0x3A), let second = digits(2...2),
                  skip(0x20), at + 3 == bytes.count, bytes[at] == 0x47, bytes[at + 1] == 0x4D, bytes[at + 2] == 0x54 else { return nil }
            return make(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        }
    }

    /// `2007-04-02`, `2007-04-02T19:18:42Z`, `2026-07-28T00:00:00.000Z`, `2016-10-09T00:00:00-04:00`
    /// (fractions dropped; no zone means UTC).
    static func iso8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, let month = number(5, 2),
              bytes[7] == 45, let day = number(8, 2) else { return nil }
        if bytes.count == 10 { return make(year: year, month: month, day: day, hour: 0, minute: 0, second: 0) }
        guard bytes.count >= 19, bytes[10] == 84 || bytes[10] == 32, let hour = number(11, 2), bytes[13] == 58,
              let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2) else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == 46 {   // fraction of a second
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        var offset = 0
        if index < bytes.count {
            switch bytes[index] {
            case 90:   // Z
                index += 1
            case 43, 45:   // + or -: ±HH:MM or ±HHMM
                let sign = bytes[index] == 45 ? -1 : 1
                guard let hours = number(index + 1, 2) else { return nil }
                let colon = index + 3 < bytes.count && bytes[index + 3] == 58 ? 1 : 0
                guard let minutes = number(index + 3 + colon, 2), hours <= 23, minutes <= 59 else { return nil }
                offset = sign * (hours * 3_600 + minutes * 60)
                index += 5 + colon
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .map { $0.addingTimeInterval(TimeInterval(-offset)) }
    }

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        Day.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
