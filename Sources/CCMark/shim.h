// GitHub's CommonMark library (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev):
// markdown cells of rendered notebooks, with GFM tables.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
