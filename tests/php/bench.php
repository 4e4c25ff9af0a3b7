<?php
// `make bench`: a 20-line WooCommerce order as a PHP array → Számla Agent XML string through the
// extension (map_order + Document::toXml), timed over many calls; prints µs per call.
declare(strict_types=1);

require __DIR__ . '/generated-order.php';

use function LibInvoice\map_order;
use function LibInvoice\Tests\generated_order;
use function LibInvoice\Tests\generated_order_settings;

$iterations = (int) ($argv[1] ?? 20000);
$order = generated_order(20);
$settings = generated_order_settings();
$toXml = fn () => map_order($order, $settings, 'woocommerce', ['issue_date' => '2026-11-23'])->toXml();

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
printf("PHP %s, libinvoice %s: 20-line order array → Agent XML: %.1f µs per call (best of 5 × %d)\n",
    PHP_VERSION, LibInvoice\version(), $best, $iterations);
