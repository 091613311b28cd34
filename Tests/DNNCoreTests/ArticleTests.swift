import Testing
import DNNCore

/// The article of every message that names a type or a shape (`withArticle`).
@Suite struct ArticleTests {
    @Test(arguments: [
        ("int", "an int"), ("initializer", "an initializer"), ("optimizer", "an optimizer"),
        ("list", "a list"), ("string", "a string"), ("learning-rate decay", "a learning-rate decay"),
        ("unit", "a unit"), ("update", "an update"), ("none", "none"),
        ("8×2 matrix", "an 8×2 matrix"), ("80×1 matrix", "an 80×1 matrix"), ("800×1 matrix", "an 800×1 matrix"),
        ("11×3 matrix", "an 11×3 matrix"), ("18×1 matrix", "an 18×1 matrix"), ("18000×1 matrix", "an 18000×1 matrix"),
        ("1×8 matrix", "a 1×8 matrix"), ("110×1 matrix", "a 110×1 matrix"), ("1100×1 matrix", "a 1100×1 matrix"),
        ("2×3 matrix", "a 2×3 matrix"),
    ])
    func article(noun: String, phrase: String) {
        #expect(withArticle(noun) == phrase)
    }
}
