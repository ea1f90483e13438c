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
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PaperModels"),
        .target(name: "PaperSources", dependencies: ["PaperModels", "CZlib"]),
        .target(name: "PaperStore", dependencies: ["PaperModels", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "PaperSearch", dependencies: ["PaperModels", "PaperStore"]),
        .target(name: "Pipeline", dependencies: ["PaperModels", "PaperSources", "PaperStore", "PaperSearch"]),
        .target(name: "AppBootstrap", dependencies: ["PaperModels", "PaperStore", "PaperSearch", "Pipeline"],
                resources: [.copy("Resources/demo")]),
        .executableTarget(name: "paperboy", dependencies: [
            "AppBootstrap", "Pipeline", "PaperSearch", "PaperStore", "PaperModels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PaperModelsTests", dependencies: ["PaperModels"]),
        .testTarget(name: "PaperSourcesTests", dependencies: ["PaperSources"], resources: [.copy("Fixtures")]),
        // Shared by the test targets: where the fixture files are, and small helpers.
        .target(name: "TestSupport", dependencies: ["PaperModels"], path: "Tests/TestSupport"),
        .testTarget(name: "PaperStoreTests", dependencies: ["PaperStore", "TestSupport"]),
        .testTarget(name: "PaperSearchTests", dependencies: ["PaperSearch", "PaperStore", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PaperStore", "PaperSources", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["paperboy", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
