#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A manually managed array of plain values, 64-byte aligned (a cache line, and the width of the
/// widest vector loads), that grows by reallocation and is zero past what was written. The
/// indexes keep millions of rows in a few of these rather than in Swift arrays, so that the hot
/// loops work on raw pointers with no copy-on-write checks, and the persistence code can read
/// and write them in one call each.
final class AlignedArray<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = Self.allocate(self.capacity)
    }

    deinit { base.deallocate() }

    /// Reallocates to hold at least `needed` elements (doubling, so appends stay amortised O(1)).
    func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        let newCapacity = max(needed, capacity * 2)
        let newBase = Self.allocate(newCapacity)
        newBase.update(from: base, count: capacity)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Element>.stride, alignment: 64)
        memset(raw, 0, count * MemoryLayout<Element>.stride)
        return raw.bindMemory(to: Element.self, capacity: count)
    }
}

/// A readers-writer lock: searches share it, writes take it alone.
final class ReadWriteLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    init() { pthread_rwlock_init(lock, nil) }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func reading<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func writing<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

/// Mutexes shared out among graph nodes by number, for the parallel build: a thread changing a
/// node's neighbour list holds that node's stripe, and never two stripes at once, so there is no
/// lock order to get wrong. 4,096 stripes make two builder threads meet rarely.
final class LockStripes: @unchecked Sendable {
    private static let count = 4096
    private let locks = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: LockStripes.count)

    init() {
        for i in 0..<Self.count { pthread_mutex_init(locks + i, nil) }
    }

    deinit {
        for i in 0..<Self.count { pthread_mutex_destroy(locks + i) }
        locks.deallocate()
    }

    @inline(__always)
    func withLock<T>(_ node: UInt32, _ body: () throws -> T) rethrows -> T {
        let lock = locks + (Int(node) & (Self.count - 1))
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try body()
    }
}

/// A plain mutex, for the few places where readers-writer semantics do not fit.
final class Mutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
