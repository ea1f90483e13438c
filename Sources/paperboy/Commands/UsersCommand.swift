import ArgumentParser
import PaperModels

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the web site's accounts.",
        subcommands: [GrantAdmin.self])

    struct GrantAdmin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-admin",
            abstract: "Make an e-mail address an admin (the account is created if it has never signed in).",
            discussion: "Admins see /admin; everyone else gets a 404 there.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The e-mail address.", valueName: "email"))
        var email: String

        func run() throws {
            guard let address = EmailAddress.normalized(email) else { throw ValidationError("\"\(email)\" is not an e-mail address") }
            let account = try database.open().account(email: address, admin: true)
            print("\(account.email) is an admin.")
        }
    }
}
