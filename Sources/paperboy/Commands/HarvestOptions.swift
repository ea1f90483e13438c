import AppBootstrap
import ArgumentParser

/// What to harvest, from where and as whom: shared by `paperboy harvest` and `paperboy serve`.
struct HarvestOptions: ParsableArguments {
    @Option(name: .customLong("source"), help: ArgumentHelp("A source to harvest (repeatable): oai, arxiv-api or huggingface.", valueName: "name"))
    var sources: [String] = []

    @Option(help: ArgumentHelp("arXiv categories to keep, comma-separated.", valueName: "list"))
    var categories: String?

    @Option(help: ArgumentHelp("The arXiv OAI-PMH address (default \(HarvestSettings.defaultOAIURL)).", valueName: "url"))
    var oaiURL: String?

    @Option(help: ArgumentHelp("What OAI-PMH sends: arXiv (authors one by one) or arXivRaw (every version with its date).", valueName: "format"))
    var oaiFormat: String?

    @Option(name: .customLong("arxiv-api-url"), help: ArgumentHelp("The arXiv API address (default \(HarvestSettings.defaultArxivAPIURL)).", valueName: "url"))
    var arxivAPIURL: String?

    @Option(name: .customLong("hf-url"), help: ArgumentHelp("The Hugging Face daily papers address (default \(HarvestSettings.defaultHuggingFaceURL)).", valueName: "url"))
    var huggingFaceURL: String?

    @Option(help: ArgumentHelp("A contact e-mail address for the User-Agent.", valueName: "email"))
    var contact: String?

    @Option(help: "Seconds between two requests to the same host.")
    var delay = 3.0

    @Option(help: "arXiv API papers per request.")
    var pageSize = 100

    /// The resolved settings, or a usage error that names the bad value.
    func settings() throws -> HarvestSettings {
        let settings: HarvestSettings
        do {
            settings = try HarvestSettings.resolve(sources: sources, categories: categories, oaiURL: oaiURL, oaiFormat: oaiFormat,
                                                   arxivAPIURL: arxivAPIURL, huggingFaceURL: huggingFaceURL, contact: contact,
                                                   politenessDelay: delay, pageSize: pageSize)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        if settings.contact == nil {
            Terminal.error("note: no --contact address; arXiv asks harvesters to give one (also $PAPERBOY_CONTACT)")
        }
        return settings
    }
}
