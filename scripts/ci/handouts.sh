#!/usr/bin/env bash
# CI: every lab and exercise rendered as an HTML handout: each markdown cell's HTML must be
# what an independent CommonMark implementation makes of the cell's text (markdown-it-py's
# "commonmark" preset with GFM tables, compared as element trees, attributes aside), so an
# identifier like keep_prob never turns into <em> and every code block is a <pre>. Needs
# python3; installs nbformat and markdown-it-py when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=.build/release/dnnscript
[ -x "$bin" ] || { echo "handouts.sh: build the release binary first (swift build -c release)"; exit 1; }
python3 -c "import nbformat, markdown_it" 2>/dev/null || python3 -m pip install -q nbformat markdown-it-py

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

scripts=(scripts/labs/*.dnn scripts/labs/exercises/*.dnn)
for script in "${scripts[@]}"; do
  name=$(basename "$script" .dnn)
  # An exercise exits 1 while its holes are open; the handout is written all the same.
  for format in ipynb html; do
    "$bin" render "$script" --to "$format" -o "$out/$name.$format" --quiet >/dev/null 2>&1 || true
    [ -s "$out/$name.$format" ] || { echo "handouts.sh: $script did not render to $format"; exit 1; }
  done
done

python3 - "$out" "${scripts[@]}" <<'PY'
import os, re, sys
from html.parser import HTMLParser
import nbformat
from markdown_it import MarkdownIt

out, scripts = sys.argv[1], sys.argv[2:]
reference = MarkdownIt("commonmark").enable("table")
VOID = {"br", "hr", "img", "input"}

class Tree(HTMLParser):
    """The element tree as nested (tag, children) with text runs whitespace-collapsed."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("root", [])
        self.stack = [self.root]
    def handle_starttag(self, tag, attrs):
        node = (tag, [])
        self.stack[-1][1].append(node)
        if tag not in VOID:
            self.stack.append(node)
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break
    def handle_data(self, data):
        inside_pre = any(t == "pre" for t, _ in self.stack)
        text = data if inside_pre else re.sub(r"\s+", " ", data)
        if text.strip() or inside_pre:
            kids = self.stack[-1][1]
            if kids and isinstance(kids[-1], str):
                kids[-1] += text
            else:
                kids.append(text)

def tree(html):
    t = Tree()
    t.feed(html)
    t.close()
    return normalise(t.root)

def normalise(node):
    if isinstance(node, str):
        return node.strip() if node.strip() else None
    tag, kids = node
    return (tag, [k for k in (normalise(k) for k in kids) if k is not None])

class Sections(HTMLParser):
    """The inner HTML of each <section class="cell markdown"> of a handout, in order."""
    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.text, self.found, self.depth, self.start = text, [], 0, None
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
    def position(self):
        line, col = self.getpos()
        return self.lines[line - 1] + col
    def handle_starttag(self, tag, attrs):
        if tag != "section":
            return
        if self.start is None and ("class", "cell markdown") in attrs:
            self.start = self.position() + len(self.get_starttag_text())
            self.depth = 1
        elif self.start is not None:
            self.depth += 1
    def handle_endtag(self, tag):
        if tag == "section" and self.start is not None:
            self.depth -= 1
            if self.depth == 0:
                self.found.append(self.text[self.start:self.position()])
                self.start = None

problems, cells = [], 0
for script in scripts:
    name = os.path.basename(script)[:-4]
    nb = nbformat.read(os.path.join(out, name + ".ipynb"), as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    html = open(os.path.join(out, name + ".html"), encoding="utf-8").read()
    parser = Sections(html)
    parser.feed(html)
    if len(parser.found) != len(sources):
        problems.append(f"{script}: {len(parser.found)} markdown sections in the HTML, {len(sources)} markdown cells")
        continue
    for index, (source, rendered) in enumerate(zip(sources, parser.found), 1):
        cells += 1
        ours, theirs = tree(rendered), tree(reference.render(source))
        if ours != theirs:
            problems.append(f"{script}, markdown cell {index}:\n  handout:    {ours}\n  CommonMark: {theirs}")
for p in problems:
    print("handouts.sh: " + p)
print(f"handouts.sh: {len(scripts)} handouts, {cells} markdown cells compared with CommonMark; {len(problems)} difference(s)")
sys.exit(1 if problems else 0)
PY
