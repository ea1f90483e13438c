import Foundation
import PaperSources
import Testing

@Suite struct HTTPPolicyTests {
    @Test func retryAfterIsReadInSecondsOrAsAnHTTPDate() {
        #expect(HTTPPolicy.retryAfter("10") == .seconds(10))
        #expect(HTTPPolicy.retryAfter(" 0 ") == .zero)
        let now = Date(timeIntervalSince1970: 1_529_591_451)  // Thu, 21 Jun 2018 14:30:51 GMT, the recorded 503's date
        #expect(HTTPPolicy.retryAfter("Thu, 21 Jun 2018 14:31:01 GMT", now: now) == .seconds(10))
        #expect(HTTPPolicy.retryAfter("Thu, 21 Jun 2018 14:00:00 GMT", now: now) == .zero, "a date in the past: no wait")
        #expect(HTTPPolicy.retryAfter("soon") == nil)
        #expect(HTTPPolicy.retryAfter("-5") == nil)
    }

    @Test func backoffDoublesWithJitterAndIsCapped() {
        let policy = HTTPPolicy(userAgent: "test", backoffBase: .seconds(2), maxBackoff: .seconds(30))
        #expect((1...5).map { policy.backoff(retry: $0, jitter: 1) } == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30)])
        #expect(policy.backoff(retry: 2, jitter: 0.5) == .seconds(2) && policy.backoff(retry: 2, jitter: 1.5) == .seconds(6))
        #expect(policy.backoff(retry: 2, jitter: 9) == .seconds(6), "jitter is kept within ±50%")
    }

    @Test func theUserAgentCarriesTheContactAddress() {
        #expect(HTTPPolicy.userAgent(contact: "me@example.org") == "Paperboy/1.0 (mailto:me@example.org)")
        #expect(HTTPPolicy.userAgent(contact: nil) == "Paperboy/1.0")
    }
}
