import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock between processes on an index directory (`flock` on its `LOCK` file): the
/// site and a `paperboy ingest` beside it both bring the same index up to date, and opening an
/// index removes files no commit names, which must not be another process's segment in the making.
/// The kernel drops the lock when its holder dies, so a killed process never leaves it taken.
enum IndexDirectoryLock {
    static func withExclusive<T>(_ directory: String, _ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lockPath = (directory as NSString).appendingPathComponent("LOCK")
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: lockPath]) }
        defer { close(descriptor) }  // closing releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        return try body()
    }

    /// Which commit point is on disk: a commit writes a new file and renames it over the old, so
    /// a different inode (or change time) means another process committed.
    static func commitStamp(_ directory: String) -> [Int] {
        var info = stat()
        guard stat((directory as NSString).appendingPathComponent("COMMIT"), &info) == 0 else { return [] }
        return [Int(info.st_ino), Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec)]
    }
}
