import Foundation

/// E-mail addresses as Paperboy accepts them for sign-in: a plain `local@domain.tld`, lower-cased.
/// Deliberately stricter than RFC 5322 (no quoted parts, comments or IP literals): an address a
/// person types, not every address the standard allows.
public enum EmailAddress {
    /// The normalised address, or nil when it does not look like one.
    public static func normalized(_ text: String) -> String? {
        let address = text.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) })
        else { return nil }
        return address
    }
}
