#!/usr/bin/env bash
# Builds the fuzzers' seed corpora under fuzz/corpus/<target>/ from the shared test corpus
# (features, hostile, a few small real files), the fixtures, the packs and config files in the
# repository. The corpora are not committed (see .gitignore); run this before `cargo fuzz run`.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=""
for candidate in ../../shared/corpus ../../../shared/corpus; do
  if [ -d "$candidate" ]; then shared=$candidate; break; fi
done
if [ -z "$shared" ]; then echo "seed.sh: shared corpus not found" >&2; exit 1; fi

mkdir -p corpus/docx corpus/sheet corpus/text corpus/packs
copy() { # copy FILE TARGET: named by content hash, as libFuzzer names corpus entries
  local hash
  hash=$(sha1sum "$1" | cut -d' ' -f1)
  cp "$1" "corpus/$2/$hash"
  chmod u+w "corpus/$2/$hash"
}
smallest() { # smallest N files with extension EXT under the real corpus
  find "$shared/real" -type f -iname "*.$1" -size -64k -printf '%s %p\n' | sort -n | head -n "$2" | cut -d' ' -f2-
}

for f in "$shared"/features/*.docx "$shared"/hostile/*.docx "$root"/fixtures/*.docx "$root"/fixtures/*/*.docx; do
  copy "$f" docx
done
for f in $(smallest docx 40); do copy "$f" docx; done

for f in "$shared"/features/*.xls* "$shared"/features/*.ods "$shared"/hostile/*.xls* "$shared"/hostile/*.ods "$root"/fixtures/*.xlsx; do
  copy "$f" sheet
done
for ext in xlsx ods xls; do
  for f in $(smallest "$ext" 20); do copy "$f" sheet; done
done

# Text: the fixtures' paragraphs (as upplint reads them), a few lines at a time, and the examples of
# the packs.
cargo build --quiet --release --manifest-path "$root/Cargo.toml"
upplint="$root/target/release/upplint"
for f in "$root"/fixtures/*.docx "$root"/fixtures/*/*.docx "$root"/fixtures/*.xlsx "$root"/fixtures/*.txt; do
  "$upplint" dump "$f" | python3 -c '
import json, sys, hashlib, os
doc = json.load(sys.stdin)
lines = [b["text"] for b in doc.get("blocks", []) if b.get("text")]
for i in range(0, len(lines), 8):
    chunk = "\n".join(lines[i:i + 8]).encode()
    name = hashlib.sha1(chunk).hexdigest()
    with open(os.path.join("corpus/text", name), "wb") as out:
        out.write(chunk)
'
done

python3 - "$root"/rules/*/pack.toml <<'PY'
import hashlib, os, sys, tomllib
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        pack = tomllib.load(f)
    for rule in pack.get("rule", []):
        for example in rule.get("example", []):
            for key in ("text", "valid", "invalid"):
                text = example.get(key)
                if isinstance(text, str) and text:
                    data = text.encode()
                    with open(os.path.join("corpus/text", hashlib.sha1(data).hexdigest()), "wb") as out:
                        out.write(data)
PY

for f in "$root"/rules/*/pack.toml "$root"/tests/data/*/pack/pack.toml "$root"/tests/data/*/upplint.toml; do
  copy "$f" packs
done
# The packs the tests build in code (format strings after `{HEAD}` in tests/*.rs).
python3 - "$root"/tests/*.rs <<'PY'
import hashlib, os, re, sys
head = '[pack]\nname = "t"\nversion = "1.0.0"\ndescription = "test"\n'
for path in sys.argv[1:]:
    source = open(path, encoding="utf-8").read()
    for m in re.finditer(r'"\{HEAD\}((?:[^"\\]|\\.)*)"', source):
        body = m.group(1).replace('\\n', '\n').replace('\\"', '"').replace('{{', '{').replace('}}', '}')
        data = (head + body).encode()
        with open(os.path.join("corpus/packs", hashlib.sha1(data).hexdigest()), "wb") as out:
            out.write(data)
PY
# A pack and a config in one input (the target splits at a `#%%` line).
for f in "$root"/tests/data/*/pack/pack.toml; do
  cfg="$(dirname "$(dirname "$f")")/upplint.toml"
  [ -f "$cfg" ] || continue
  tmp=$(mktemp)
  { cat "$f"; printf '\n#%%%%\n'; cat "$cfg"; } > "$tmp"
  copy "$tmp" packs
  rm -f "$tmp"
done

for t in docx sheet text packs; do
  echo "corpus/$t: $(find "corpus/$t" -type f | wc -l) seeds"
done
