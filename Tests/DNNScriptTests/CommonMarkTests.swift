@testable import DNNScript
import Testing

/// Markdown cells are CommonMark (cmark-gfm) with GFM tables, made safe for a self-contained page.
@Suite struct CommonMarkTests {
    // Examples of the CommonMark spec (0.29, the version Debian's cmark-gfm implements),
    // markdown → HTML as the spec gives them.
    @Test(arguments: [
        // Indented code blocks.
        ("    a simple\n      indented code block\n", "<pre><code>a simple\n  indented code block\n</code></pre>\n"),
        // Intraword underscores are not emphasis.
        ("foo_bar_\n", "<p>foo_bar_</p>\n"),
        ("snake_case_word\n", "<p>snake_case_word</p>\n"),
        ("*foo bar*\n", "<p><em>foo bar</em></p>\n"),
        ("# foo\n", "<h1>foo</h1>\n"),
        ("```\n<\n >\n```\n", "<pre><code>&lt;\n &gt;\n</code></pre>\n"),
        ("`foo`\n", "<p><code>foo</code></p>\n"),
        ("- one\n\n two\n", "<ul>\n<li>one</li>\n</ul>\n<p>two</p>\n"),
    ])
    func specExamples(markdown: String, html: String) {
        #expect(CommonMark.html(markdown) == html)
    }

    @Test func theDropoutFormulaOfTheHandoutsIsNotGarbled() {
        let html = CommonMark.html("With keep_prob = 0.8, run 06_dropout_sweep.dnn:\n\n    A = A * D / keep_prob\n")
        #expect(!html.contains("<em>"))
        #expect(html.contains("<pre><code>A = A * D / keep_prob\n</code></pre>"))
    }

    @Test func tablesRawHTMLAndImages() {
        #expect(CommonMark.html("| a | b |\n|---|---|\n| 1 | 2 |\n").contains("<td>1</td>"))
        #expect(CommonMark.html("<script>x</script>\n") == "<p>&lt;script&gt;x&lt;/script&gt;</p>\n")
        #expect(CommonMark.html("a <b>b</b>\n") == "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n")
        #expect(CommonMark.html("![a plot](plots/x.svg)\n") == "<p><span class=\"image\">[image: a plot]</span></p>\n")
        #expect(CommonMark.html("![](data:image/png;base64,AA==)\n").contains("<img src=\"data:image/png;base64,AA==\""))
    }
}
