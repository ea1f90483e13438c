import Foundation
import Hummingbird
import PaperModels
import PaperStore
import PaperViews

/// `/submit`: signed-in people add stored papers to the feed of today or one of the 6 days before.
extension Site {
    static let submissionsPerDay = 5

    func registerSubmit(on router: Router<AppRequestContext>) {
        router.get(RouterPath(AccountRoute.submit)) { request, _ in
            guard let session = try session(request) else { return Self.redirect(AccountRoute.signIn) }
            return submitPage(.form, session: session, status: .ok)
        }
        router.post(RouterPath(AccountRoute.submit)) { request, _ in
            let form = try await QueryParameters.form(request)
            guard let session = try session(request) else { return Self.redirect(AccountRoute.signIn) }
            guard form["csrf"] == session.viewer.csrf else { throw Self.forbidden }
            guard let day = form["day"], submissionDays.contains(day) else {
                return submitPage(.problem("Choose today or one of the six days before it."), session: session, status: .badRequest)
            }
            guard let text = form["paper"], text.count <= 200, let id = ArxivID(text) else {
                return submitPage(.problem("Write an arXiv id such as 2506.01234 or astro-ph/0601001."), session: session, status: .badRequest)
            }
            let state: SubmitPageModel.State
            var status = HTTPResponse.Status.ok
            switch try database.submit(paperID: id.bare, day: day, accountID: session.account.id, dailyLimit: Self.submissionsPerDay, now: configuration.now()) {
            case .added(let paper):
                state = .added(paper, day: day)
                cache.clear()
            case .unknownPaper:
                (state, status) = (.problem("Paperboy does not store \(id.bare) yet; ingest it first."), .notFound)
            case .alreadyOnFeed(let featured):
                (state, status) = (.problem("\(id.bare) is already on the feed of \(featured)."), .conflict)
            case .limitReached:
                (state, status) = (.problem("You have submitted \(Self.submissionsPerDay) papers today; more tomorrow."), .tooManyRequests)
            }
            return submitPage(state, session: session, status: status)
        }
    }

    /// Today and the six days before it.
    private var submissionDays: [String] {
        (0..<7).map { Day.string(configuration.now().addingTimeInterval(-Double($0) * 86_400)) }
    }

    private func submitPage(_ state: SubmitPageModel.State, session: Session, status: HTTPResponse.Status) -> Response {
        let model = SubmitPageModel(state: state, days: submissionDays, dailyLimit: Self.submissionsPerDay)
        return Responses.uncached(SubmitView.render(model, viewer: session.viewer), status: status, type: Responses.html)
    }
}
