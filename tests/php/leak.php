<?php
// `make leak-php`: 100,000 map + encode calls (map_order + toXml + toArray), reporting PHP's
// memory_get_usage() and the process RSS at the start, the middle and the end. Memory that
// grows with the call count is a leak.
declare(strict_types=1);

use function LibInvoice\map_order;

$calls = (int) ($argv[1] ?? 100000);
$root = dirname(__DIR__, 2);
$order = json_decode(file_get_contents("$root/examples/orders/woocommerce-basic.json"), true);
$settings = json_decode(file_get_contents("$root/examples/settings/demo-shop.json"), true);

function rss_kib(): int
{
    preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}

function report(string $when, int $done): array
{
    $figures = [memory_get_usage(), rss_kib()];
    printf("%-6s after %6d calls: memory_get_usage %9d B, RSS %7d KiB\n", $when, $done, ...$figures);
    return $figures;
}

// One warm-up call, so lazily built state (class tables, allocator arenas) is in the start figure.
map_order($order, $settings)->toXml();
$start = report('start', 0);
for ($i = 1; $i <= $calls; ++$i) {
    $document = map_order($order, $settings);
    $document->toXml();
    $document->toArray();
    if ($i === intdiv($calls, 2)) {
        $middle = report('middle', $i);
    }
}
unset($document);
$end = report('end', $calls);
printf("growth middle → end: memory_get_usage %+d B, RSS %+d KiB\n", $end[0] - $middle[0], $end[1] - $middle[1]);
// A leak of even one small block per call would add megabytes over the second half.
exit($end[0] - $middle[0] > 64 * 1024 || $end[1] - $middle[1] > 2048 ? 1 : 0);
