import Foundation
import NIOCore
import NIOPosix
import Testing
import TestSupport
@testable import Mailer

/// The SMTP client against a real server process (aiosmtpd) on loopback.
@Suite struct SMTPTransportTests {
    static func message(_ n: Int, to: String = "reader@example.org", text: String = "Hello.\n") -> RenderedMessage {
        Email(from: Mailbox("digest@paperboy.test"), to: [Mailbox(to)], subject: "Message \(n)", date: Date(),
              messageID: "m\(n).\(UUID().uuidString)@paperboy.test", text: text).rendered()
    }

    @Test func oneConnectionCarriesManyMessages() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(server.port)?pool=1"))
        for n in 0..<25 { try await transport.deliver(Self.message(n)) }
        await transport.close()
        let received = try server.received()
        #expect(received.map(\.headers["Subject"]) == (0..<25).map { "Message \($0)" })
        #expect(Set(received.map(\.peer)).count == 1, "every message on one connection")
    }

    @Test func aPoolSendsConcurrentlyOverAFewConnections() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(server.port)?pool=3"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<60 { group.addTask { try await transport.deliver(Self.message(n)) } }
            try await group.waitForAll()
        }
        await transport.close()
        let received = try server.received()
        #expect(received.count == 60)
        #expect(Set(received.map(\.peer)).count <= 3)
        #expect(Set(received.compactMap(\.headers["Subject"])).count == 60)
    }

    @Test(arguments: [true, false]) func dotStuffingKeepsLinesThatStartWithADot(pipelining: Bool) async throws {
        let server = try SMTPTestServer(pipelining ? [] : ["--no-pipelining"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port))
        let text = ".\n..\n.hidden\nnormal\n.\n"
        try await transport.deliver(Self.message(1, text: text))
        try await transport.deliver(Self.message(2, text: "second\n"))
        await transport.close()
        let received = try server.received()
        #expect(received.first?.plain?.replacingOccurrences(of: "\r\n", with: "\n") == text)
        #expect(received.count == 2)
    }

    /// A batch goes as one stream (each message's text with the next one's commands where the
    /// server pipelines); a message the server cannot take is refused alone, in its place.
    @Test(arguments: [true, false]) func aBatchKeepsEachMessagesOwnOutcome(pipelining: Bool) async throws {
        let server = try SMTPTestServer(["--size", "2000"] + (pipelining ? [] : ["--no-pipelining"]))
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(server.port)?pool=1"))
        let dotted = ".\n..\n.hidden\n.\n"
        let batch = (0..<6).map { n in Self.message(n, text: n == 2 ? String(repeating: "x", count: 5000) : n == 4 ? dotted : "Hello.\n") }
        let outcomes = await transport.deliver(batch: batch)
        #expect(outcomes.map { $0 == nil } == [true, true, false, true, true, true])
        #expect(outcomes[2]?.description.contains("SIZE limit of 2000") == true && outcomes[2]?.isTransient == false)
        await transport.close()
        let received = try server.received()
        #expect(received.map(\.headers["Subject"]) == [0, 1, 3, 4, 5].map { "Message \($0)" })
        #expect(received.first { $0.headers["Subject"] == "Message 4" }?.plain?.replacingOccurrences(of: "\r\n", with: "\n") == dotted)
        #expect(Set(received.map(\.peer)).count == 1, "one connection")
    }

    @Test func aBatchOf451sIsTemporaryAndGoesThroughOnTheRetry() async throws {
        let server = try SMTPTestServer(["--mode", "tempfail-first"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, poolSize: 1))
        let batch = (0..<3).map { Self.message($0) }
        let first = await transport.deliver(batch: batch)
        #expect(first.allSatisfy { $0?.isTransient == true && $0?.description.contains("451") == true }, "\(first)")
        #expect(await transport.deliver(batch: batch).allSatisfy { $0 == nil })
        await transport.close()
        #expect(try server.received().count == 3)
    }

    @Test func aBatchOfRefusedRecipientsNamesEachOne() async throws {
        let server = try SMTPTestServer(["--mode", "reject"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, poolSize: 1))
        let outcomes = await transport.deliver(batch: (0..<3).map { Self.message($0, to: "gone\($0)@example.org") })
        for (n, outcome) in outcomes.enumerated() {
            #expect(outcome?.isTransient == false && outcome?.description.contains("550 5.1.1 <gone\(n)@example.org>") == true, "\(outcomes)")
        }
        await transport.close()
    }

    /// A server that stops answering in the middle of a batch: every step has its timeout, and
    /// what was not accepted is a temporary failure (sent again later), never a success.
    @Test func aBatchTimesOutWhenTheServerStopsAnswering() async throws {
        let server = try SMTPTestServer(["--delay", "3"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(server.port)?pool=1&timeout=0.5"))
        let outcomes = await transport.deliver(batch: (0..<3).map { Self.message($0) })
        #expect(outcomes.allSatisfy { $0?.isTransient == true }, "\(outcomes)")
        #expect(outcomes[0]?.description.contains("no reply to end of data within") == true, "\(outcomes)")
        await transport.close()
    }

    @Test func startTLSWithASelfSignedCertificateAndAuthPlain() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try SMTPTestServer.makeCertificate(in: folder)
        let server = try SMTPTestServer(["--starttls", certificate, key, "--auth", "lab:s3cret:%"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://lab:s3cret%3A%25@127.0.0.1:\(server.port)?starttls=required&ca=\(certificate)"))
        try await transport.deliver(Self.message(1))
        await transport.close()
        let received = try server.received()
        #expect(received.count == 1 && received.first?.tls == true)

        // Without trusting the certificate, the client refuses to go on (and sends nothing).
        let untrusting = SMTPTransport(settings: try SMTPSettings(url: "smtp://lab:s3cret%3A%25@127.0.0.1:\(server.port)"))
        let distrust = await #expect(throws: DeliveryError.self) { try await untrusting.deliver(Self.message(2)) }
        #expect(distrust?.description.lowercased().contains("certificate") == true, "\(String(describing: distrust))")
        // A wrong password is a permanent failure that names the step, not the password.
        let wrong = SMTPTransport(settings: try SMTPSettings(url: "smtp://lab:nope@127.0.0.1:\(server.port)?ca=\(certificate)"))
        let error = await #expect(throws: DeliveryError.self) { try await wrong.deliver(Self.message(3)) }
        #expect(error?.isTransient == false, "\(String(describing: error))")
        #expect(error?.description.contains("AUTH PLAIN: 535") == true && error?.description.contains("nope") == false)
        #expect(try server.received().count == 1)
    }

    @Test func implicitTLSWithAuthLogin() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try SMTPTestServer.makeCertificate(in: folder)
        let server = try SMTPTestServer(["--implicit-tls", certificate, key, "--auth", "lab:pw", "--auth-exclude", "PLAIN"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtps://lab:pw@127.0.0.1:\(server.port)?ca=\(certificate)"))
        try await transport.deliver(Self.message(1))
        await transport.close()
        #expect(try server.received().map(\.tls) == [true])
    }

    @Test func a451IsTemporaryAndTheRetryGoesThrough() async throws {
        let server = try SMTPTestServer(["--mode", "tempfail-first"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, poolSize: 1))
        let message = Self.message(1)
        let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(message) }
        #expect(error?.isTransient == true && error?.description.contains("451") == true)
        try await transport.deliver(message)  // the same session: a refused DATA ends the transaction only
        await transport.close()
        #expect(try server.received().count == 1)
    }

    @Test func a550IsPermanentWithTheServersReplyAndTheSessionSurvives() async throws {
        let server = try SMTPTestServer(["--mode", "reject"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, poolSize: 1))
        for n in 0..<3 {
            let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(Self.message(n, to: "gone\(n)@example.org")) }
            #expect(error?.isTransient == false)
            #expect(error?.description.contains("550 5.1.1 <gone\(n)@example.org>: mailbox unavailable") == true)
        }
        await transport.close()
    }

    @Test func aMessageOverTheServersSizeLimitIsRefusedBeforeSending() async throws {
        let server = try SMTPTestServer(["--size", "2000"])
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port))
        let error = await #expect(throws: DeliveryError.self) {
            try await transport.deliver(Self.message(1, text: String(repeating: "x", count: 5000)))
        }
        #expect(error?.description.contains("SIZE limit of 2000") == true)
        try await transport.deliver(Self.message(2))
        await transport.close()
        #expect(try server.received().count == 1)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        // A listener that accepts and then says nothing. Its own event loop: in the full suite the
        // shared one also runs other tests' servers, whose work delayed the timer by minutes.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let silent = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(silent.localAddress?.port)
        let transport = SMTPTransport(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(port)?timeout=0.3"), group: group)
        let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(Self.message(1)) }
        // The configured timeout fired, not the default 30 s. Said by the error, not by the clock:
        // on a loaded machine the test's task waited over a minute for a thread after it fired.
        #expect(error?.isTransient == true && error?.description.contains("no reply to greeting within 0.3 s") == true,
                "\(error.map(String.init(describing:)) ?? "no error")")
        await transport.close()
        try await silent.close()
        try await group.shutdownGracefully()
    }

    @Test func nothingListeningIsATemporaryFailure() async throws {
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: 1, timeout: .seconds(2)))
        let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(Self.message(1)) }
        #expect(error?.isTransient == true)
    }

    @Test func addressesThatCouldInjectCommandsAreRefused() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port))
        let evil = RenderedMessage(sender: "a@b.org", recipients: ["x@y.org>\r\nRCPT TO:<victim@z.org"], messageID: "e@x", data: Array("Subject: x\r\n\r\nx\r\n".utf8))
        let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(evil) }
        #expect(error?.isTransient == false)
        await transport.close()
        #expect(try server.received().isEmpty)
    }
}
