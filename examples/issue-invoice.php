<?php
// Issues a WooCommerce order through the libinvoice extension, exactly once:
//   php -d extension=libinvoice examples/issue-invoice.php <agent endpoint> [order.json] [settings.json]
// Prints the invoice number and totals and saves the PDF under out/. The attempt record is what
// a shop keeps with the order (in order meta) and passes back on the next attempt; here it lives
// in a variable.
declare(strict_types=1);

use LibInvoice\Client;
use LibInvoice\Exception;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\new_attempt_record;

if (!extension_loaded('libinvoice')) {
    fwrite(STDERR, "load the extension: php -d extension=libinvoice …\n");
    exit(1);
}
[$endpoint, $orderFile, $settingsFile] = array_slice($argv, 1) + [
    null, __DIR__ . '/orders/woocommerce-basic.json', __DIR__ . '/settings/demo-shop.json'];
if ($endpoint === null) {
    fwrite(STDERR, "usage: {$argv[0]} <agent endpoint> [order.json] [settings.json]\n");
    exit(2);
}
$agentKey = getenv('SZAMLA_AGENT_KEY') ?: 'sandbox-demo-agent-key';
$out = dirname(__DIR__) . '/out';
@mkdir($out);

try {
    $order = json_decode(file_get_contents($orderFile), true, 512, JSON_THROW_ON_ERROR);
    $document = map_order($order, file_get_contents($settingsFile));

    $stored = new_attempt_record(
        external_id('demo-shop', (string) $order['id'], ['issue' => ['type' => 'invoice']]),
        (string) $order['number'],
    );
    // Called before every send and after every answer; a shop writes the record to the order's
    // meta here and returns false if it cannot.
    $persist = function (array $record) use (&$stored): bool {
        $stored = $record;
        return true;
    };

    $step = (new Client($endpoint, $agentKey))->issue($document, $stored, $persist);
    $outcome = $step['outcome'];
    if ($outcome['outcome'] !== 'issued') {
        fwrite(STDERR, 'not issued: ' . json_encode($outcome, JSON_UNESCAPED_UNICODE) . "\n");
        exit(1);
    }
    $currency = $document->toArray()['header']['currency'];
    $totals = $document->totals();
    printf("invoice %s: net %s, VAT %s, gross %s %s (the service answered net %s, gross %s)\n",
        $outcome['number'], $totals['net'], $totals['vat'], $totals['gross'], $currency,
        $outcome['net_total'] ?? '?', $outcome['gross_total'] ?? '?');
    foreach ($totals['per_rate'] as $rate) {
        printf("  VAT %s: net %s, VAT %s, gross %s\n", $rate['vat_rate']['percent'] ?? $rate['vat_rate']['code'],
            $rate['net'], $rate['vat'], $rate['gross']);
    }
    $pdf = isset($outcome['pdf_base64'])
        ? base64_decode($outcome['pdf_base64'])
        : (new Client($endpoint, $agentKey))->invoicePdf('number', $outcome['number']);
    file_put_contents("$out/{$outcome['number']}.pdf", $pdf);
    echo "PDF: out/{$outcome['number']}.pdf\n";
} catch (Exception $e) {
    fwrite(STDERR, get_class($e) . ': ' . $e->getMessage() . "\n");
    exit(1);
}
