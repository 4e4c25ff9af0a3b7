<?php
// `make bench`: a 20-line WooCommerce order as a PHP array → Számla Agent XML string through the
// extension (map_order + Document::toXml), timed over many calls; prints µs per call, with the
// settings given as they were (a JSON string) and as a LibInvoice\Settings object read once.
declare(strict_types=1);

require __DIR__ . '/generated-order.php';

use LibInvoice\Settings;

use function LibInvoice\map_order;
use function LibInvoice\Tests\generated_order;
use function LibInvoice\Tests\generated_order_settings;

$iterations = (int) ($argv[1] ?? 20000);
$order = generated_order(20);
$options = ['issue_date' => '2026-11-23'];

/** The best of 5 rounds of `$iterations` calls, after 1,000 warm-up calls, in µs per call. */
function best_of_five(callable $toXml, int $iterations): float
{
    for ($i = 0; $i < 1000; ++$i) {
        $toXml();
    }
    $best = INF;
    foreach (range(1, 5) as $round) {
        $start = hrtime(true);
        for ($i = 0; $i < $iterations; ++$i) {
            $toXml();
        }
        $best = min($best, (hrtime(true) - $start) / 1e3 / $iterations);
    }
    return $best;
}

printf("PHP %s, libinvoice %s, 20-line order array → Agent XML (best of 5 × %d):\n",
    PHP_VERSION, LibInvoice\version(), $iterations);
foreach (['settings as a JSON string' => generated_order_settings(),
    'settings as a Settings object' => new Settings(generated_order_settings())] as $label => $settings) {
    printf("  %-30s %6.1f µs per call\n", $label,
        best_of_five(fn () => map_order($order, $settings, 'woocommerce', $options)->toXml(), $iterations));
}
