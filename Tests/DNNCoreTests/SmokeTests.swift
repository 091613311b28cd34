import Testing
@testable import DNNCore

@Test func moduleLoads() {
    #expect(!DNNCoreInfo.version.isEmpty)
}
