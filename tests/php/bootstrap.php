<?php
// Loaded by PHPUnit before the tests: the extension must already be loaded (run.sh passes
// `-d extension=…`), and SANDBOX_URL names the sandbox run.sh started.
declare(strict_types=1);

if (!extension_loaded('libinvoice')) {
    fwrite(STDERR, "the libinvoice extension is not loaded: run tests/php/run.sh\n");
    exit(1);
}
if (getenv('SANDBOX_URL') === false) {
    fwrite(STDERR, "SANDBOX_URL is not set: run tests/php/run.sh\n");
    exit(1);
}

require __DIR__ . '/Fixtures.php';
