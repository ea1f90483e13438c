/// Token ids of several texts, right-padded with `[PAD]` to the longest, row-major.
///
/// Stored flat (`count × length`) because that is the layout the encoder's matrix code consumes.
public struct TokenizedBatch: Sendable, Equatable {
    /// How many texts (rows).
    public let count: Int
    /// The length of every row: the longest text's id count (0 for an empty batch).
    public let length: Int
    /// `count × length` ids; row `r` is `inputIds[r * length ..< (r + 1) * length]`.
    public let inputIds: [Int32]
    /// `count × length` values: 1 for a real token, 0 for padding.
    public let attentionMask: [Int32]
    /// The unpadded id count of each row.
    public let lengths: [Int]

    /// Pads `rows` with `paddingId` to the longest row.
    public init(rows: [[Int32]], paddingId: Int32) {
        let length = rows.map(\.count).max() ?? 0
        var ids = [Int32](repeating: paddingId, count: rows.count * length)
        var mask = [Int32](repeating: 0, count: rows.count * length)
        for (r, row) in rows.enumerated() {
            let base = r * length
            for (j, id) in row.enumerated() {
                ids[base + j] = id
                mask[base + j] = 1
            }
        }
        count = rows.count
        self.length = length
        inputIds = ids
        attentionMask = mask
        lengths = rows.map(\.count)
    }

    /// The padded ids of row `row`.
    public func ids(row: Int) -> ArraySlice<Int32> {
        inputIds[row * length ..< (row + 1) * length]
    }

    /// The attention mask of row `row`.
    public func mask(row: Int) -> ArraySlice<Int32> {
        attentionMask[row * length ..< (row + 1) * length]
    }
}
