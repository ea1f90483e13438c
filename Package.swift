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
        // The encoder's C kernels (element-wise steps, int8 products), AVX-512 variants chosen at run
        // time. Optimised in debug builds too; no -march: the AVX-512 code is per function.
        .target(name: "CEncoderKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=fast"])]),
        .target(name: "PaperSources", dependencies: ["PaperModels", "CZlib"]),
        .target(name: "PaperStore", dependencies: ["PaperModels", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "PaperSearch", dependencies: ["PaperModels", "PaperStore"]),
        .target(name: "Pipeline", dependencies: ["PaperModels", "PaperSources", "PaperStore", "PaperSearch", "TextEncoder"]),
        .target(name: "AppBootstrap", dependencies: ["PaperModels", "PaperStore", "PaperSearch", "Pipeline"],
                resources: [.copy("Resources/demo")]),
        .executableTarget(name: "paperboy", dependencies: [
            "AppBootstrap", "Pipeline", "PaperSearch", "PaperStore", "PaperModels", "TextEncoder",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PaperModelsTests", dependencies: ["PaperModels"]),
        .testTarget(name: "TextEncoderTests", dependencies: ["TextEncoder", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PaperSourcesTests", dependencies: ["PaperSources"], resources: [.copy("Fixtures")]),
        // Shared by the test targets: where the fixture files are, and small helpers.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PaperStoreTests", dependencies: ["PaperStore", "TestSupport"]),
        .testTarget(name: "PaperSearchTests", dependencies: ["PaperSearch", "PaperStore", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PaperStore", "PaperSources", "TextEncoder", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["paperboy", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
