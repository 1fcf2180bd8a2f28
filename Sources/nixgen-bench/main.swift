// Benchmark: render a synthetic fleet of N hosts (~10 services each) and compare, in the same run,
// with copying the same tree (`cp -r`) and with Nix merely parsing it (`nix-instantiate --parse`).
//
//   swift run -c release nixgen-bench [N ...]        (default: 100 1000 10000)
//
// Each N renders in a child process so its peak memory is its own.
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

if arguments.first == "--one", arguments.count == 3, let count = Int(arguments[1]) {
    // Child: build, validate, render, write; report as one tab-separated line.
    let output = URL(fileURLWithPath: arguments[2])
    var tree: RenderedTree?
    let build = seconds { _ = syntheticFleet(hosts: count) }
    let fleet = syntheticFleet(hosts: count)
    let render = seconds { tree = Generator.run(fleet).tree }
    if ProcessInfo.processInfo.environment["NIXGEN_BENCH_PHASES"] != nil {
        let validate = seconds { _ = Validator.validate(fleet) }
        var plan: Plan?
        let planning = seconds { plan = Plan(fleet) }
        let nix = seconds { _ = Generator.render(plan!) }
        let inventory = seconds { _ = Inventory.json(plan!) }
        FileHandle.standardError.write(Data("validate \(validate) plan \(planning) render \(nix) inventory \(inventory)\n".utf8))
    }
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
    print("")
}

if arguments.first == "--cli", arguments.count >= 3, let count = Int(arguments[1]) {
    // Child: nixgen's own command line (what `nixgen render` runs) over the synthetic fleet.
    exit(CLI(arguments: Array(arguments.dropFirst(2)), fleet: { syntheticFleet(hosts: count) }, console: .standard()).run())
}

/// Whole `nixgen` processes over the synthetic fleet: first render into an empty folder, a no-op
/// render of the same tree, `render --check` of it, against `cp -r` of the tree, in one run.
func wholeProcesses(_ counts: [Int], in scratch: URL) {
    print("hosts\tfirst render s\tno-op render s\trender --check s\tcp -r s\tfirst/cp\tno-op/first\tcheck/cp")
    for count in counts {
        let output = scratch.appendingPathComponent("cli\(count)")
        let me = CommandLine.arguments[0]
        let first = shell("'\(me)' --cli \(count) render --output '\(output.path)' > /dev/null 2>&1")
        let noop = shell("'\(me)' --cli \(count) render --output '\(output.path)' > /dev/null 2>&1")
        let check = shell("'\(me)' --cli \(count) render --check --output '\(output.path)' > /dev/null 2>&1")
        let copy = shell("cp -r '\(output.path)' '\(output.path)-copy'")
        print(String(format: "%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f", count, first, noop, check, copy, first / copy, noop / first, check / copy))
    }
    print("")
}

if arguments.first == "--validation" {
    validationAtScale()
    exit(0)
}
validationAtScale()

let counts = arguments.compactMap(Int.init).isEmpty ? [100, 1000, 10_000] : arguments.compactMap(Int.init)
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nixgen-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: scratch) }
let hasNix = shell("command -v nix-instantiate >/dev/null") >= 0
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/nix-instantiate")

wholeProcesses(counts, in: scratch)

print("hosts\tfiles\tMB\tDSL s\trender s\twrite s\tunsynced s\tpeak MB\tcp -r s\tparse s\trender/parse\t(render+unsynced)/cp\t(render+write)/cp")
var perHost: [Double] = []
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
    let parse = hasNix ? shell("find '\(output.path)' -name '*.nix' -print0 | xargs -0 nix-instantiate --parse > /dev/null") : .nan
    perHost.append(render / Double(count))
    print(String(format: "%d\t%d\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f",
                 count, files, bytes / 1e6, build, render, write, unsynced, rss / 1024, copy, parse,
                 render / parse, (render + unsynced) / copy, (render + write) / copy))
}
if perHost.count > 1 {
    print(String(format: "linearity: render time per host at the largest N is %.2f× that at the smallest", perHost.last! / perHost.first!))
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
