/// The style sheet of rendered HTML notebooks: readable from a phone to a laptop, light and
/// dark schemes from the reader's setting, plots scaled to the column.
enum NotebookStyle {
    static let css = """

    :root { --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --code-bg: #f6f8fa; --border: #d0d7de;
      --out-bg: #ffffff; --err-bg: #ffebe9; --err-fg: #82071e; --warn-fg: #7d4e00; --stderr-bg: #fff8c5;
      --k: #cf222e; --f: #8250df; --s: #0a3069; --n: #0550ae; --c: #6e7781; --o: #953800; --l: #0550ae; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --code-bg: #161b22; --border: #30363d;
        --out-bg: #0d1117; --err-bg: #3c1618; --err-fg: #ffa198; --warn-fg: #e3b341; --stderr-bg: #272115;
        --k: #ff7b72; --f: #d2a8ff; --s: #a5d6ff; --n: #79c0ff; --c: #8b949e; --o: #ffa657; --l: #79c0ff; }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 16px/1.55 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
    main { max-width: 52rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
    .file { color: var(--muted); font-size: .85rem; margin: 0 0 1rem; }
    .cell { margin: 1.25rem 0; }
    .markdown h1, .markdown h2, .markdown h3 { line-height: 1.25; margin: 1.5rem 0 .5rem; }
    .markdown h1 { font-size: 1.75rem; border-bottom: 1px solid var(--border); padding-bottom: .3rem; }
    .markdown code { background: var(--code-bg); padding: .1em .3em; border-radius: 4px; }
    .markdown a { color: var(--n); }
    .markdown table { border-collapse: collapse; }
    .markdown td, .markdown th { border: 1px solid var(--border); padding: .25rem .5rem; }
    .prompt { color: var(--muted); font: .8rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin-bottom: .2rem; }
    .prompt .title { font-family: inherit; font-weight: 600; margin-left: .5rem; }
    pre { margin: 0; padding: .6rem .8rem; white-space: pre-wrap; overflow-wrap: anywhere;
      font: .85rem/1.45 ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; tab-size: 4; }
    pre.source { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; }
    .failed pre.source { border-left: 4px solid var(--err-fg); }
    .expectation-failed pre.source, .interrupted pre.source { border-left: 4px solid var(--warn-fg); }
    .outputs { margin: .3rem 0 0; border-left: 3px solid var(--border); }
    .outputs pre { background: var(--out-bg); }
    pre.stderr { background: var(--stderr-bg); }
    pre.error { background: var(--err-bg); color: var(--err-fg); }
    .outputs .prompt { margin: .3rem 0 0 .8rem; }
    .warn { color: var(--warn-fg); font-weight: 600; }
    .err { color: var(--err-fg); font-weight: 600; }
    figure.plot { margin: .5rem 0; padding: .5rem; background: #ffffff; border-radius: 6px; max-width: 40rem; }
    figure.plot svg { display: block; width: 100%; height: auto; }
    figure.plot figcaption { color: #656d76; font-size: .75rem; text-align: right; }
    .k { color: var(--k); } .f { color: var(--f); } .s { color: var(--s); } .n { color: var(--n); }
    .c { color: var(--c); font-style: italic; } .o { color: var(--o); } .l { color: var(--l); }
    @media (max-width: 600px) { main { padding: .5rem .5rem 3rem; } pre { font-size: .78rem; } }
    @media print { pre { white-space: pre-wrap; } figure.plot { break-inside: avoid; } }

    """
}
