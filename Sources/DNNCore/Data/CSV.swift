import Foundation

/// Which CSV column holds the labels.
public enum LabelColumn: Sendable, Equatable {
    /// The last column (the default).
    case last
    /// A column by zero-based position; negative counts from the end (−1 is the last).
    case index(Int)
    /// A column by its header name (needs a header row).
    case name(String)
}

/// One CSV record and the line it starts on.
struct CSVRecord: Equatable {
    var line: Int
    var fields: [String]
}

/// Splits CSV text into records per RFC 4180: comma-separated fields, CRLF or LF record
/// ends, double-quoted fields that may hold commas, line breaks and `""` for a quote.
/// Blank lines are skipped.
/// - Throws: ``DatasetError/csv(_:)`` for an unterminated quote or text after a closing quote.
func parseCSVRecords(_ text: String) throws -> [CSVRecord] {
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1, recordLine = 1
    var inQuotes = false, wasQuoted = false, afterQuote = false

    func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        wasQuoted = false
        afterQuote = false
    }
    func endRecord() {
        let quoted = wasQuoted
        endField()
        let blank = fields.count == 1 && !quoted && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
        if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
        fields.removeAll(keepingCapacity: true)
    }

    var i = 0
    while i < bytes.count {
        let c = bytes[i]
        if inQuotes {
            if c == quote {
                if i + 1 < bytes.count && bytes[i + 1] == quote {
                    field.append(quote)
                    i += 1
                } else {
                    inQuotes = false
                    afterQuote = true
                }
            } else {
                if c == lf { line += 1 }
                field.append(c)
            }
        } else if c == comma {
            endField()
        } else if c == lf || c == cr {
            if c == cr && i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
            endRecord()
            line += 1
            recordLine = line
        } else if c == quote && !wasQuoted && field.allSatisfy({ $0 == space || $0 == tab }) {
            inQuotes = true
            wasQuoted = true
            field.removeAll(keepingCapacity: true)
        } else if afterQuote {
            if c != space && c != tab {
                let shown = String(decoding: bytes[i..<min(i + 4, bytes.count)], as: UTF8.self).first.map(String.init) ?? "?"
                throw DatasetError.csv("line \(line): unexpected '\(shown)' after a closing quote")
            }
        } else {
            field.append(c)
        }
        i += 1
    }
    if inQuotes { throw DatasetError.csv("line \(recordLine): unterminated quoted field") }
    if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
    return records
}

/// The field without surrounding spaces and tabs (cheaper than Foundation's trimming).
private func trimmed(_ field: String) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = field.first, let last = field.last, isBlank(first) || isBlank(last) else { return field }
    return String(field.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
}

