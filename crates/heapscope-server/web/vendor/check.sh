#!/usr/bin/env bash
# Checks that crates/heapscope-server/web/vendor/codemirror/ holds exactly the published files of the recorded
# CodeMirror version: fetches the tarball with npm (which checks its integrity), then
# compares each vendored file's sha256 with the tarball's file and with SHA256SUMS.
# Offline, `sha256sum -c SHA256SUMS` (also run by heapscope-server's tests) checks the
# files against the recorded sums only.
set -euo pipefail
cd "$(dirname "$0")/codemirror"
version=$(awk '/^codemirror /{print $2}' VERSION)
want=$(awk '/^integrity /{print $2}' VERSION)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "codemirror@$version" --silent >/dev/null)
got=$(cd "$tmp" && npm view "codemirror@$version" dist.integrity 2>/dev/null)
[ "$got" = "$want" ] || { echo "integrity differs: registry $got, recorded $want"; exit 1; }
tar xzf "$tmp/codemirror-$version.tgz" -C "$tmp"
sha256sum -c SHA256SUMS
status=0
for pair in codemirror.js:lib/codemirror.js codemirror.css:lib/codemirror.css python.js:mode/python/python.js LICENSE:LICENSE; do
  mine=${pair%%:*} theirs=${pair#*:}
  a=$(sha256sum "$mine" | cut -d' ' -f1)
  b=$(sha256sum "$tmp/package/$theirs" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then echo "$mine = package/$theirs ($version)"; else echo "$mine differs from package/$theirs"; status=1; fi
done
exit $status
