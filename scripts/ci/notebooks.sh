#!/usr/bin/env bash
# CI: render each assignment to ipynb and HTML with the release binary; the ipynb must pass
# the nbformat validator, the HTML must hold one inline <svg> per plot and load nothing from
# outside (docs/notebooks.md). Needs python3; installs nbformat when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=.build/release/dnnscript
[ -x "$bin" ] || { echo "notebooks.sh: build the release binary first (swift build -c release)"; exit 1; }
python3 -c "import nbformat" 2>/dev/null || python3 -m pip install -q nbformat

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for n in 1 2 3; do
  script=scripts/assignment$n.dnn
  [ -f "$script" ] || script=Tests/DNNScriptTests/Replays/assignment$n.dnn
  args=()
  if [ "$n" = 2 ]; then
    if [ -z "${DNNSCRIPT_COURSE_DATA:-}" ] || [ ! -f "$DNNSCRIPT_COURSE_DATA" ]; then
      echo "notebooks.sh: DNNSCRIPT_COURSE_DATA is not set; skipping assignment2 (it needs the course's data.mat)"
      continue
    fi
    args=("$DNNSCRIPT_COURSE_DATA")
  fi
  for format in ipynb html; do
    "$bin" render "$script" --to "$format" -o "$out/assignment$n.$format" --quiet -- "${args[@]}"
  done
  python3 - "$out/assignment$n.ipynb" "$out/assignment$n.html" <<'PY'
import re, sys
import nbformat
from html.parser import HTMLParser

ipynb, html_path = sys.argv[1], sys.argv[2]
nb = nbformat.read(ipynb, as_version=4)
nbformat.validate(nb)
assert nb.metadata.kernelspec.name == "dnnscript", nb.metadata.kernelspec
assert nb.metadata.language_info.file_extension == ".dnn", nb.metadata.language_info
code = [c for c in nb.cells if c.cell_type == "code"]
assert code and all(c.execution_count for c in code), "every code cell ran"
errors = [o for c in code for o in c.outputs if o.output_type == "error"]
assert not errors, f"cells failed: {[e.evalue for e in errors]}"
plots = sum(1 for c in code for o in c.outputs if o.output_type == "display_data" and "image/svg+xml" in o.data)

html = open(html_path, encoding="utf-8").read()
class Check(HTMLParser):
    svgs, sources = 0, []
    def handle_starttag(self, tag, attrs):
        if tag == "svg": Check.svgs += 1
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "data", "poster", "srcset") and value and not value.startswith("#"):
                Check.sources.append((tag, name, value[:60]))
        if tag in ("script", "link", "iframe", "object", "embed", "img"):
            Check.sources.append((tag, "", ""))
Check().feed(html)
assert Check.svgs == plots, f"{Check.svgs} inline <svg> for {plots} plots"
assert not Check.sources, f"external references: {Check.sources}"
for pattern in (r"https?:", r"@import", r"url\((?!#)"):
    assert not re.search(pattern, html), f"the page holds {pattern}"
print(f"ok {ipynb.rsplit('/', 1)[-1]}: {len(nb.cells)} cells, {plots} plots, valid nbformat {nb.nbformat}.{nb.nbformat_minor}; HTML self-contained")
PY
done
