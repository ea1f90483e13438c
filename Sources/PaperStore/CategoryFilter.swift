import GRDB

/// The SQL that keeps papers in any of some categories: `cs.CL` exactly, `cs.` or `cs` as every
/// category of that archive. Shared by keyword search and the daily feed.
enum CategoryFilter {
    /// A condition on the paper key column `key`, with its arguments.
    static func condition(_ categories: [String], key: String) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        var alternatives: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        for category in categories {
            if category.hasSuffix(".") || !category.contains(".") {
                let archive = category.hasSuffix(".") ? String(category.dropLast()) : category
                alternatives.append("category = ? OR category LIKE ? ESCAPE '\\'")
                arguments.append(contentsOf: [archive, AppDatabase.likeEscaped(archive) + ".%"])
            } else {
                alternatives.append("category = ?")
                arguments.append(category)
            }
        }
        return ("\(key) IN (SELECT paperPK FROM paperCategory WHERE \(alternatives.joined(separator: " OR ")))", arguments)
    }
}
