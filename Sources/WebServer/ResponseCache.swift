import Foundation
import Hummingbird
import Synchronization

/// Public responses kept for a few seconds (micro-caching): a popular page is rendered once per
/// lifetime however many people ask for it. Only anonymous GETs are cached (a signed-in person's
/// page carries their name and token); the site clears the cache when it changes data itself
/// (votes, submissions), and the lifetime bounds how stale a page can be after an ingest by
/// another process — well within the pages' own `max-age` of 60 s.
final class ResponseCache: Sendable {
    /// A body with its ETag, computed once: hashing a feed page on every hit cost a fifth of the time.
    struct Entry { var body: ByteBuffer; var etag: String; var expires: Date }
    private let entries = Mutex<[String: Entry]>([:])
    let lifetime: TimeInterval
    /// Bounds the memory a flood of distinct URLs can take (entries of at most `maxBody` bytes).
    let capacity = 512
    let maxBody = 256 * 1_024

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func get(_ key: String, now: Date) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.expires > now else { return nil }
            return entry
        }
    }

    func put(_ key: String, _ body: ByteBuffer, etag: String, now: Date) {
        guard lifetime > 0, body.readableBytes <= maxBody else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(body: body, etag: etag, expires: now.addingTimeInterval(lifetime))
        }
    }

    func clear() { entries.withLock { $0.removeAll(keepingCapacity: true) } }
}

extension Site {
    /// A response of a public route: for anonymous requests from the cache when it has it, else
    /// rendered (and cached); for a signed-in person always rendered, and private.
    func publicResponse(_ request: Request, type: String, render: (Session?) throws -> String) throws -> Response {
        let session = try session(request)
        let key = request.uri.path + "?" + (request.uri.query ?? "")
        let now = configuration.now()
        if session == nil, let entry = cache.get(key, now: now) {
            return Responses.ok(entry.body, type: type, request: request, cacheControl: Responses.publicCache, etag: entry.etag)
        }
        let body = ByteBuffer(string: try render(session))
        let etag = Responses.etag(body)
        if session == nil { cache.put(key, body, etag: etag, now: now) }
        return Responses.ok(body, type: type, request: request, cacheControl: session == nil ? Responses.publicCache : Responses.privateCache, etag: etag)
    }
}
