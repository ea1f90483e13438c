import Foundation

/// Writes each message to `<folder>/<Message-ID>.eml`, for development: open them in a mail
/// program. A message is written to a temporary name and renamed, so no half file is ever seen;
/// the same Message-ID overwrites its file, so a repeated delivery leaves one copy.
public struct FolderTransport: MailTransport {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public func deliver(_ message: RenderedMessage) async throws {
        let safeName = String(message.messageID.map { $0.isLetter || $0.isNumber || "-_.@".contains($0) ? $0 : "_" }.prefix(200))
        let target = folder.appendingPathComponent(safeName + ".eml")
        let temporary = folder.appendingPathComponent(".\(safeName).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(message.data).write(to: temporary)
            // rename(2) replaces an existing file atomically.
            guard rename(temporary.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DeliveryError.transient("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    public func close() async {}
}
