import Foundation
import PaperSearch
import PaperStore
import Pipeline
import TextEncoder

extension HarvestSettings {
    /// The harvest schedule of `paperboy serve`: each scheduled run harvests the configured sources
    /// of its group into `database`, embeds what is new when the model is in `modelDirectory`, and
    /// logs one line per source.
    public func scheduler(database: AppDatabase, schedule: HarvestSchedule, modelDirectory: URL,
                          log: @escaping @Sendable (String) -> Void) -> HarvestScheduler {
        var groups: [HarvestGroup] = []
        if sources.contains(.oai) || sources.contains(.arxivAPI) { groups.append(.arxiv) }
        if sources.contains(.huggingface) { groups.append(.huggingFace) }
        let settings = self
        return HarvestScheduler(schedule: schedule, groups: groups, harvest: { group in
            let client = settings.makeClient()
            let only: Set<Source> = group == .arxiv ? [.oai, .arxivAPI] : [.huggingface]
            var embedder: Embedder?
            if FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("model.safetensors").path) {
                embedder = Embedder(database: database, model: try SentenceEncoder(modelDirectory: modelDirectory))
            }
            let reports: [HarvestSourceReport]
            do {
                reports = try await Harvest(database: database, harvesters: settings.harvesters(client: client, only: only), client: client,
                                            embedder: embedder).run()
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
            for report in reports {
                log("harvest \(report.source): \(report.summary)" + (report.errors.isEmpty ? "" : " — \(report.errors.joined(separator: "; "))"))
            }
        }, log: log)
    }
}
