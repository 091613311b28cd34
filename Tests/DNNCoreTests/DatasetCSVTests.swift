import Foundation
import Testing
@testable import DNNCore

@Suite("Dataset CSV")
struct DatasetCSVTests {
    @Test func readsHeaderAndNumericLabels() throws {
        let d = try Dataset.readCSV(text: "x1,x2,y\n1,2,0\n3.5,-4e-1,1\n")
        #expect(d.X == (try Matrix([[1, 3.5], [2, -0.4]])))
        #expect(d.Y == Matrix(row: [0, 1]))
        #expect(d.classNames == [])
        #expect(d.classCount == 2)
    }

    @Test func labelColumnByNameIndexAndNegativeIndex() throws {
        let text = "label,a,b\ncat,1,2\ndog,3,4\ncat,5,6\n"
        let byName = try Dataset.readCSV(text: text, labelColumn: .name("label"))
        #expect(byName.classNames == ["cat", "dog"])
        #expect(byName.Y == Matrix(row: [0, 1, 0]))
        #expect(byName.X == (try Matrix([[1, 3, 5], [2, 4, 6]])))
        let byIndex = try Dataset.readCSV(text: text, labelColumn: .index(0))
        #expect(byIndex == byName)
        let last = try Dataset.readCSV(text: "1,2,3\n4,5,6\n", labelColumn: .index(-1), hasHeader: false)
        #expect(last.Y == Matrix(row: [3, 6]))
        #expect(last.X == (try Matrix([[1, 4], [2, 5]])))
    }

    @Test func quotedFieldsPerRFC4180() throws {
        let text = "\"x, one\",x2,\"the \"\"label\"\"\"\r\n1,2,\"a,b\"\r\n\"3\",4,\"multi\nline\"\r\n"
        let d = try Dataset.readCSV(text: text)
        #expect(d.classNames == ["a,b", "multi\nline"])
        #expect(d.X == (try Matrix([[1, 3], [2, 4]])))
        let records = try parseCSVRecords("a,\"b\"\"c\",\"\"\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b\"c", ""])])
    }

    @Test(arguments: [
        ("x1,x2,y\n1,2,0\n3,4\n", LabelColumn.last, "line 3: expected 3 fields, found 2"),
        ("x1,x2,y\n1,2,0\n\n4,5,6\n1,2,0\n5,6\n", .last, "line 6: expected 3 fields, found 2"),
        ("x1,x2,y\n1,2,0\n3,4,1\n5,abc,1\n", .last, "line 4, column 'x2': 'abc' is not a number"),
        ("a,b,c\n,4,1\n", .last, "line 2, column 'a': '' is not a number"),
        ("x,\"y\n", .last, "line 1: unterminated quoted field"),
        ("a,\"b\"c,d\n", .last, "line 1: unexpected 'c' after a closing quote"),
        ("", .last, "no data: the CSV text is empty"),
        ("a,b\n1,2\n", .name("z"), "no column named 'z' (columns: a, b)"),
        ("a,b\n1,2\n", .index(5), "label column 5 is out of range for 2 columns"),
        ("a\n1\n", .last, "line 1: need at least 2 columns (features and a label), found 1"),
    ])
    func errorsNameTheLine(_ text: String, _ column: LabelColumn, _ message: String) {
        #expect(throws: DatasetError.csv(message)) { try Dataset.readCSV(text: text, labelColumn: column) }
        #expect("\(DatasetError.csv(message))" == message)
    }

    @Test func spacesAroundFieldsAndBOM() throws {
        let d = try Dataset.readCSV(text: "\u{FEFF} a , b ,label\r\n 1 ,\t2, cat \r\n3,4,dog")
        #expect(d.X == (try Matrix([[1, 3], [2, 4]])))
        #expect(d.classNames == ["cat", "dog"])
        let byName = try Dataset.readCSV(text: " a , b ,label\n1,2,3\n", labelColumn: .name("a"))
        #expect(byName.Y == Matrix(row: [1]))
        #expect(byName.X == Matrix(column: [2, 3]))
    }

    @Test func noHeaderNamesColumnsByNumber() {
        #expect(throws: DatasetError.csv("line 2, column 2: 'x' is not a number")) {
            try Dataset.readCSV(text: "1,2,0\n4,x,1\n", hasHeader: false)
        }
    }

    @Test func nameNeedsHeader() {
        #expect(throws: DatasetError.csv("label column 'y' needs a header row")) {
            try Dataset.readCSV(text: "1,2\n", labelColumn: .name("y"), hasHeader: false)
        }
    }

    @Test func writeThenReadRoundTrips() throws {
        var rng = NumPyRandom(seed: 1)
        let d = try DatasetGenerators.circles(samples: 30, noise: 0.05, rng: &rng)
        let text = d.writeCSV()
        #expect(text.hasPrefix("x1,x2,y\n"))
        let back = try Dataset.readCSV(text: text, name: d.name)
        #expect(back == d)  // shortest round-trip printing keeps every bit

        let named = try Dataset(X: Matrix([[1, 2]]), Y: Matrix(row: [1, 0]), classNames: ["no", "yes, sir"])
        let csv = named.writeCSV(featureNames: ["f"], labelName: "answer")
        #expect(csv == "f,answer\n1.0,\"yes, sir\"\n2.0,no\n")
        #expect(try Dataset.readCSV(text: csv).classNames == ["no", "yes, sir"])
    }

    @Test func fileRoundTripAndMissingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dnn-csv-\(UInt32.random(in: 0...UInt32.max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let d = try Dataset(X: Matrix([[1, 2, 3]]), Y: Matrix(row: [0, 1, 1]))
        try d.writeCSV(path: path)
        let back = try Dataset.readCSV(path: path)
        #expect(back.X == d.X && back.Y == d.Y)
        #expect(throws: DatasetError.io("cannot read '/nonexistent/x.csv'")) { try Dataset.readCSV(path: "/nonexistent/x.csv") }
    }
}
