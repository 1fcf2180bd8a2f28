import Foundation

/// Runs a program found on `PATH` (git, nix) and collects what it printed: the one place the CLI
/// starts another process.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: Data
        var errors: String
        /// Standard output as text, trimmed.
        var text: String { String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Hands standard error from its reader to the waiting thread.
    private final class Box: @unchecked Sendable { var data = Data() }

    /// Nil when the program cannot be started. Standard error is read beside standard output, so a
    /// long error (a Nix trace) cannot fill its pipe and stall the program.
    static func run(_ arguments: [String], environment: [String: String]? = nil) -> Result? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        guard (try? process.run()) != nil else { return nil }
        let box = Box(), done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            box.data = errors.fileHandleForReading.readDataToEndOfFile()
            done.leave()
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: printed, errors: String(decoding: box.data, as: UTF8.self))
    }
}
