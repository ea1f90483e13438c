/// One document as the index sees it: a caller's key, texts in the schema's field order, and
/// the filter columns. The index knows nothing of papers; a day is any integer (Paperboy uses
/// days since 1970), tags any strings (categories), flags any bits (has code).
public struct IndexDocument: Sendable, Equatable {
    public var key: Int64
    public var fields: [String]
    public var day: Int32
    public var tags: [String]
    public var flags: UInt8

    public init(key: Int64, fields: [String], day: Int32 = .min, tags: [String] = [], flags: UInt8 = 0) {
        self.key = key
        self.fields = fields
        self.day = day
        self.tags = tags
        self.flags = flags
    }
}

/// The fields of an index and how BM25F weighs them. A segment records the schema it was built
/// with; an index refuses segments of another schema (rebuild instead).
public struct IndexSchema: Sendable, Equatable, Codable {
    public struct Field: Sendable, Equatable, Codable {
        public var name: String
        /// How much one occurrence here counts against one in a weight-1 field.
        public var weight: Float
        /// BM25's length normalisation for this field (0: none, 1: full).
        public var b: Float

        public init(name: String, weight: Float, b: Float = 0.75) {
            self.name = name
            self.weight = weight
            self.b = b
        }
    }

    public static let maxFields = 4
    public var fields: [Field]
    /// BM25's term-frequency saturation.
    public var k1: Float

    public init(fields: [Field], k1: Float = 1.2) {
        precondition((1...Self.maxFields).contains(fields.count), "an index has 1 to \(Self.maxFields) fields")
        self.fields = fields
        self.k1 = k1
    }

    /// The number of the field called `name`.
    public func fieldIndex(named name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// What went wrong with an index, in words that name the file.
public enum KeywordIndexError: Error, Equatable, CustomStringConvertible {
    case io(String)
    case damaged(path: String, reason: String)
    case schemaMismatch(path: String)

    public var description: String {
        switch self {
        case .io(let message): message
        case .damaged(let path, let reason): "\(path) is not a usable keyword index segment: \(reason)"
        case .schemaMismatch(let path): "\(path) was built with other fields or weights; rebuild the index"
        }
    }
}
