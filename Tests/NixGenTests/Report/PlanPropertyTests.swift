import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Random edits of the example fleet (seeded, so a failure repeats): the plan is empty exactly
/// when the rendered trees are identical, the hosts `--hosts` names include every host whose
/// expectation or own files change, and a host-local edit names exactly its host.
final class PlanPropertyTests: XCTestCase {
    /// A small deterministic generator (SplitMix64).
    private struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private enum Edit { case move, port, remove, timeZone }

    private func edit(_ fleet: Fleet, _ kind: Edit, _ random: inout Seeded) -> (Fleet, host: String?) {
        let hosts = fleet.hosts.filter { $0.platform == .nixos }
        let host = hosts.randomElement(using: &random)!
        switch kind {
        case .move:
            guard let service = host.services.randomElement(using: &random)?.name,
                  let target = hosts.filter({ $0.name != host.name }).randomElement(using: &random) else { return (fleet, nil) }
            return (DayTwo.moving(service, from: host.name, to: target.name, in: fleet), nil)
        case .port:
            let service = fleet.services.filter { !$0.ports.isEmpty }.randomElement(using: &random)!
            return (DayTwo.settingPort(service.name, service.ports[0].name, to: 40_000 + Int.random(in: 0..<1000, using: &random), in: fleet), nil)
        case .remove:
            return (DayTwo.removingHost(host.name, from: fleet), nil)
        case .timeZone:
            var changed = fleet
            let index = changed.hosts.firstIndex { $0.name == host.name }!
            changed.hosts[index].settings.append(Setting("time.timeZone", "Europe/Berlin"))
            return (changed, host.name)
        }
    }

    func testThePlanIsEmptyExactlyWhenTheTreesAreEqualAndNamesEveryChangedHost() throws {
        var random = Seeded(state: 20_261_208)
        let base = try XCTUnwrap(Generator.run(exampleFleet).tree)
        let old = PlanTests.snapshot(base)
        var checked = 0
        for round in 0..<30 {
            var fleet = exampleFleet, local: String?
            let count = Int.random(in: 0...2, using: &random)
            for _ in 0..<count {
                let kind = [Edit.move, .port, .remove, .timeZone].randomElement(using: &random)!
                (fleet, local) = edit(fleet, kind, &random)
                if kind != .timeZone { local = nil }
            }
            if count != 1 { local = nil }
            guard let tree = Generator.run(fleet).tree else { continue }
            checked += 1
            let new = PlanTests.snapshot(tree)
            let plan = ChangePlan(from: old, to: new)
            XCTAssertEqual(plan.isEmpty, tree == base, "round \(round): the plan is empty exactly when the trees are equal\n\(plan.text)")
            let affected = Set(AffectedHosts.of(plan, head: new, changedFiles: []))
            for (name, document) in new.hosts {
                let same = (old.hosts[name]).map { GeneratedSnapshot.compact($0) == GeneratedSnapshot.compact(document) } ?? false
                let file = "nix/hosts/\(name).nix"
                if !same || base.files[file] != tree.files[file] {
                    XCTAssertTrue(affected.contains(name), "round \(round): \(name) changes but --hosts does not name it\n\(plan.text)")
                }
            }
            if let local { XCTAssertEqual(affected, [local], "round \(round): a host-local edit reaches its host only") }
        }
        XCTAssertGreaterThan(checked, 20)
    }
}
