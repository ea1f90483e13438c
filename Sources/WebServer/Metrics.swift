import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// Request counts and latencies per route, in Prometheus' text format at `/metrics`.
///
/// Each site owns its registry rather than bootstrapping swift-metrics' process-wide system, so
/// that tests (and two sites in one process) count only their own requests.
final class HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
        metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route pattern, method and status.")
    }
    private static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
        metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer a request, by route pattern and method.")
    }
    private static let buckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 5_000].map { Duration.milliseconds($0) }

    private struct Series: Hashable { var route: String, method: String, status: Int }
    /// The collectors of each series seen, so that a request costs one look-up, not the
    /// registry's validation and label handling (a few percent of a cached page's CPU).
    private let collectors = Mutex<[Series: (Counter, DurationHistogram)]>([:])

    func record(route: String, method: String, status: Int, duration: Duration) {
        let series = Series(route: route, method: method, status: status)
        let (counter, histogram) = collectors.withLock { known in
            if let found = known[series] { return found }
            let made = (registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]),
                        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route), ("method", method)], buckets: Self.buckets))
            known[series] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }
}

/// The outermost middleware: one log line per request, tagged with its request id (also sent
/// back as `X-Request-Id`), and the request counted in the metrics under its route pattern
/// (`/papers/**`, never the raw path, so that hostile URLs cannot grow the metrics).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics
    static var requestIDHeader: HTTPField.Name? { HTTPField.Name("X-Request-Id") }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        if let header = Self.requestIDHeader { response.headers[header] = context.id }
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
        // Tenths of a millisecond by integers: `String(format:)` cost more than the rest of the line.
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(tenths / 10).\(tenths % 10) ms",
                            metadata: ["route": .string(route)])
        return response
    }
}
