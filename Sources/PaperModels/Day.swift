import Foundation

/// Calendar days in UTC, written `YYYY-MM-DD`: the unit of the daily feed.
///
/// The conversions are plain arithmetic on days since 1970 (Howard Hinnant's civil-date
/// algorithms): `Calendar` is slow enough to show in the profile of a bulk ingest.
public enum Day {
    /// `2026-11-29` for any instant of that UTC day.
    public static func string(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let (year, month, day) = civil(fromDays: days)
        // Written into the string's own storage: the ingest writes two or three days per paper.
        if (0...9_999).contains(year) {
            return String(unsafeUninitializedCapacity: 10) { out in
                ASCIIDigits.write(year, width: 4, into: out, at: 0)
                out[4] = UInt8(ascii: "-")
                ASCIIDigits.write(month, width: 2, into: out, at: 5)
                out[7] = UInt8(ascii: "-")
                ASCIIDigits.write(day, width: 2, into: out, at: 8)
                return 10
            }
        }
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Midnight UTC of a `YYYY-MM-DD` day; nil for anything else (including impossible dates).
    /// Read on the bytes: splitting into substrings and testing characters showed in the profile
    /// of a bulk ingest, which reads each paper's day back for the keyword index.
    public static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10) else { return nil }
            return date(year: year, month: month, day: day)
        }
    }

    /// The decimal number written in `bytes[range]`; nil unless every byte there is an ASCII digit.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// The instant of a UTC date and time; nil when any part is out of range (31 February, 24:00).
    public static func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Fixed-width decimal numbers written straight into a byte buffer.
public enum ASCIIDigits {
    /// Writes the last `width` decimal digits of `value` (0 or more) at `offset`, zero-padded.
    @inline(__always)
    public static func write(_ value: Int, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for i in stride(from: offset + width - 1, through: offset, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
