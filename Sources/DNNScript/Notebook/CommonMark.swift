import CCMark
import Foundation

/// Markdown to HTML with cmark-gfm, GitHub's CommonMark implementation: CommonMark plus
/// GFM tables. The page must stay self-contained and safe to open, so raw HTML in the
/// markdown is shown as text, and an image that would load a file or a URL is shown as its
/// description (`data:` images stay).
enum CommonMark {
    /// The HTML of `markdown`.
    static func html(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return HTML.escape(markdown) }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return HTML.escape(markdown) }
        defer { cmark_node_free(document) }
        makeSafe(document)
        // Raw HTML left in the tree is only what makeSafe put there.
        guard let html = cmark_render_html(document, options | CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser)) else {
            return HTML.escape(markdown)
        }
        defer { free(html) }
        return String(decoding: UnsafeRawBufferPointer(start: html, count: strlen(html)), as: UTF8.self)
    }

    /// Replaces raw HTML by text and file or URL images by their description.
    private static func makeSafe(_ document: OpaquePointer) {
        var raw: [OpaquePointer] = [], images: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: raw.append(node)
            case CMARK_NODE_IMAGE:
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                if !url.hasPrefix("data:") { images.append(node) }
            default: break
            }
        }
        cmark_iter_free(iterator)
        for node in raw {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            let replacement = cmark_node_new(block ? CMARK_NODE_PARAGRAPH : CMARK_NODE_TEXT)!
            if block {
                let text = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(text, literal.hasSuffix("\n") ? String(literal.dropLast()) : literal)
                cmark_node_append_child(replacement, text)
            } else {
                cmark_node_set_literal(replacement, literal)
            }
            cmark_node_insert_before(node, replacement)
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for node in images {
            let description = plainText(of: node)
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            let span = cmark_node_new(CMARK_NODE_HTML_INLINE)!
            cmark_node_set_literal(span, "<span class=\"image\">[image: \(HTML.escape(description.isEmpty ? url : description))]</span>")
            cmark_node_insert_before(node, span)
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// The text inside a node (an image's description).
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator),
               child != node, let literal = cmark_node_get_literal(child) {
                text += String(cString: literal)
            }
        }
        cmark_iter_free(iterator)
        return text
    }
}
