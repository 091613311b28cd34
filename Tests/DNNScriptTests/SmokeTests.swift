import Testing
@testable import DNNScript

@Test func moduleLoads() {
    #expect(!DNNScriptInfo.version.isEmpty)
}