/// Quotes a field when RFC 4180 requires it.
func csvEscape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension Dataset {
    /// Reads a dataset from CSV text: one example per row, one feature per column, plus
    /// a label column.
    ///
    /// Features must be numbers. Labels that are all numbers are kept as values (class
    /// indices or regression targets, no class names); otherwise the sorted unique label
    /// texts become ``classNames`` and each label its index.
    /// - Parameters:
    ///   - text: the CSV text (RFC 4180 quoting; LF or CRLF).
    ///   - labelColumn: the label column (default: the last).
    ///   - hasHeader: whether the first record names the columns.
    ///   - name: the dataset's name.
    /// - Throws: ``DatasetError/csv(_:)`` naming the line (and column) of the first bad
    ///   record, e.g. `line 7: expected 3 fields, found 2` or
    ///   `line 4, column 'x2': 'abc' is not a number`.
    public static func readCSV(text: String, labelColumn: LabelColumn = .last, hasHeader: Bool = true,
                               name: String = "csv") throws -> Dataset {
        var records = try parseCSVRecords(text)
        guard let first = records.first else { throw DatasetError.csv("no data: the CSV text is empty") }
        let width = first.fields.count
        let header: [String]? = hasHeader ? first.fields.map(trimmed) : nil
        if hasHeader { records.removeFirst() }
        guard width >= 2 else {
            throw DatasetError.csv("line \(first.line): need at least 2 columns (features and a label), found \(width)")
        }
        let label = try resolveLabelColumn(labelColumn, width: width, header: header)
        func columnName(_ c: Int) -> String { header.map { "'\($0[c])'" } ?? "\(c + 1)" }

        let m = records.count, n = width - 1
        var x = try Matrix(rows: n, cols: m)
        var labelTexts: [String] = []
        labelTexts.reserveCapacity(m)
        for (j, record) in records.enumerated() {
            guard record.fields.count == width else {
                throw DatasetError.csv("line \(record.line): expected \(width) fields, found \(record.fields.count)")
            }
            var f = 0
            for (c, raw) in record.fields.enumerated() {
                let text = trimmed(raw)
                if c == label { labelTexts.append(text); continue }
                guard let value = Double(text) else {
                    throw DatasetError.csv("line \(record.line), column \(columnName(c)): '\(text)' is not a number")
                }
                x[f, j] = value
                f += 1
            }
        }
        let numeric = labelTexts.map { Double($0) }
        if numeric.allSatisfy({ $0 != nil }) {
            return Dataset(unchecked: x, Matrix(row: numeric.map { $0 ?? 0 }), classNames: [], name: name)
        }
        let classNames = Array(Set(labelTexts)).sorted()
        let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, Double($0)) })
        return Dataset(unchecked: x, Matrix(row: labelTexts.map { index[$0] ?? 0 }), classNames: classNames, name: name)
    }

    /// Reads a dataset from a CSV file; see ``readCSV(text:labelColumn:hasHeader:name:)``.
    /// - Throws: ``DatasetError/io(_:)`` when the file cannot be read; CSV errors are
    ///   prefixed with the path.
    public static func readCSV(path: String, labelColumn: LabelColumn = .last, hasHeader: Bool = true) throws -> Dataset {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.io("cannot read '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.io("'\(path)' is not UTF-8 text")
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            return try readCSV(text: text, labelColumn: labelColumn, hasHeader: hasHeader, name: stem)
        } catch let DatasetError.csv(message) {
            throw DatasetError.csv("\(path): \(message)")
        }
    }

    /// The dataset as CSV text: a header `x1,…,xn,y` (or the given names), then one
    /// example per line, features then the label (its class name when there are class
    /// names). Numbers are written in Swift's shortest round-trip form.
    /// - Parameters:
    ///   - featureNames: header names of the features (default `x1` … `xn`).
    ///   - labelName: header name of the label column.
    ///   - header: whether to write the header line.
    public func writeCSV(featureNames: [String]? = nil, labelName: String = "y", header: Bool = true) -> String {
        var out = ""
        if header {
            let names = featureNames ?? (0..<featureCount).map { "x\($0 + 1)" }
            out += (names + [labelName]).map(csvEscape).joined(separator: ",") + "\n"
        }
        for j in 0..<count {
            var fields = (0..<featureCount).map { "\(X[$0, j])" }
            let label = Y[0, j]
            if !classNames.isEmpty, label >= 0, label < Double(classNames.count), label == label.rounded() {
                fields.append(csvEscape(classNames[Int(label)]))
            } else {
                fields.append("\(label)")
            }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes ``writeCSV(featureNames:labelName:header:)`` to a file.
    /// - Throws: ``DatasetError/io(_:)`` when the file cannot be written.
    public func writeCSV(path: String, featureNames: [String]? = nil, labelName: String = "y") throws {
        let text = writeCSV(featureNames: featureNames, labelName: labelName)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw DatasetError.io("cannot write '\(path)'")
        }
    }

    private static func resolveLabelColumn(_ column: LabelColumn, width: Int, header: [String]?) throws -> Int {
        switch column {
        case .last:
            return width - 1
        case let .index(i):
            let c = i < 0 ? width + i : i
            guard c >= 0 && c < width else {
                throw DatasetError.csv("label column \(i) is out of range for \(width) columns")
            }
            return c
        case let .name(name):
            guard let header else {
                throw DatasetError.csv("label column '\(name)' needs a header row")
            }
            guard let c = header.firstIndex(of: name) else {
                throw DatasetError.csv("no column named '\(name)' (columns: \(header.joined(separator: ", ")))")
            }
            return c
        }
    }
}
