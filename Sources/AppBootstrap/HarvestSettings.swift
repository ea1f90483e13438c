import Foundation
import PaperModels
import PaperSources

/// What `paperboy harvest` and the schedule of `paperboy serve` fetch, from where, and as whom:
/// flags first, then the environment, then the defaults.
public struct HarvestSettings: Sendable, Equatable {
    public enum Source: String, CaseIterable, Sendable {
        case oai
        case arxivAPI = "arxiv-api"
        case huggingface
    }

    public var sources: [Source]
    public var categories: [String]
    public var oaiURL: String
    public var arxivAPIURL: String
    public var huggingFaceURL: String
    /// The contact address sent in the User-Agent, as arXiv asks.
    public var contact: String?
    /// Seconds between two requests to one host (arXiv asks for 3).
    public var politenessDelay: Double
    /// arXiv API papers per request.
    public var pageSize: Int
    /// What OAI-PMH is asked for: `arXiv`, or `arXivRaw` for every version with its date.
    public var oaiFormat: OAIMetadataFormat

    public static let defaultSources: [Source] = [.oai, .huggingface]
    public static let defaultCategories = ["cs.AI", "cs.CL", "cs.CV", "cs.LG", "stat.ML"]
    public static let defaultOAIURL = "https://oaipmh.arxiv.org/oai"
    public static let defaultArxivAPIURL = "https://export.arxiv.org/api/query"
    public static let defaultHuggingFaceURL = "https://huggingface.co/api/daily_papers"

    /// Flags (nil or empty when not given) override `PAPERBOY_HARVEST_SOURCES`, `PAPERBOY_CATEGORIES`,
    /// `PAPERBOY_OAI_URL`, `PAPERBOY_OAI_FORMAT`, `PAPERBOY_ARXIV_API_URL`, `PAPERBOY_HF_URL` and `PAPERBOY_CONTACT`.
    public static func resolve(sources: [String] = [], categories: String? = nil, oaiURL: String? = nil, oaiFormat: String? = nil,
                               arxivAPIURL: String? = nil, huggingFaceURL: String? = nil, contact: String? = nil, politenessDelay: Double = 3,
                               pageSize: Int = 100, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HarvestSettings {
        func value(_ flag: String?, _ variable: String) -> (key: String, value: String)? {
            if let flag { return ("--\(variable.dropFirst("PAPERBOY_".count).lowercased().replacingOccurrences(of: "_", with: "-"))", flag) }
            return environment[variable].map { (variable, $0) }
        }
        let sourceNames = sources.isEmpty ? (environment["PAPERBOY_HARVEST_SOURCES"].map(list) ?? defaultSources.map(\.rawValue)) : sources
        let chosen = try sourceNames.map { name in
            guard let source = Source(rawValue: name) else {
                throw ConfigurationError(key: "--source", problem: "must be one of \(Source.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
            }
            return source
        }
        let categoryList = value(categories, "PAPERBOY_CATEGORIES").map { list($0.value) } ?? defaultCategories
        for category in categoryList where !category.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-".contains($0)) }) {
            throw ConfigurationError(key: "--categories", problem: "holds \"\(category)\", which is not an arXiv category such as cs.CL")
        }
        func address(_ flag: String?, _ variable: String, _ fallback: String) throws -> String {
            guard let given = value(flag, variable) else { return fallback }
            guard let url = URL(string: given.value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ConfigurationError(key: given.key, problem: "must be an http(s) address, not \"\(given.value)\"")
            }
            return given.value
        }
        var format = OAIMetadataFormat.arXiv
        if let given = value(oaiFormat, "PAPERBOY_OAI_FORMAT") {
            guard let chosen = OAIMetadataFormat(rawValue: given.value) else {
                let formats = OAIMetadataFormat.allCases.map(\.rawValue).joined(separator: " or ")
                throw ConfigurationError(key: given.key, problem: "must be \(formats), not \"\(given.value)\"")
            }
            format = chosen
        }
        var email: String?
        if let given = value(contact, "PAPERBOY_CONTACT") {
            guard let normalized = EmailAddress.normalized(given.value) else {
                throw ConfigurationError(key: given.key, problem: "is not an e-mail address: \"\(given.value)\"")
            }
            email = normalized
        }
        guard politenessDelay >= 0, politenessDelay <= 3_600 else { throw ConfigurationError(key: "--delay", problem: "must be from 0 to 3600 seconds") }
        guard (1...2_000).contains(pageSize) else { throw ConfigurationError(key: "--page-size", problem: "must be from 1 to 2000") }
        return HarvestSettings(
            sources: chosen, categories: categoryList,
            oaiURL: try address(oaiURL, "PAPERBOY_OAI_URL", defaultOAIURL),
            arxivAPIURL: try address(arxivAPIURL, "PAPERBOY_ARXIV_API_URL", defaultArxivAPIURL),
            huggingFaceURL: try address(huggingFaceURL, "PAPERBOY_HF_URL", defaultHuggingFaceURL),
            contact: email, politenessDelay: politenessDelay, pageSize: pageSize, oaiFormat: format)
    }

    private static func list(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == " " }.map(String.init)
    }

    /// The HTTP client every harvester of a run shares (one politeness slot per host).
    public func makeClient(clock: any HarvestClock = SystemHarvestClock()) -> PoliteHTTPClient {
        PoliteHTTPClient(policy: HTTPPolicy(userAgent: HTTPPolicy.userAgent(contact: contact),
                                            politenessDelay: .milliseconds(Int64(politenessDelay * 1000))), clock: clock)
    }

    /// The harvesters of `sources` (all configured ones when nil), in the configured order.
    public func harvesters(client: PoliteHTTPClient, only sources: Set<Source>? = nil) -> [any PaperHarvester] {
        self.sources.filter { sources?.contains($0) ?? true }.flatMap { source -> [any PaperHarvester] in
            switch source {
            case .oai:
                return OAIPMHHarvester.sets(for: categories).map {
                    OAIPMHHarvester(baseURL: oaiURL, set: $0, categories: categories, client: client, format: oaiFormat)
                }
            case .arxivAPI:
                return [ArxivAPIHarvester(baseURL: arxivAPIURL, categories: categories, pageSize: pageSize, client: client)]
            case .huggingface:
                return [HuggingFaceHarvester(baseURL: huggingFaceURL, client: client)]
            }
        }
    }
}
