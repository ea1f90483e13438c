import ArgumentParser

/// `paperboy`: a self-hosted research-paper feed. Each subcommand parses its arguments, resolves the
/// configuration (AppBootstrap) and calls one use case.
struct Paperboy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "Your own research-paper feed: ingest papers, search them, keep them.",
        discussion: """
            Paperboy keeps everything in one SQLite file (default ./paperboy.sqlite; change it with \
            --db PATH or the PAPERBOY_DB environment variable).

            Start with `paperboy demo`, which loads the bundled demo papers and runs a search.
            """,
        subcommands: [DemoCommand.self, IngestCommand.self, SearchCommand.self, RelatedCommand.self, ShowCommand.self,
                      StatsCommand.self, BackupCommand.self, ModelCommand.self, EncodeCommand.self, EmbedCommand.self, EvalCommand.self, BenchCommand.self])
}

Paperboy.main()
