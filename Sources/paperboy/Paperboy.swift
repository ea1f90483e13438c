import ArgumentParser

/// `paperboy`: a self-hosted research-paper feed. Each subcommand parses its arguments, resolves the
/// configuration (AppBootstrap) and calls one use case.
@main
struct Paperboy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "Your own research-paper feed: ingest papers, search them, keep them.",
        discussion: """
            Paperboy keeps everything in one SQLite file (default ./paperboy.sqlite; change it with \
            --db PATH or the PAPERBOY_DB environment variable).

            Start with `paperboy serve`, which loads the bundled demo papers and opens the web site \
            at http://127.0.0.1:8080, or `paperboy demo`, which runs a search on them.
            """,
        subcommands: [ServeCommand.self, DemoCommand.self, UsersCommand.self, SubscribersCommand.self, DigestCommand.self, IngestCommand.self, SearchCommand.self, RelatedCommand.self,
                      HarvestCommand.self, ShowCommand.self, StatsCommand.self, BackupCommand.self, ModelCommand.self, EncodeCommand.self, EmbedCommand.self,
                      EvalCommand.self, BenchCommand.self, ReindexCommand.self])
}

