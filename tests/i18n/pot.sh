#!/usr/bin/env bash
# pot.sh <output.pot>: extracts every translatable string of the WooCommerce plugin
# (plugins/woocommerce) with GNU xgettext, using WordPress's gettext functions as keywords and
# keeping the `translators:` comments, plus the plugin header's name and description (which
# WordPress translates too). References are relative to the plugin directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
plugin="$root/plugins/woocommerce"
output="$(realpath -m "$1")"
domain=libinvoice-woocommerce
main="$plugin/$domain.php"
version="$(sed -n 's/^ \* Version: *//p' "$main" | head -n 1)"

# WordPress's gettext functions: msgid, plural, context and the argument count (the last
# argument is always the text domain).
keywords=(
    __:1,2t _e:1,2t esc_html__:1,2t esc_html_e:1,2t esc_attr__:1,2t esc_attr_e:1,2t
    _x:1,2c,3t _ex:1,2c,3t esc_html_x:1,2c,3t esc_attr_x:1,2c,3t
    _n:1,2,4t _nx:1,2,4c,5t _n_noop:1,2,3t _nx_noop:1,2,3c,4t
)
# A bare --keyword drops xgettext's own PHP keywords (gettext, _, …), which the plugin never uses.
args=(--language=PHP --from-code=UTF-8 --add-comments=translators: --sort-by-file --no-wrap
    --package-name="$domain" --package-version="$version" --copyright-holder=libinvoice --keyword)
for keyword in "${keywords[@]}"; do args+=(--keyword="$keyword"); done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The plugin header's strings, as WordPress reads them, referenced to the main file.
name="$(sed -n 's/^ \* Plugin Name: *//p' "$main" | head -n 1)"
description="$(sed -n 's/^ \* Description: *//p' "$main" | head -n 1)"
php -r '
    [, $out, $name, $description] = $argv;
    $q = fn ($s) => var_export($s, true);
    file_put_contents($out, "<?php\n/* translators: Plugin Name of the plugin */\n__(" . $q($name) . ", \"libinvoice-woocommerce\");\n/* translators: Description of the plugin */\n__(" . $q($description) . ", \"libinvoice-woocommerce\");\n");
' "$scratch/$domain.php" "$name" "$description"

# xgettext asks for a bug address on every run; the plugin has none besides its repository.
extract() { xgettext "$@" 2> >(sed '/--msgid-bugs-address/,/command line option/d' >&2); }

cd "$plugin"
mapfile -t sources < <(find . -name '*.php' -not -path './vendor/*' -printf '%P\n' | LC_ALL=C sort)
extract "${args[@]}" --output="$scratch/sources.pot" "${sources[@]}"
(cd "$scratch" && extract "${args[@]}" --no-location --output="$scratch/header.pot" "$domain.php")
msgcat --use-first --no-wrap --sort-by-file --output-file="$scratch/all.pot" "$scratch/header.pot" "$scratch/sources.pot"
# A template says so in its header, and carries no placeholder copyright lines.
sed -e '1,/^$/{/^# /d;/^#$/d}' -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"$/"Content-Type: text\/plain; charset=UTF-8\\n"/' \
    "$scratch/all.pot" > "$output"
