#!/usr/bin/env bash
# The WooCommerce plugin's tests against a real WordPress (Debian's `wordpress` package, used
# read-only from /usr/share/wordpress) and a real MariaDB, both set up here from nothing:
#   1. builds the PHP extension (with the test hooks) and starts the sandbox (tests/sandbox.sh);
#   2. starts MariaDB in a scratch data directory on a private socket and loopback port (no
#      system service), creates the database and its user;
#   3. lays out wp-content in the scratch directory: WooCommerce's stand-in
#      (tests/wordpress/stand-ins) as plugins/woocommerce, the libinvoice plugin
#      (plugins/woocommerce) as plugins/libinvoice-woocommerce, the harness's must-use plugin;
#   4. installs WordPress (wp_install), activates WooCommerce, configures a Hungarian shop and the
#      fixture users, activates the libinvoice plugin — each step a PHP process of its own;
#   5. runs PHPUnit (Debian's /usr/bin/phpunit) on tests/wordpress/ with the extension loaded.
# Everything is stopped and removed on exit. Arguments go to PHPUnit (e.g. --filter Harness).
# KEEP_WORDPRESS=1 keeps the scratch directory (the database is stopped either way).
set -euo pipefail
# shellcheck source=../sandbox.sh
source "$(dirname "$0")/../sandbox.sh"   # cd to the repository root; $cargo, $work, $target, $url
here=tests/wordpress

mariadb_pid=""
stop_all() {
    local status=$?
    if [ -n "$mariadb_pid" ]; then
        kill "$mariadb_pid" 2>/dev/null || true
        wait "$mariadb_pid" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ -f "${wp_dir:-/nonexistent}/debug.log" ]; then
        echo "--- WordPress debug.log (last 40 lines but PHP 8.2's deprecations in WordPress 6.1) ---"
        grep -v 'PHP Deprecated' "$wp_dir/debug.log" | tail -n 40 || true
    fi
    if [ "${KEEP_WORDPRESS:-}" = "1" ]; then
        kept="$(mktemp -d)"; cp -a "$work/." "$kept/"; echo "kept: $kept"
    fi
    stop_sandbox
}
trap stop_all EXIT
trap 'exit 130' INT TERM

"$cargo" build --quiet -p libinvoice-php --features test-hooks
extension="$(realpath "$target/libinvoice_php.so")"

# --- MariaDB: a private server for this run ----------------------------------------------------
wp_dir="$work/wordpress"
db_dir="$work/mariadb"
mkdir -p "$wp_dir" "$db_dir"
me="$(id -un)"
mariadb-install-db --no-defaults --datadir="$db_dir/data" --auth-root-authentication-method=socket \
    --skip-test-db --user="$me" >"$db_dir/install.log" 2>&1 || { cat "$db_dir/install.log"; exit 1; }
db_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
db_socket="$db_dir/mysqld.sock"
mariadbd --no-defaults --datadir="$db_dir/data" --socket="$db_socket" --port="$db_port" \
    --bind-address=127.0.0.1 --pid-file="$db_dir/mysqld.pid" --log-error="$db_dir/mysqld.err" \
    --tmpdir="$db_dir" --user="$me" --skip-log-bin --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci >"$db_dir/mysqld.out" 2>&1 &
mariadb_pid=$!
for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$db_socket" -u "$me" ping >/dev/null 2>&1 && break
    kill -0 "$mariadb_pid" 2>/dev/null || { cat "$db_dir/mysqld.err"; exit 1; }
    sleep 0.1
done
mariadb-admin --no-defaults --socket="$db_socket" -u "$me" ping >/dev/null || { echo "MariaDB did not start"; cat "$db_dir/mysqld.err"; exit 1; }
db_password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
mariadb --no-defaults --socket="$db_socket" -u "$me" <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL
echo "mariadb: $db_socket (port $db_port)"

# --- wp-content: the stand-in WooCommerce, the plugin under test, the harness -----------------
mkdir -p "$wp_dir/wp-content/plugins" "$wp_dir/wp-content/mu-plugins" "$wp_dir/wp-content/uploads"
ln -s "$(realpath "$here/stand-ins")" "$wp_dir/wp-content/plugins/woocommerce"
ln -s /usr/share/wordpress/wp-content/themes "$wp_dir/wp-content/themes"
ln -s "$(realpath "$here/mu-plugins/libinvoice-test-harness.php")" "$wp_dir/wp-content/mu-plugins/"
plugin=""
if [ -f plugins/woocommerce/libinvoice-woocommerce.php ]; then
    ln -s "$(realpath plugins/woocommerce)" "$wp_dir/wp-content/plugins/libinvoice-woocommerce"
    plugin="libinvoice-woocommerce/libinvoice-woocommerce.php"
else
    echo "plugins/woocommerce/libinvoice-woocommerce.php is absent: only the harness's own tests run"
fi

export LIBINVOICE_WP_DIR="$wp_dir"
export LIBINVOICE_WP_DB_HOST="localhost:$db_socket"
export LIBINVOICE_WP_DB_NAME=wordpress
export LIBINVOICE_WP_DB_USER=wordpress
export LIBINVOICE_WP_DB_PASSWORD="$db_password"
export LIBINVOICE_WP_LOG_FILE="$wp_dir/wc-log.jsonl"
export LIBINVOICE_WP_MAIL_FILE="$wp_dir/mail.jsonl"
export LIBINVOICE_WP_PLUGIN="$plugin"
export LIBINVOICE_PHP_EXTENSION="$extension"
export SANDBOX_URL="$url"
php_ext=(tests/php/php-with-extension "$extension")

# --- WordPress: install, WooCommerce, shop, plugin --------------------------------------------
"${php_ext[@]}" "$here/setup/install.php"
"${php_ext[@]}" "$here/setup/activate.php" woocommerce/woocommerce.php
"${php_ext[@]}" "$here/setup/shop.php"
if [ -n "$plugin" ]; then
    "${php_ext[@]}" "$here/setup/activate.php" "$plugin"
fi

"${php_ext[@]}" /usr/bin/phpunit --configuration "$here/phpunit.xml" "$@"
