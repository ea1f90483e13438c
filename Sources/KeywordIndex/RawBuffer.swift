import CMemoryHints
import Foundation

/// A growable array of plain values with no copy-on-write: the builder appends hundreds of
/// millions of values, and a Swift array's uniqueness check on every append took a seventh of the
/// build's time. The owner frees it explicitly (`free()`); copies share storage, so only one may
/// be used.
struct RawBuffer<Element: BitwiseCopyable>: BitwiseCopyable {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(count + 1) }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }

    mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity < 8 ? 8 : capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            newBase.update(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// Makes room for `count` more values at the end and returns where they go (uninitialised).
    @inline(__always)
    @discardableResult
    mutating func extend(by added: Int) -> UnsafeMutablePointer<Element> {
        let start = tail(room: added)
        count += added
        return start
    }

    /// Where values appended next go, with room for `room` of them; `extend(by:)` then counts
    /// the ones written.
    @inline(__always)
    mutating func tail(room: Int) -> UnsafeMutablePointer<Element> {
        if count + room > capacity { grow(count + room) }
        return base.unsafelyUnwrapped + count
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Starts loading the memory where the next value goes, for an append a little later.
    @inline(__always)
    func prefetchTail() {
        if let base { prefetch_for_write(base + count) }
    }

    /// Forgets the contents, keeping the storage.
    mutating func removeAll() { count = 0 }

    func free() { base?.deallocate() }

}

extension RawBuffer<UInt8> {
    /// Appends the bytes of `value`, least significant first.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { for byte in $0 { append(byte) } }
    }

    /// Appends `bytes` in one copy.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(count + bytes.count) }
        UnsafeMutableRawPointer(base.unsafelyUnwrapped + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}
