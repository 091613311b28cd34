/// A noun phrase with its indefinite article, for messages: "an int", "a list", "an 8×2 matrix".
///
/// The article follows the sound of the first word: a vowel letter (but "a unit"), or a
/// number read aloud from eight, eleven or eighteen (8, 80, 11×3, 18000).
/// - Parameter noun: the phrase, e.g. a value's type name.
/// - Returns: the phrase after "a" or "an"; "none" stays bare ("got none").
public func withArticle(_ noun: String) -> String {
    if noun == "none" { return noun }
    return (startsWithVowelSound(noun) ? "an " : "a ") + noun
}

private func startsWithVowelSound(_ phrase: String) -> Bool {
    let digits = phrase.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty {
        // Read in groups of three: 8, 8xx, 11, 18 (and 11 000, 18 000, …) begin with a vowel.
        if digits.hasPrefix("8") { return true }
        return digits.count % 3 == 2 && (digits.hasPrefix("11") || digits.hasPrefix("18"))
    }
    let lower = phrase.lowercased()
    guard let first = lower.first else { return false }
    if first == "u" { return !["uni", "use", "usu", "uti"].contains { lower.hasPrefix($0) } }
    return "aeio".contains(first)
}
