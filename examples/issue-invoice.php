<?php
// Issues a WooCommerce order through the libinvoice extension, exactly once:
//   php -d extension=libinvoice examples/issue-invoice.php <agent endpoint> [order.json] [settings.json]
// Prints the invoice number and totals and saves the PDF under out/. The attempt record is kept
// in out/<order>.record.json, as a shop would keep it with the order: run it again and the same
// invoice comes back without a second send.
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

    $recordFile = "$out/order-{$order['id']}.record.json";
    $record = is_file($recordFile)
        ? json_decode(file_get_contents($recordFile), true, 512, JSON_THROW_ON_ERROR)
        : new_attempt_record(external_id('demo-shop', (string) $order['id'], ['issue' => ['type' => 'invoice']]), (string) $order['number']);
    // The shop stores the record before every send; a real shop writes it to the order's meta.
    $persist = fn (array $record): bool => file_put_contents($recordFile, json_encode($record, JSON_PRETTY_PRINT)) !== false;

    $step = (new Client($endpoint, $agentKey))->issue($document, $record, $persist);
    $outcome = $step['outcome'];
    if ($outcome['outcome'] !== 'issued') {
        fwrite(STDERR, 'not issued: ' . json_encode($outcome, JSON_UNESCAPED_UNICODE) . "\n");
        exit(1);
    }
    printf("invoice %s: net %s, gross %s %s\n", $outcome['number'], $outcome['net_total'] ?? '?',
        $outcome['gross_total'] ?? '?', $document->toArray()['header']['currency']);
    $pdf = isset($outcome['pdf_base64'])
        ? base64_decode($outcome['pdf_base64'])
        : (new Client($endpoint, $agentKey))->invoicePdf('number', $outcome['number']);
    file_put_contents("$out/{$outcome['number']}.pdf", $pdf);
    echo "PDF: out/{$outcome['number']}.pdf\n";
} catch (Exception $e) {
    fwrite(STDERR, get_class($e) . ': ' . $e->getMessage() . "\n");
    exit(1);
}
