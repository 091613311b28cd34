import Testing
@testable import DNNPlot

@Test func moduleLoads() {
    #expect(!DNNPlotInfo.version.isEmpty)
}
