// swift-tools-version: 6.1
import PackageDescription

// Layering (see DESIGN.md): PaperModels at the bottom; PaperStore, PaperSources beside each other;
// PaperSearch over the store; Pipeline composes them; AppBootstrap wires configuration; `paperboy` on top.
let package = Package(
    name: "Paperboy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paperboy", targets: ["paperboy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The web site: Hummingbird 2 without its swift-configuration support (configuration is
        // AppBootstrap's job), swift-log, Prometheus metrics and swift-service-lifecycle for signals.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Live harvesting: the HTTP client that shares SwiftNIO with Hummingbird (HummingbirdTesting
        // already builds it), with gzip, deadlines and connection pooling.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // E-mail delivery: the SMTP client is written on SwiftNIO (no listed package speaks SMTP).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PaperModels"),
        // The sentence encoder (all-MiniLM-L6-v2): knows nothing of papers, could ship on its own.
        // Numeric loops run about 1000 times slower unoptimised: the target optimises itself even
        // in debug builds, so that `swift test` stays fast.
        .target(name: "TextEncoder", dependencies: ["CEncoderKernels", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        // Exact and approximate (HNSW) nearest-neighbour search over vectors; knows nothing of
        // papers. Optimised even in debug builds, like the encoder. Not compiled for AVX2 (a binary
        // built so dies on a CPU without it): its inner products are C kernels chosen at run time.
        .target(name: "VectorIndex", dependencies: ["CVectorKernels"], swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        // The inner products of vector search in C, per instruction set, chosen at run time.
        .target(name: "CVectorKernels", dependencies: ["CCPUFeatures"], cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        // CPUID and XCR0, read once: which instruction sets the C kernels may use on this machine.
        .target(name: "CCPUFeatures"),
        // Cache prefetch hints for the keyword index builder's scattered stores.
        .target(name: "CMemoryHints"),
        // The keyword engine (analyser, segments, BM25F with block-max pruning); knows nothing of
        // papers. Optimised even in debug builds, like the vector index. CZlib for the files' CRC.
        .target(name: "KeywordIndex", dependencies: ["CZlib", "CMemoryHints"], swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        // The encoder's C kernels (element-wise steps, bfloat16 products), AVX-512 variants chosen at run
        // time. Optimised in debug builds too; no -march: the AVX-512 code is per function.
        .target(name: "CEncoderKernels", dependencies: ["CCPUFeatures"], cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=fast"])]),
        .target(name: "PaperSources", dependencies: ["PaperModels", "CZlib",
                                                    .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .target(name: "PaperStore", dependencies: ["PaperModels", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "PaperSearch", dependencies: ["PaperModels", "PaperStore", "TextEncoder", "VectorIndex", "KeywordIndex"]),
        .target(name: "Pipeline", dependencies: ["PaperModels", "PaperSources", "PaperStore", "PaperSearch", "TextEncoder", "VectorIndex", "KeywordIndex",
                                                "Mailer", "PaperViews", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "AppBootstrap", dependencies: ["PaperModels", "PaperStore", "PaperSearch", "PaperSources", "Pipeline", "TextEncoder", "Mailer"],
                resources: [.copy("Resources/demo")]),
        // E-mail: the Email value, MIME rendering, and the SMTP, sendmail and .eml-folder transports.
        // Knows nothing of papers.
        .target(name: "Mailer", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Pages and feeds as typed Swift values, escaped by construction; no database, no request.
        .target(name: "PaperViews", dependencies: ["PaperModels"]),
        // The Hummingbird application: routes, JSON API, feeds, metrics. The only Hummingbird importer.
        // Subscriptions go through Pipeline's use cases (they send mail and sign links).
        .target(name: "WebServer", dependencies: [
            "PaperModels", "PaperStore", "PaperSearch", "PaperViews", "Pipeline", "Mailer",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Resources/openapi.json")]),
        .executableTarget(name: "paperboy", dependencies: [
            "AppBootstrap", "WebServer", "Pipeline", "PaperSearch", "PaperStore", "PaperModels", "TextEncoder", "VectorIndex", "Mailer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PaperModelsTests", dependencies: ["PaperModels", "TestSupport"]),
        .testTarget(name: "TextEncoderTests", dependencies: ["TextEncoder", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "TestSupport"]),
        .testTarget(name: "KeywordIndexTests", dependencies: ["KeywordIndex", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PaperSourcesTests", dependencies: ["PaperSources"], resources: [.copy("Fixtures")]),
        // Shared by the test targets: where the fixture files are, and small helpers.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PaperStoreTests", dependencies: ["PaperStore", "TestSupport"]),
        .testTarget(name: "PaperSearchTests", dependencies: ["PaperSearch", "PaperStore", "Pipeline", "TextEncoder", "KeywordIndex", "TestSupport"]),
        // A loopback HTTP server that replays recorded responses in a scripted order (harvest tests).
        .target(name: "ReplayServer", dependencies: [.product(name: "Hummingbird", package: "hummingbird"),
                                                    .product(name: "HTTPTypes", package: "swift-http-types"),
                                                    .product(name: "Logging", package: "swift-log")], path: "Tests/ReplayServer"),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PaperStore", "PaperSources", "TextEncoder", "TestSupport", "ReplayServer", "Mailer", "PaperSearch", "PaperModels"]),
        .testTarget(name: "CLITests", dependencies: ["paperboy", "PaperStore", "TestSupport", "ReplayServer"]),
        .testTarget(name: "MailerTests", dependencies: ["Mailer", "TestSupport", .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "PaperViewsTests", dependencies: ["PaperViews", "PaperModels"]),
        .testTarget(name: "WebServerTests", dependencies: [
            "Mailer",
            "WebServer", "PaperViews", "PaperStore", "PaperSearch", "Pipeline", "TextEncoder", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
