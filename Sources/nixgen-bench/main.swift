// Benchmark: render a synthetic fleet of N hosts (~10 services each) and compare, in the same run,
// with copying the same tree (`cp -r`) and with Nix merely parsing it (`nix-instantiate --parse`).
//
//   swift run -c release nixgen-bench [N ...]        (default: 100 1000 10000)
//   swift run -c release nixgen-bench --phases N     (each in-process phase, best of five)
//   swift run -c release nixgen-bench --validation   (validation where it used to be quadratic)
//   swift run -c release nixgen-bench --plan N       (`nixgen plan` of a one-host change)
//
// Whole `nixgen render` processes (`--cli N ARGS...`, nixgen's own command line over the synthetic
// fleet) and in-process renders (`--one N DIR`) run as child processes, so each peak memory is its
// own. Set NIXGEN_PYTHON to a Python with OPA to judge each fleet with the policies too.
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator

#if canImport(Glibc)
import Glibc
#endif

/// A fleet of `count` hosts drawn from a catalogue of 40 services, ten per host, no port clashes.
func syntheticFleet(hosts count: Int) -> Fleet {
    let catalogue = (0..<40).map { index in
        Service("svc\(index)", summary: "synthetic service \(index)") {
            Port("http", 10_000 + index, exposure: .lan, boundTo: AttrPath("services.svc\(index).port"))
            Port("metrics", 20_000 + index, .udp, exposure: .local)
            Enable(AttrPath("services.svc\(index)"))
            Setting(AttrPath("services.svc\(index).settings.name"), "svc \(index) \"quoted\" ${literal}")
        }
    }
    let base = Role("base") { Enable("services.openssh") }
    let admin = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJhc2U2NGtleW9mYWxpY2Vmb3J0ZXN0c29ubHkxMjM0 bench@example.org"
    return Fleet(stateVersion: "26.05", admins: ["bench": [admin]]) {
        for host in 0..<count {
            Host("host\(host)", system: .x86_64Linux, address: "10.\(host / 65536).\(host / 256 % 256).\(host % 256)",
                 lanInterfaces: ["enp1s0"]) {
                Import("hardware/host\(host).nix")
                base
                for offset in 0..<10 { catalogue[(host + offset * 4) % 40] }
            }
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func shell(_ command: String) -> Double {
    seconds {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try? process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { print("command failed: \(command)") }
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
// In-process measurements run with the memory settings `nixgen` itself runs with.
CLI.oneMallocArenaPerCore()

if arguments.first == "--one", arguments.count == 3, let count = Int(arguments[1]) {
    // Child: build, validate, render, write; report as one tab-separated line.
    let output = URL(fileURLWithPath: arguments[2])
    var tree: RenderedTree?
    let build = seconds { _ = syntheticFleet(hosts: count) }
    let fleet = syntheticFleet(hosts: count)
    let render = seconds { tree = Generator.run(fleet).tree }
    guard let tree else { print("invalid synthetic fleet"); exit(1) }
    // Durable (one syncfs before the renames) as `nixgen render` writes, and unsynced like `cp -r`.
    let write = try seconds { _ = try TreeWriter(directory: output).write(tree) }
    let unsynced = output.deletingLastPathComponent().appendingPathComponent(output.lastPathComponent + "-unsynced")
    let writeUnsynced = try seconds { _ = try TreeWriter(directory: unsynced, sync: false).write(tree) }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("\(build)\t\(render)\t\(write)\t\(writeUnsynced)\t\(usage.ru_maxrss)\t\(tree.files.count)\t\(tree.byteCount)")
    exit(0)
}

if arguments.first == "--phases", arguments.count == 2, let count = Int(arguments[1]) {
    // Each in-process phase, the best of five runs (a phase's own time, without another's noise).
    func best(_ body: () -> Void) -> Double { (0..<5).map { _ in seconds(body) }.min()! }
    let dsl = best { _ = syntheticFleet(hosts: count) }
    let fleet = syntheticFleet(hosts: count)
    let plan = Plan(fleet)
    let planning = best { _ = Plan(fleet) }
    let validation = best { _ = Validator.validate(plan) }
    let rendering = best { _ = Generator.render(plan) }
    print(String(format: "%d hosts: DSL %.3f s, plan %.3f s, validate %.3f s, render %.3f s; all but the write %.3f s",
                 count, dsl, planning, validation, rendering, dsl + planning + validation + rendering))
    exit(0)
}

// Validation where it used to be quadratic: "did you mean" for thousands of unknown names against
// thousands of services, and one service with tens of thousands of settings.
func validationAtScale() {
    let admin = ["bench": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJhc2U2NGtleW9mYWxpY2Vmb3J0ZXN0c29ubHkxMjM0 bench@example.org"]]
    for size in [1000, 5000] {
        let services = (0..<size).map { Service("svc-\($0)") }
        let hosts = (0..<size).map { index in
            Host("h\(index)", system: .x86_64Linux, address: "10.1.\(index / 256).\(index % 256)") { Import("hardware/h.nix"); Runs("svx-\(index)") }
        }
        let fleet = Fleet(stateVersion: "26.05", admins: admin) { services; hosts }
        var found = 0
        let time = seconds { found = Validator.validate(fleet).count }
        print(String(format: "validate: %d unknown service names against %d services: %.3f s (%d diagnostics)", size, size, time, found))
    }
    for size in [2000, 20_000] {
        var service = Service("big")
        for index in 0..<size {
            service.settings.append(Setting(path: AttrPath(["services", "big", "k\(index)"]), value: .int(index), location: .unknown))
        }
        let fleet = Fleet(stateVersion: "26.05", admins: admin) { Host("a", system: .x86_64Linux, address: "10.0.0.1") { Import("hardware/a.nix"); service } }
        let time = seconds { _ = Generator.run(fleet) }
        print(String(format: "validate and render: one service with %d settings: %.3f s", size, time))
    }
    // `.url(of:)` of a service that runs on every host, read from every host: one ambiguous
    // reference, judged once per service and not once per host and provider.
    for size in [4000, 10_000] {
        let api = Service("api") { Port("http", 8080, exposure: .lan, boundTo: "services.api.port") }
        let client = Service("client") { Setting("services.client.upstream", .url(of: "api", "http")) }
        let hosts = (0..<size).map { index in
            Host("h\(index)", system: .x86_64Linux, address: "10.2.\(index / 256).\(index % 256)") { Import("hardware/h.nix"); api; client }
        }
        let fleet = Fleet(stateVersion: "26.05", admins: admin) { hosts }
        var found = 0
        let time = seconds { found = Validator.validate(fleet).count }
        print(String(format: "validate: .url(of:) of a service on %d hosts, read on every host: %.3f s (%d diagnostics)", size, time, found))
    }
    print("")
}

if arguments.first == "--cli", arguments.count >= 3, let count = Int(arguments[1]) {
    // Child: nixgen's own command line (what `nixgen render` runs) over the synthetic fleet.
    exit(CLI(arguments: Array(arguments.dropFirst(2)), fleet: { syntheticFleet(hosts: count) }, console: .standard()).run())
}

/// Wall time of one child process and its peak memory (from `wait4`, so only its own).
func measured(_ executable: String, _ arguments: [String]) -> (seconds: Double, peakMB: Double) {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { print("cannot run \(executable)"); exit(1) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if status != 0 && status != 256 { print("failed (\(status)): \(arguments.joined(separator: " "))") }
    return (seconds, Double(usage.ru_maxrss) / 1024)
}

/// Whole `nixgen render` processes over the synthetic fleet, against `cp -r` of the tree they
/// write into a fresh folder, in one run: the first render into an empty folder, a no-op render
/// of the same tree, and `render --check` of it, both with the stamp the render left (a working
/// copy) and without it (a fresh clone, as in CI); each three times (into three folders), the
/// median reported, since single file-system timings on this machine vary several-fold. Each
/// host's hardware module exists, as in a real repository, so no process prints ten thousand
/// warnings. A warm-up render first pays what the file system charges whoever creates files
/// first (ext4 skips inodes freed moments ago, e.g. by an earlier benchmark).
func wholeProcesses(_ counts: [Int], in scratch: URL) {
    print("hosts\tfirst render s\tpeak MB\tno-op render s\tpeak MB\trender --check s\tpeak MB\tcheck, no stamp s\tpeak MB\tcp -r s\tfirst/cp\tno-op/first\tcheck/cp\tno stamp/cp")
    let me = CommandLine.arguments[0]
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    for count in counts {
        let folders = (0..<4).map { scratch.appendingPathComponent("cli\(count)-\($0)") }
        for folder in folders {
            let hardware = folder.appendingPathComponent("nix/hardware")
            try? FileManager.default.createDirectory(at: hardware, withIntermediateDirectories: true)
            for host in 0..<count { _ = FileManager.default.createFile(atPath: hardware.appendingPathComponent("host\(host).nix").path, contents: Data("{ }\n".utf8)) }
        }
        _ = measured(me, ["--cli", String(count), "render", "--output", folders[0].path])
        var first: [(seconds: Double, peakMB: Double)] = [], noop = first, check = first, unstamped = first
        var copies: [Double] = []
        for (index, output) in folders.dropFirst().enumerated() {
            first.append(measured(me, ["--cli", String(count), "render", "--output", output.path]))
            noop.append(measured(me, ["--cli", String(count), "render", "--output", output.path]))
            check.append(measured(me, ["--cli", String(count), "render", "--check", "--output", output.path]))
            // A fresh clone has no stamp: the lock file is local to a working copy.
            try? FileManager.default.removeItem(at: output.appendingPathComponent("nix/.nixgen.lock"))
            unstamped.append(measured(me, ["--cli", String(count), "render", "--check", "--output", output.path]))
            // What render wrote (everything but the hardware modules), copied into a fresh folder.
            let copy = scratch.appendingPathComponent("copy\(count)-\(index)")
            copies.append(shell("mkdir -p '\(copy.path)/nix' && cd '\(output.path)' && cp -r flake.nix policies '\(copy.path)/' && cp -r $(ls -A nix | grep -vx hardware | sed 's|^|nix/|') '\(copy.path)/nix/'"))
        }
        let firstS = median(first.map(\.seconds)), noopS = median(noop.map(\.seconds)), checkS = median(check.map(\.seconds)), cp = median(copies)
        let unstampedS = median(unstamped.map(\.seconds))
        print(String(format: "%d\t%.3f\t%.0f\t%.3f\t%.0f\t%.3f\t%.0f\t%.3f\t%.0f\t%.3f\t%.2f\t%.2f\t%.2f\t%.2f", count, firstS, first.map(\.peakMB).max()!, noopS,
                     noop.map(\.peakMB).max()!, checkS, check.map(\.peakMB).max()!, unstampedS, unstamped.map(\.peakMB).max()!, cp,
                     firstS / cp, noopS / firstS, checkS / cp, unstampedS / cp))
    }
    print("(medians of three; peak memory the largest of the three)\n")
}

if arguments.first == "--validation" {
    validationAtScale()
    exit(0)
}

// `nixgen plan` of a one-host change (a service added to one host) in a fleet of N hosts: the
// plan from the two generated trees, parsing their expectations and data included.
if arguments.first == "--plan", arguments.count == 2, let count = Int(arguments[1]) {
    let base = syntheticFleet(hosts: count)
    var changed = base
    changed.hosts[0].services.append(Assignment(name: "svc39", location: .unknown))
    guard let old = Generator.run(base).tree, let new = Generator.run(changed).tree else { print("invalid synthetic fleet"); exit(1) }
    func snapshot(_ tree: RenderedTree) -> GeneratedSnapshot {
        GeneratedSnapshot(expected: Data(tree.files[GeneratedSnapshot.expectedPath]!.utf8), fleet: Data(tree.files[GeneratedSnapshot.fleetPath]!.utf8))!
    }
    var plan: ChangePlan?
    let time = seconds { plan = ChangePlan(from: snapshot(old), to: snapshot(new)) }
    print(String(format: "plan: one host changed of %d: %.3f s (%d hosts named, %d untouched)", count, time, plan!.hosts.count, plan!.untouched))
    exit(0)
}
validationAtScale()

let counts = arguments.compactMap(Int.init).isEmpty ? [100, 1000, 10_000] : arguments.compactMap(Int.init)
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nixgen-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: scratch) }
let hasNix = shell("command -v nix-instantiate >/dev/null") >= 0
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/nix-instantiate")

wholeProcesses(counts, in: scratch)

print("hosts\tfiles\tMB\tDSL s\trender s\twrite s\tunsynced s\tpeak MB\tcp -r s\tparse s\t(DSL+render)/parse\t(render+unsynced)/cp\t(render+write)/cp")
var perHost: [Double] = []
var parses: [Int: Double] = [:]
for count in counts {
    let output = scratch.appendingPathComponent("n\(count)")
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--one", String(count), output.path]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let line = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
    guard fields.count == 7, let build = Double(fields[0]), let render = Double(fields[1]), let write = Double(fields[2]),
          let unsynced = Double(fields[3]), let rss = Double(fields[4]), let files = Int(fields[5]), let bytes = Double(fields[6])
    else {
        print("child failed: \(line)"); exit(1)
    }
    let copy = shell("cp -r '\(output.path)' '\(output.path)-copy'")
    // The best of three, as the phases it is compared with are each the best of five.
    let parse = hasNix ? (0..<3).map { _ in shell("find '\(output.path)' -name '*.nix' -print0 | xargs -0 nix-instantiate --parse > /dev/null") }.min()! : .nan
    perHost.append(render / Double(count))
    print(String(format: "%d\t%d\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f",
                 count, files, bytes / 1e6, build, render, write, unsynced, rss / 1024, copy, parse,
                 (build + render) / parse, (render + unsynced) / copy, (render + write) / copy))
    parses[count] = parse
}
if perHost.count > 1 {
    print(String(format: "linearity: render time per host at the largest N is %.2f× that at the smallest", perHost.last! / perHost.first!))
}
// The phases once more, each the best of five runs in one process (the in-process figures above
// are single runs, so noise of the machine shows in them).
if let largest = counts.max() {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--phases", String(largest)]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let line = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    child.waitUntilExit()
    let total = line.split(separator: " ").dropLast().last.flatMap { Double($0) } ?? .nan
    print(line + String(format: " = %.2f× Nix's parse of the output", total / (parses[largest] ?? .nan)))
}

// The policies over each fleet, in real OPA (the engine conftest embeds), as whole processes: the
// input a compliant fleet evaluates to (every host as expected), and the same fleet with every host
// examined rule by rule (--expanded: the cost when every host deviates).
let python = ProcessInfo.processInfo.environment["NIXGEN_PYTHON"] ?? ".venv/bin/python"
if FileManager.default.isExecutableFile(atPath: python) {
    print("\nhosts\tinput MB\tOPA s\tOPA peak MB\texpanded input MB\tOPA s (every host examined)\tOPA peak MB")
    var perHostOPA: [Double] = []
    for count in counts {
        let output = scratch.appendingPathComponent("n\(count)")
        var row = "\(count)"
        for expanded in [false, true] {
            let input = scratch.appendingPathComponent("input-\(count)-\(expanded).json").path
            _ = shell("'\(python)' Tests/Rego/synthetic_input.py '\(output.path)' \(expanded ? "--expanded" : "") > '\(input)'")
            let log = input + ".log"
            let opa = shell("NIXGEN_REGO_ENGINES=opa NIXGEN_REPORT_RSS=1 '\(python)' Tests/Rego/rego_check.py deny '\(output.path)/policies' '\(input)' > /dev/null 2> '\(log)'")
            let size = Double((try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0) / 1e6
            let rss = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: " ").last.flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .nan
            row += String(format: "\t%.1f\t%.2f\t%.0f", size, opa, rss / 1024)
            if !expanded { perHostOPA.append(opa / Double(count)) }
        }
        print(row)
    }
    if perHostOPA.count > 1 {
        print(String(format: "linearity: OPA time per host at the largest N is %.2f× that at the smallest", perHostOPA.last! / perHostOPA.first!))
    }
} else {
    print("(no Python with OPA at \(python): set NIXGEN_PYTHON to measure the policies)")
}
