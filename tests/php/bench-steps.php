<?php
// bench-steps.php <step> <calls>: runs one step of the PHP benchmark (tests/php/bench.php)
// `calls` times after one warm-up call, for tests/php/instructions.sh to count under callgrind.
declare(strict_types=1);

require __DIR__ . '/generated-order.php';

use LibInvoice\Settings;

use function LibInvoice\map_order;
use function LibInvoice\Tests\generated_order;
use function LibInvoice\Tests\generated_order_settings;

[, $step, $calls] = $argv;
$order = generated_order(20);
$settings = generated_order_settings();
// Made only for its step, so that the other steps also run against builds without the class.
$held = $step === 'array-to-xml-held-settings' ? new Settings($settings) : null;
$options = ['issue_date' => '2026-11-23'];
$json = json_encode($order, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
$document = map_order($order, $settings, 'woocommerce', $options);
$steps = [
    'array-to-xml' => fn () => map_order($order, $settings, 'woocommerce', $options)->toXml(),
    'array-to-xml-held-settings' => fn () => map_order($order, $held, 'woocommerce', $options)->toXml(),
    'map-array' => fn () => map_order($order, $settings, 'woocommerce', $options),
    'map-json-string' => fn () => map_order($json, $settings, 'woocommerce', $options),
    'to-xml' => fn () => $document->toXml(),
    'php-json-encode' => fn () => json_encode($order, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION),
];
$run = $steps[$step] ?? throw new InvalidArgumentException("no step $step: " . implode(', ', array_keys($steps)));
$run();
for ($i = 0; $i < (int) $calls; ++$i) {
    $run();
}
