import Testing
@testable import OCI

@Suite struct ContainerStateStatusTests {
    @Test(arguments: ["creating", "created", "running", "paused", "stopped"])
    func statusNamesMatchTheSpec(name: String) {
        #expect(ContainerState.Status(rawValue: name)?.rawValue == name)
    }
}
