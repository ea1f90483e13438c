import Foundation

/// What the process used, from Linux's /proc: peak memory, and how much CPU other processes took
/// while a measurement ran (the anchors' `foreign_cpu_frac`: above ~0.05 the figure was disturbed).
public enum ProcessMeasurements {
    public static func peakResidentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return (kb / 1024 * 10).rounded() / 10
    }

    /// Runs `body` and returns its result with the share of all CPUs that other processes used meanwhile.
    public static func measuringForeignCPU<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let (total0, idle0) = systemTicks()
        let own0 = ownTicks()
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let (total1, idle1) = systemTicks()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let hz = 100.0  // USER_HZ on Linux
        let busy = Double((total1 - total0) - (idle1 - idle0)) / hz
        let own = Double(ownTicks() - own0) / hz
        let cpus = Double(ProcessInfo.processInfo.activeProcessorCount)
        return (result, max(0, (busy - own) / max(1e-9, wall * cpus)))
    }

    /// All CPUs' ticks, and the idle (idle + iowait) ones, from the first line of /proc/stat.
    private static func systemTicks() -> (Int, Int) {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first else { return (0, 0) }
        let ticks = line.split(separator: " ").dropFirst().prefix(8).compactMap { Int($0) }
        guard ticks.count == 8 else { return (0, 0) }
        return (ticks.reduce(0, +), ticks[3] + ticks[4])
    }

    /// This process's user + system ticks (fields 14 and 15 of /proc/self/stat).
    private static func ownTicks() -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }
}
