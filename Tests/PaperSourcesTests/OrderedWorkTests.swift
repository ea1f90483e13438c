import Dispatch
import Foundation
import Synchronization
import Testing
@testable import PaperSources

@Suite struct OrderedWorkTests {
    /// Pieces that finish in reverse order still come back in the order they were submitted,
    /// and never more than `inFlight` run or wait at once.
    @Test func resultsComeBackInSubmissionOrderWithBoundedWorkInFlight() {
        let work = OrderedWork<Int>(inFlight: 3)
        let running = Atomic<Int>(0)
        let mostAtOnce = Atomic<Int>(0)
        var delivered: [Int] = []
        for piece in 0..<20 {
            work.submit({
                let now = running.add(1, ordering: .relaxed).newValue
                mostAtOnce.max(now, ordering: .relaxed)
                usleep(UInt32((20 - piece % 4 * 5) * 1_000))  // later pieces of a group of four finish first
                running.subtract(1, ordering: .relaxed)
                return piece
            }, deliver: { delivered.append($0) })
            #expect(delivered.count >= piece + 1 - 3)
        }
        work.finish { delivered.append($0) }
        #expect(delivered == Array(0..<20))
        #expect(mostAtOnce.load(ordering: .relaxed) <= 3)
    }

    /// An error from `deliver` stops the caller; `cancel` then waits for what is still running.
    @Test func aFailingDeliveryLeavesNothingRunningAfterCancel() {
        struct Stop: Error {}
        let work = OrderedWork<Int>(inFlight: 2)
        let finished = Atomic<Int>(0)
        var submitted = 0
        do {
            for piece in 0..<10 {
                try work.submit({
                    usleep(5_000)
                    finished.add(1, ordering: .relaxed)
                    return piece
                }, deliver: { if $0 == 1 { throw Stop() } })
                submitted += 1
            }
            Issue.record("the failing delivery did not stop the loop")
        } catch {
            work.cancel()
        }
        #expect(submitted == 3)  // pieces 0, 1 and 2 were under way when piece 1 came back
        #expect(finished.load(ordering: .relaxed) == submitted)
    }
}
