import Foundation
import Hummingbird
import Logging
import PaperViews

/// A request the site answers with an error page (or a JSON error under /api): the message is
/// written for the person who made the request, never taken from an internal error.
struct PageError: Error, Equatable {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> PageError { PageError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> PageError { PageError(status: .notFound, message: message) }
}

/// Turns every error into a page: `PageError` as written, Hummingbird's own (an unknown route, a
/// malformed request) by their status, anything else as a 500 that names only the request id,
/// the real error going to the log.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            return Self.response(status: error.status, message: error.message, request: request)
        } catch let error as any HTTPResponseError where error.status != .internalServerError {
            let message = error.status == .notFound ? "There is no page at this address." : "This request cannot be answered (\(error.status.code))."
            return Self.response(status: error.status, message: message, request: request)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return Self.response(status: .internalServerError,
                                 message: "Something went wrong on our side. The error is logged as request \(context.id).", request: request)
        }
    }

    static func response(status: HTTPResponse.Status, message: String, request: Request) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            let body = (try? Responses.jsonBytes(["error": message])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Responses.uncached(body, status: status, type: Responses.json)
        }
        let title = status == .notFound ? "Not found" : status.code < 500 ? "Cannot show this page" : "Server error"
        let page = ErrorView.render(ErrorPageModel(title: title, message: message))
        return Responses.uncached(page, status: status, type: Responses.html)
    }
}
