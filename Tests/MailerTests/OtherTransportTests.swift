import Foundation
import Testing
import TestSupport
@testable import Mailer

@Suite struct OtherTransportTests {
    @Test func sendmailDashTPipesThroughARealSendmail() async throws {
        // msmtp's sendmail interface, relaying to the local test server.
        let server = try SMTPTestServer()
        defer { server.stop() }
        let transport = try MailTransports.make(url: "sendmail:/usr/bin/msmtp?arg=--host%3D127.0.0.1&arg=--port%3D\(server.port)")
        try await transport.deliver(MIMETests.email().rendered())
        let received = try #require(try server.received().first)
        #expect(received.headers["Subject"] == MIMETests.email().subject)
        #expect(received.rcpt_tos == ["reader@example.org"] && received.mail_from == "digest@paperboy.test")
    }

    @Test func sendmailFailuresCarryTheProgramsMessage() async throws {
        let server = try SMTPTestServer(["--mode", "reject"])
        defer { server.stop() }
        let transport = try MailTransports.make(url: "sendmail:/usr/bin/msmtp?arg=--host%3D127.0.0.1&arg=--port%3D\(server.port)")
        let error = await #expect(throws: DeliveryError.self) { try await transport.deliver(MIMETests.email().rendered()) }
        #expect(error?.description.contains("mailbox unavailable") == true)
        let missing = SendmailTransport(program: "/nonexistent/sendmail")
        await #expect(throws: DeliveryError.self) { try await missing.deliver(MIMETests.email().rendered()) }
    }

    @Test func aFolderGetsOneEmlFilePerMessageID() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let transport = try MailTransports.make(url: folder.absoluteString)
        try await transport.deliver(MIMETests.email(id: "a/1@x").rendered())
        try await transport.deliver(MIMETests.email(id: "a/1@x").rendered())
        try await transport.deliver(MIMETests.email(id: "b@x").rendered())
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["a_1@x.eml", "b@x.eml"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("b@x.eml")) == Data(MIMETests.email(id: "b@x").rendered().data))
    }

    @Test(arguments: ["http://x", "smtp://", "smtp://h?pool=0", "smtp://h?starttls=maybe", "smtp://h?timeout=-1", "file://", "gopher://x"])
    func badTransportURLsAreExplained(url: String) {
        #expect(throws: MailerConfigurationError.self) { _ = try MailTransports.make(url: url) }
    }

    @Test func smtpURLsSayEverything() throws {
        let settings = try SMTPSettings(url: "smtp://us%40er:p%3Ass@mail.example.org:587?starttls=required&pool=8&timeout=2.5&helo=paperboy.example")
        #expect(settings.host == "mail.example.org" && settings.port == 587)
        #expect(settings.user == "us@er" && settings.password == "p:ss")
        #expect(settings.tls == .required && settings.poolSize == 8 && settings.timeout == .milliseconds(2500))
        #expect(settings.heloName == "paperboy.example")
        #expect(try SMTPSettings(url: "smtps://h").port == 465)
        #expect(try SMTPSettings(url: "smtps://h").tls == .implicit)
    }
}
