#!/usr/bin/env bash
# `make i18n`: regenerates languages/libinvoice-woocommerce.pot from the source, merges it into
# every .po (new strings arrive untranslated or fuzzy, for a translator to finish) and compiles
# each .po into its .mo. Files whose content would change only in their creation date are left
# alone, so an unchanged source changes nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
languages="$here/../../plugins/woocommerce/languages"
pot="$languages/libinvoice-woocommerce.pot"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$languages"

# Replaces $2 by $1 unless they differ only in their creation date.
replace() {
    if [ -f "$2" ] && diff -q <(grep -v '^"POT-Creation-Date: ' "$1") <(grep -v '^"POT-Creation-Date: ' "$2") >/dev/null; then
        return
    fi
    cp "$1" "$2"
    echo "updated $(basename "$2")"
}

"$here/pot.sh" "$scratch/fresh.pot"
replace "$scratch/fresh.pot" "$pot"
shopt -s nullglob
for po in "$languages"/libinvoice-woocommerce-*.po; do
    msgmerge --quiet --no-wrap --sort-by-file --previous --output-file="$scratch/merged.po" "$po" "$pot"
    replace "$scratch/merged.po" "$po"
    msgfmt --check --output-file="${po%.po}.mo" "$po"
    msgfmt --statistics --output-file=/dev/null "$po" 2>&1 | sed "s|^|$(basename "$po"): |"
done
