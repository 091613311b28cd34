import Foundation

/// The cells `--cell N` or `--cell N-M` chooses, numbered from 1 in file order like the
/// cells of a rendered notebook (markdown cells count; running one does nothing).
public struct CellSelection: Sendable, Equatable {
    /// The chosen cell numbers, 1-based and inclusive.
    public var range: ClosedRange<Int>

    /// Why a selection is refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case outOfRange(ClosedRange<Int>, cellCount: Int)

        public var description: String {
            switch self {
            case .malformed(let text):
                return "invalid cell selection '\(text)': write a cell number (3) or a range (2-4)"
            case .outOfRange(let range, let count):
                let shown = range.lowerBound == range.upperBound ? "cell \(range.lowerBound)" : "cells \(range.lowerBound)-\(range.upperBound)"
                return count == 1 ? "the script has 1 cell, so there is no \(shown)"
                    : "the script has \(count) cells, so there is no \(shown)"
            }
        }
    }

    public init(range: ClosedRange<Int>) {
        self.range = range
    }

    /// Reads `N`, `N-M` or `N..M`.
    /// - Throws: ``Problem/malformed(_:)`` for anything else, a zero, or a range running backwards.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.contains("..") ? trimmed.components(separatedBy: "..")
            : trimmed.components(separatedBy: "-")
        let numbers = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(numbers.count), let first = numbers.first ?? nil, let last = numbers.last ?? nil,
              first >= 1, first <= last else {
            throw Problem.malformed(text)
        }
        self.range = first...last
    }

    /// Checks the selection against a notebook's cells.
    /// - Throws: ``Problem/outOfRange(_:cellCount:)`` when it names a cell the script lacks.
    func validate(cellCount: Int) throws {
        guard range.upperBound <= cellCount else { throw Problem.outOfRange(range, cellCount: cellCount) }
    }
}
