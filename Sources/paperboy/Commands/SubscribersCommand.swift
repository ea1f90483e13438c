import ArgumentParser
import Foundation
import PaperModels
import PaperStore

struct SubscribersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Manage the e-mail digest's subscribers.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add confirmed subscribers (a lab adding its mailing list): no confirmation mail is sent.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The e-mail addresses.", valueName: "email"))
        var emails: [String] = []

        @Option(help: ArgumentHelp("A file of addresses, one a line (a mailing list); blank lines and lines starting with # are skipped.", valueName: "path"))
        var fromFile: String?

        @Option(help: "daily or weekly.")
        var frequency: DigestPreferences.Frequency = .daily

        @Option(help: "The hour of the digest, 0-23, in --time-zone.")
        var hour = 7

        @Option(help: "The weekday of a weekly digest, 1 (Monday) to 7 (Sunday).")
        var weekday = 1

        @Option(help: ArgumentHelp("An IANA time zone such as Europe/Zurich.", valueName: "zone"))
        var timeZone = "UTC"

        @Option(help: "How many trending papers.")
        var trending = 10

        @Option(name: .customLong("category"), help: ArgumentHelp("Limit trending to an arXiv category (repeatable).", valueName: "cat"))
        var categories: [String] = []

        @Option(name: .customLong("search"), help: ArgumentHelp("A saved search, in the search language (repeatable; keyword mode).", valueName: "query"))
        var searches: [String] = []

        func validate() throws {
            guard (0...23).contains(hour) else { throw ValidationError("--hour must be from 0 to 23, not \(hour)") }
            guard (1...7).contains(weekday) else { throw ValidationError("--weekday must be from 1 (Monday) to 7 (Sunday), not \(weekday)") }
            guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone \"\(timeZone)\" is not a time zone (try Europe/Zurich or UTC)") }
            guard (0...DigestPreferences.maxTrending).contains(trending) else { throw ValidationError("--trending must be from 0 to \(DigestPreferences.maxTrending)") }
            for email in emails where EmailAddress.normalized(email) == nil { throw ValidationError("\"\(email)\" is not an e-mail address") }
            guard !emails.isEmpty || fromFile != nil else { throw ValidationError("give e-mail addresses, or --from-file") }
        }

        func run() throws {
            var addresses = emails.compactMap(EmailAddress.normalized)
            if let fromFile {
                let text: String
                do { text = try String(contentsOfFile: fromFile, encoding: .utf8) } catch { throw CommandFailure("cannot read \(fromFile): \(error.localizedDescription)") }
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let entry = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    if entry.isEmpty || entry.hasPrefix("#") { continue }
                    guard let address = EmailAddress.normalized(entry) else {
                        FileHandle.standardError.write(Data("skipped \(fromFile) line \(number + 1): not an e-mail address\n".utf8))
                        continue
                    }
                    addresses.append(address)
                }
            }
            let db = try database.open()
            let preferences = DigestPreferences(frequency: frequency, weekday: weekday, hour: hour, timeZone: timeZone, trendingCount: trending,
                                                categories: categories, savedSearches: searches.map { SavedSearch(query: $0) })
            let added = try db.addConfirmedSubscribers(emails: addresses, preferences: preferences, now: Date())
            for (email, isNew) in zip(addresses, added) {
                print(isNew ? "\(email): added, confirmed." : "\(email): already known; now confirmed (preferences kept).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscribers: address, status, schedule.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Only pending, confirmed or unsubscribed subscribers.")
        var status: Subscriber.Status?

        func run() throws {
            let subscribers = try database.open().subscribers(status: status)
            for s in subscribers {
                let p = s.preferences
                let when = p.frequency == .daily ? "daily" : "weekly on \(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][p.weekday - 1])"
                print("\(s.email)\t\(s.status.rawValue)\t\(when) at \(p.hour):00 \(p.timeZone)\t\(p.trendingCount) trending, \(p.savedSearches.count) saved searches")
            }
            FileHandle.standardError.write(Data("\(subscribers.count) subscriber\(subscribers.count == 1 ? "" : "s")\n".utf8))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove subscribers and the record of what was sent to them.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The e-mail addresses.", valueName: "email"))
        var emails: [String]

        func run() throws {
            let db = try database.open()
            var unknown: [String] = []
            for email in emails {
                if try db.removeSubscriber(email: email) { print("\(email.lowercased()): removed.") } else { unknown.append(email) }
            }
            if !unknown.isEmpty { throw CommandFailure("no subscriber with the address \(unknown.joined(separator: ", "))") }
        }
    }
}

extension DigestPreferences.Frequency: ExpressibleByArgument {}
extension Subscriber.Status: ExpressibleByArgument {}
