import Foundation
import PaperModels

/// Hand-made papers for store tests, with only what each test needs spelled out.
func makePaper(_ id: String, title: String = "A study of sparse attention", abstract: String = "We study sparse attention in transformers.",
               version: Int? = 1, authors: [String] = ["Ada Lovelace"], categories: [String] = ["cs.LG"],
               submitted: String? = "2026-06-01", upvotes: Int? = nil, sources: [String] = ["test"]) -> Paper {
    Paper(id: id, version: version, title: title, abstract: abstract, authors: authors, categories: categories,
          submitted: submitted.flatMap(Day.date), updated: submitted.flatMap(Day.date),
          versions: version.map { [PaperVersion(number: $0, date: submitted.flatMap(Day.date))] } ?? [],
          community: Community(upvotes: upvotes), sources: sources)
}
