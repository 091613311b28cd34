import DNNPlot
import Foundation

// plotbench: times rendering a 400×400 decision-boundary grid, and writes the course-data figures.
//   plotbench [--runs N]                 benchmark (release build: swift run -c release plotbench)
//   plotbench --write-docs DIR           write DIR/<name>.svg for each course-data figure (docs/plots.md, "The renderer")
//   plotbench --terminal [NAME] [--width W] [--height H] [--mode truecolor|256|16|none]
//                                        print docs figures as terminal text
//   --fixtures DIR                       where the course-data JSON lives (default Tests/DNNPlotData/Fixtures)

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, in arguments: [String] = arguments) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let fixtures = URL(fileURLWithPath: option("--fixtures") ?? "Tests/DNNPlotData/Fixtures")
do {
    if let dir = option("--write-docs") {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, figure) in try DocFigures(fixtures: fixtures).all() {
            let out = try SVGRenderer().render(figure)
            let path = (dir as NSString).appendingPathComponent(name + ".svg")
            try out.svg.write(toFile: path, atomically: true, encoding: .utf8)
            print("\(path): \(out.svg.utf8.count) bytes, \(out.skippedPoints) skipped")
        }
    } else if arguments.contains("--terminal") {
        let env = ProcessInfo.processInfo.environment
        let mode = option("--mode").flatMap(ColorMode.init(rawValue:)) ?? ColorMode.detect(environment: env)
        let width = option("--width").flatMap(Int.init) ?? Int(env["COLUMNS"] ?? "") ?? 80
        let wanted = arguments.firstIndex(of: "--terminal").flatMap { i in
            i + 1 < arguments.count && !arguments[i + 1].hasPrefix("--") ? arguments[i + 1] : nil
        }
        for (name, figure) in try DocFigures(fixtures: fixtures).all() where wanted == nil || wanted == name {
            let out = try TerminalRenderer(width: width, height: option("--height").flatMap(Int.init), mode: mode).render(figure)
            print(out.lines.joined(separator: "\n"))
            if out.skippedPoints > 0 { print("(\(out.skippedPoints) values skipped)") }
            print("")
        }
    } else {
        try Benchmark.run(runs: option("--runs").flatMap(Int.init) ?? 15)
    }
} catch {
    FileHandle.standardError.write(Data("plotbench: \(error)\n".utf8))
    exit(1)
}
