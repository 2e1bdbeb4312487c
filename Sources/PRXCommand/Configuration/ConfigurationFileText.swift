import Glibc
import PRXPlugins

/// The text of a configuration file: its bytes, read with the system's own reasons for a failure, as UTF-8.
///
/// Foundation's reading gave a FIFO or a device "You don't have permission" and `/proc/self/mem` an error code, and
/// a byte that is not UTF-8 "The file isn't in the correct format", naming no line.
enum ConfigurationFileText {
    /// The most of a file read: far above any configuration, far below what would exhaust memory.
    static let sizeLimit = 16 << 20

    /// The text of the file at `path`, a byte order mark left out.
    ///
    /// - Throws: ``ConfigurationError`` when `path` names no regular file (a directory, a FIFO, a device), cannot be
    ///   opened or read, is larger than ``sizeLimit``, or is not UTF-8 (naming the line of the first byte that is
    ///   not).
    static func read(path: String) throws(ConfigurationError) -> String {
        let bytes = try bytes(of: path)
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var iterator = text.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = text.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .emptyInput:
                return String(decoding: text, as: UTF8.self)
            case .error:
                let line = text[..<offset].count { $0 == UInt8(ascii: "\n") } + 1
                let byte = String(text[offset], radix: 16, uppercase: true)
                throw ConfigurationError(
                    path: path, line: line, problem: "the file is not UTF-8 text: byte 0x\(byte) is not UTF-8")
            }
        }
    }

    /// Every byte of the regular file at `path`.
    private static func bytes(of path: String) throws(ConfigurationError) -> [UInt8] {
        func failure(_ reason: String) -> ConfigurationError {
            ConfigurationError(path: path, line: nil, problem: "cannot read the file: \(reason)")
        }
        // The kind first: a FIFO or a device holds no configuration (a FIFO with no writer would read as empty).
        let identity: FileIdentity
        do {
            identity = try FileStatus(ofFileAt: path).identity
        } catch {
            throw failure(error.description)
        }
        guard identity.isRegularFile else { throw failure("it is \(identity.typeName)") }
        let file: FileDescriptor
        do {
            file = try FileDescriptor.openForReading(path)
        } catch {
            throw failure(error.description)
        }
        defer { file.close() }
        let bytes: [UInt8]?
        do {
            bytes = try file.readToEnd(atMost: sizeLimit)
        } catch {
            throw failure(error.description)
        }
        guard let bytes else { throw failure("it is over \(sizeLimit >> 20) MiB") }
        return bytes
    }
}
