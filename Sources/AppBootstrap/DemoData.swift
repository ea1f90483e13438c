import Foundation

/// The demo set bundled with Paperboy (see scripts/make-demo-data.py): 122 papers from a Hugging
/// Face page listing, the last 30 days of a real arXiv corpus, and two recorded Hugging Face
/// daily-papers responses whose upvotes and repositories join the same papers when ingested after it.
public enum DemoData {
    /// The files in the order they must be ingested (the Hugging Face files last, so they join).
    public static func files() throws -> [String] {
        guard let directory = Bundle.module.url(forResource: "demo", withExtension: nil) else {
            throw ConfigurationError(key: "demo data", problem: "is missing from this installation (the resource bundle was not found)")
        }
        return ["listing.txt", "recent.jsonl.gz", "hf-2026-06.json", "hf-2026-07.json"].map {
            directory.appendingPathComponent($0).path
        }
    }
}
