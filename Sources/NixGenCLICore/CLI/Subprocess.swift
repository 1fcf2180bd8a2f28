import Foundation

/// Runs a program (git, nix found on `PATH`) and collects what it printed: the one place the CLI,
/// and the tests, start another process.
package enum Subprocess {
    package struct Result {
        package var status: Int32
        package var output: Data
        package var errors: String
        /// Standard output as text, trimmed.
        var text: String { String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Hands standard error from its reader to the waiting thread.
    private final class Box: @unchecked Sendable { var data = Data() }

    /// Nil when the program cannot be started. Standard error is read beside standard output, so a
    /// long error (a Nix trace) cannot fill its pipe and stall the program.
    static func run(_ arguments: [String], environment: [String: String]? = nil) -> Result? {
        try? run(URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: environment)
    }

    /// Runs `executable` (the tests' runner too). `input`, when given, is written to its standard
    /// input, which is then closed; otherwise the program inherits this one's.
    package static func run(_ executable: URL, _ arguments: [String], input: Data? = nil, in directory: URL? = nil,
                            environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe(), standardInput = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = errors
        if let standardInput { process.standardInput = standardInput }
        try process.run()
        if let standardInput, let input {
            standardInput.fileHandleForWriting.write(input)
            try standardInput.fileHandleForWriting.close()
        }
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
