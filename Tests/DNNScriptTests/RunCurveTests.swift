import Testing
@testable import DNNScript

/// `plot run` draws like with like: beside a dev curve (which has no penalty) the training
/// curve is the loss without the L2 term, and the legend says so.
@Suite struct RunCurveTests {
    func plot(_ trainOptions: String, also secondOptions: String? = nil) -> (svg: String, stderr: String, code: ExitCode) {
        let host = CaptureHost()
        let source = """
            seed 1
            dataset train = circles(60, noise: 0.1)
            seed 2
            dataset dev = circles(60, noise: 0.1)
            network net { dense 5 relu; dense 1 sigmoid }
            seed 3
            let m = model(net, init: he)
            let run = train m on train { lr: 0.1, iterations: 30, \(trainOptions) }
            """ + (secondOptions.map { """

            let other = train model(net, init: he) on train { lr: 0.1, iterations: 30, \($0) }
            plot [run, other]
            """ } ?? "\nplot run")
        let code = ScriptSession(host: host, options: ScriptOptions(plotsEnabled: true)).run(source: source, file: "curves.dnn")
        return (host.plots.first?.svg ?? "", host.stderr, code)
    }

    @Test func withAPenaltyTheDevCurveFacesTheLoss() {
        let (svg, stderr, code) = plot("regularizer: l2(0.7), dev: dev, evaluate_every: 10")
        #expect(code == .ok, "\(stderr)")
        #expect(svg.contains(">train loss (without the L2 term)<"))
        #expect(svg.contains(">dev loss<"))
        #expect(!svg.contains("train cost"))
    }

    @Test func withoutADevSetTheCourseCostIsDrawn() {
        let (svg, stderr, code) = plot("regularizer: l2(0.7)")
        #expect(code == .ok, "\(stderr)")
        #expect(svg.contains(">cost<") && !svg.contains("loss"))     // the axis; one curve has no legend
    }

    @Test func withoutAPenaltyCostAndLossAreOne() {
        let (svg, stderr, code) = plot("dev: dev")
        #expect(code == .ok, "\(stderr)")
        #expect(svg.contains(">train cost<") && svg.contains(">dev cost<"))
    }

    @Test func dropoutOneIsNoDropoutAndDoesNotWarn() {
        let (svg, stderr, code) = plot("regularizer: dropout(1.0), dev: dev")
        #expect(code == .ok, "\(stderr)")
        #expect(!stderr.contains("warning"), "\(stderr)")
        #expect(svg.contains(">train cost<"))
    }

    /// A list of runs: the axis and title say loss when every train curve is a loss, cost
    /// when none is, and both words when they are mixed (the legend tells which is which).
    @Test func aListOfRunsNamesWhatItsCurvesAre() {
        let losses = plot("regularizer: l2(0.7), dev: dev", also: "regularizer: l2(0.1), dev: dev")
        #expect(losses.code == .ok, "\(losses.stderr)")
        #expect(losses.svg.contains(">loss<") && !losses.svg.contains(">cost<"))
        let mixed = plot("regularizer: l2(0.7), dev: dev", also: "dev: dev")
        #expect(mixed.svg.contains(">cost or loss<"))
        let costs = plot("dev: dev", also: "dev: dev")
        #expect(costs.svg.contains(">cost<") && !costs.svg.contains("loss<"))
    }
}
