#!/usr/bin/env bash
# The WooCommerce plugin's translations (`make test-i18n`, part of `make test`): fails when a
# gettext call is not extractable (a variable, another text domain), when a string with
# placeholders has no translators comment, when languages/libinvoice-woocommerce.pot is not what
# xgettext extracts from the source today (locations aside: run `make i18n`), when a .po has an
# untranslated, fuzzy or obsolete entry, a format mismatch or a string the template lacks, and
# when a committed .mo differs from a fresh msgfmt of its .po.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
plugin="$root/plugins/woocommerce"
languages="$plugin/languages"
pot="$languages/libinvoice-woocommerce.pot"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

passed=0
failed=0
check() { # check <description> <command…>: runs the command, its output shown only on failure
    local description="$1"
    shift
    if "$@" >"$scratch/out" 2>&1; then
        passed=$((passed + 1))
        echo "ok: $description"
    else
        failed=$((failed + 1))
        echo "FAILED: $description"
        sed 's/^/    /' "$scratch/out"
    fi
}

# A catalogue without locations, wrapping or creation date, sorted: what must match.
canonical() {
    msgattrib --no-location --no-wrap --sort-output "$1" | grep -v '^"POT-Creation-Date: '
}
# Only the message ids (context, id, plural) of a catalogue, sorted.
ids() {
    msgattrib --no-location --no-wrap --sort-output "$1" |
        awk '/^(msgctxt|msgid|msgid_plural) /{keep=1; print; next} /^"/{if (keep) print; next} {keep=0}'
}

pot_is_fresh() {
    "$here/pot.sh" "$scratch/fresh.pot" || return 1
    [ -f "$pot" ] || { echo "$pot is missing: run make i18n"; return 1; }
    diff -u <(canonical "$pot") <(canonical "$scratch/fresh.pot") || { echo "the template is stale: run make i18n"; return 1; }
}

placeholders_explained() {
    "$here/pot.sh" "$scratch/comments.pot" || return 1
    # Entries flagged php-format need a "translators:" comment above them.
    msgattrib --no-wrap "$scratch/comments.pot" | awk '
        /^$/ { if (format && !comment && id != "") { print "no translators comment: " id; bad = 1 } format = comment = 0; id = ""; next }
        /^#\. translators:/ { comment = 1 }
        /^#,.*php-format/ { format = 1 }
        /^msgid / { id = $0 }
        END { if (format && !comment && id != "") { print "no translators comment: " id; bad = 1 } exit bad }'
}

po_is_complete() {
    local po="$1" problems=0
    msgfmt --check --output-file=/dev/null "$po" || problems=1
    for kind in untranslated only-fuzzy only-obsolete; do
        msgattrib --"$kind" --no-wrap "$po" >"$scratch/$kind.po" || problems=1
        if [ -s "$scratch/$kind.po" ]; then
            echo "${kind#only-} entries in $(basename "$po"):"
            grep '^msgid ' "$scratch/$kind.po" | grep -v '^msgid ""$'
            problems=1
        fi
    done
    if sed -n '1,/^msgid ""$/p' "$po" | grep -q '^#,.*fuzzy'; then
        echo "the header of $(basename "$po") is marked fuzzy"
        problems=1
    fi
    diff -u <(ids "$pot") <(ids "$po") || { echo "$(basename "$po") and the template hold different strings: run make i18n"; problems=1; }
    return "$problems"
}

mo_is_fresh() {
    local po="$1" mo="${1%.po}.mo"
    [ -f "$mo" ] || { echo "$(basename "$mo") is missing: run make i18n"; return 1; }
    msgfmt --output-file="$scratch/fresh.mo" "$po" || return 1
    cmp "$mo" "$scratch/fresh.mo" || { echo "$(basename "$mo") is not msgfmt's output for $(basename "$po"): run make i18n"; return 1; }
}

check "every gettext call takes literal strings and the text domain libinvoice-woocommerce" php "$here/domains.php" "$plugin"
check "every string with placeholders has a translators comment" placeholders_explained
check "languages/libinvoice-woocommerce.pot holds every string of the source, and nothing else" pot_is_fresh
shopt -s nullglob
pos=("$languages"/libinvoice-woocommerce-*.po)
[ "${#pos[@]}" -gt 0 ] || { failed=$((failed + 1)); echo "FAILED: no translation (languages/libinvoice-woocommerce-*.po)"; }
for po in "${pos[@]}"; do
    check "$(basename "$po") translates every string, none fuzzy, none obsolete" po_is_complete "$po"
    check "$(basename "${po%.po}.mo") is msgfmt's output for $(basename "$po")" mo_is_fresh "$po"
done

echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
