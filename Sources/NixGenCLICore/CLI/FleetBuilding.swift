import Foundation
import NixGen
import NixGenGenerator

/// The fleet's declaration did not finish within the limit: almost always Swift globals that
/// refer to each other in a cycle, whose lazy initialisers then wait on each other forever.
struct FleetNeverFinished: Error {
    var seconds: Double
}

/// Hands the built fleet from the builder thread to the waiting one.
private final class FleetBox: @unchecked Sendable {
    var fleet: Fleet?
}

extension CLI {
    /// Seconds the declaration may take to build; `NIXGEN_BUILD_TIMEOUT` overrides the default 10.
    var buildTimeout: Double {
        environment["NIXGEN_BUILD_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 10
    }

    /// Builds the fleet on a thread of its own, so a declaration that never finishes ends the
    /// command with a clear error instead of a silent hang (the stuck thread goes with the process).
    func builtFleet() throws -> Fleet { try builtFleet(meanwhile: {}).fleet }

    /// Builds the fleet while `work` runs on this thread (render scans the output folder then).
    func builtFleet<Work>(meanwhile work: () -> Work) throws -> (fleet: Fleet, work: Work) {
        let box = FleetBox()
        let done = DispatchSemaphore(value: 0)
        let build = fleet
        let thread = Thread {
            box.fleet = build()
            done.signal()
        }
        thread.stackSize = 64 << 20 // the DSL's result builders recurse per nesting level
        let deadline = DispatchTime.now() + buildTimeout
        thread.start()
        let result = work()
        guard done.wait(timeout: deadline) == .success, let fleet = box.fleet else {
            throw FleetNeverFinished(seconds: buildTimeout)
        }
        return (fleet, result)
    }

    /// The nixgen code rendering, for the render stamp's key: the executable's device, inode,
    /// size, modification time (a rebuild changes them) and change time (which a patch in place
    /// changes even when it restores the size and the modification time), and the version. Nil
    /// when the executable cannot be found, and then nothing is stamped.
    var buildIdentity: String? {
        Bundle.main.executablePath.flatMap { Self.buildIdentity(ofExecutableAt: $0, version: version) }
    }

    /// `buildIdentity` of the executable at `executable`.
    package static func buildIdentity(ofExecutableAt executable: String, version: String) -> String? {
        var info = stat()
        guard stat(executable, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #endif
        return "\(version) \(executable) \(info.st_dev) \(info.st_ino) \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec) "
            + "\(changed.tv_sec).\(changed.tv_nsec)"
    }

    /// The Swift files of the fleet's `Hosts/`, `Services/` and `Roles/` folders, beside the file
    /// that declares the `Fleet`; none when that file is not on this machine.
    func fleetSources(_ fleet: Fleet) -> [FleetSource] {
        let declaration = URL(fileURLWithPath: fleet.location.file)
        guard fleet.location != .unknown, FileManager.default.fileExists(atPath: declaration.path) else { return [] }
        let base = declaration.deletingLastPathComponent()
        var sources: [FleetSource] = []
        for folder in ["Hosts", "Services", "Roles"] {
            let directory = base.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".swift") {
                let path = directory.appendingPathComponent(name).path
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { sources.append(FleetSource(path: path, text: text)) }
            }
        }
        return sources
    }

    /// The error and hint for a declaration that never finished, printed as a diagnostic.
    static func neverFinished(_ error: FleetNeverFinished) -> String {
        """
        error: the fleet declaration did not finish building within \(String(format: "%g", error.seconds)) s
            hint: Swift globals that refer to each other (a list of hosts used inside a host, two services that \
        require each other by value) wait on each other forever; refer by name instead \
        (Requires("prometheus"), .endpoints(of: "node-exporter", "metrics")), or raise NIXGEN_BUILD_TIMEOUT for a slow one

        """
    }
}
