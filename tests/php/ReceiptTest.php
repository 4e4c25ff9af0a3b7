<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\ConfigException;
use LibInvoice\MappingException;
use PHPUnit\Framework\TestCase;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\map_receipt;
use function LibInvoice\new_attempt_record;
use function LibInvoice\validate_settings;

/** Settings validation, receipts mapped from orders, and receipts issued exactly once. */
final class ReceiptTest extends TestCase
{
    /** The MappingException `$call` throws. */
    private static function mappingError(callable $call): MappingException
    {
        try {
            $call();
        } catch (MappingException $e) {
            return $e;
        }
        self::fail('no MappingException');
    }

    public function testValidSettingsPass(): void
    {
        validate_settings(Fixtures::settings());
        validate_settings(file_get_contents(Fixtures::root() . '/examples/settings/demo-shop.json'));
        validate_settings(['shop_id' => 'minimal']);
        $this->addToAssertionCount(3);
    }

    /** @return iterable<string, array{array<string, mixed>|string, string}> */
    public static function invalidSettings(): iterable
    {
        $demo = Fixtures::settings();
        yield 'empty shop id' => [['shop_id' => ' '], 'settings.shop_id'];
        yield 'unknown VAT code' => [['vat' => ['domestic' => 'XYZ']] + $demo, 'settings.vat.domestic'];
        yield 'lower-case receipt prefix' => [['receipt' => ['number_prefix' => 'nygta']] + $demo, 'settings.receipt.number_prefix'];
        yield 'receipt prefix of the invoices' => [
            array_merge($demo, ['invoice' => ['number_prefix' => 'WEB'], 'receipt' => ['number_prefix' => 'WEB']]),
            'settings.receipt.number_prefix',
        ];
        yield 'unknown rounding' => [['rounding' => 'sideways'] + $demo, 'settings.rounding'];
        yield 'misspelt field' => [['recipt' => []] + $demo, 'settings.recipt'];
        yield 'malformed JSON' => ['{"shop_id":', 'settings.shop_id'];
    }

    /** @dataProvider invalidSettings */
    public function testInvalidSettingsThrowWhatMappingThrows(array|string $settings, string $path): void
    {
        $validation = self::mappingError(fn () => validate_settings($settings));
        self::assertSame($path, $validation->fieldPath);
        $mapping = self::mappingError(fn () => map_order(Fixtures::order(), $settings));
        self::assertSame($mapping->fieldPath, $validation->fieldPath);
        self::assertSame($mapping->getMessage(), $validation->getMessage());
    }

    public function testSettingsMustBeAnArrayOrJson(): void
    {
        self::assertSame('settings', self::mappingError(fn () => validate_settings(42))->fieldPath);
    }

    public function testAReceiptCarriesTheInvoiceLinesAndTheOrderTotal(): void
    {
        $receipt = map_receipt(Fixtures::order(), Fixtures::settings());
        self::assertNull($receipt['call_id'], 'issueReceipt sets the call id');
        self::assertSame('NYGTA', $receipt['prefix']);
        self::assertSame('1842', $receipt['order_number']);
        self::assertSame('HUF', $receipt['currency']);
        self::assertTrue($receipt['download_pdf']);
        $document = map_order(Fixtures::order(), Fixtures::settings())->toArray();
        self::assertSame($document['header']['payment_method'], $receipt['payment_method']);
        self::assertCount(count($document['lines']), $receipt['lines']);
        foreach ($document['lines'] as $i => $line) {
            foreach (['name', 'quantity', 'unit', 'unit_net_price', 'vat_rate', 'net', 'vat', 'gross'] as $field) {
                self::assertSame($line[$field], $receipt['lines'][$i][$field], "lines[$i].$field");
            }
        }
        self::assertSame(21340, array_sum(array_map('intval', array_column($receipt['lines'], 'gross'))));

        $root = Fixtures::root();
        self::assertSame($receipt, map_receipt(
            file_get_contents("$root/examples/orders/woocommerce-basic.json"),
            file_get_contents("$root/examples/settings/demo-shop.json"),
        ));
        $own = map_receipt(Fixtures::order('own-schema'), Fixtures::settings(), 'libinvoice');
        self::assertNotEmpty($own['lines']);
    }

    public function testOrdersThatCannotBecomeReceipts(): void
    {
        $company = self::mappingError(fn () => map_receipt(Fixtures::order('woocommerce-company'), Fixtures::settings()));
        self::assertSame('buyer.tax_number', $company->fieldPath);
        self::assertStringContainsString('owed an invoice', $company->getMessage());
        $noPrefix = self::mappingError(fn () => map_receipt(Fixtures::order(), ['shop_id' => 'no-receipts']));
        self::assertSame('settings.receipt.number_prefix', $noPrefix->fieldPath);
        $order = Fixtures::order();
        $order['line_items'][0]['total'] = 12.5;
        self::assertSame('line_items[0].total', self::mappingError(fn () => map_receipt($order, Fixtures::settings()))->fieldPath);
        $this->expectException(ConfigException::class);
        map_receipt(Fixtures::order(), Fixtures::settings(), 'shopify');
    }

    public function testAReceiptIsIssuedExactlyOnce(): void
    {
        $client = Fixtures::client();
        $receipt = map_receipt(Fixtures::order(), Fixtures::settings());
        $id = external_id(Fixtures::shop(), '1842', 'receipt');
        self::assertStringEndsWith('-receipt-0', $id);
        $store = new RecordingStore();
        $step = $client->issueReceipt($receipt, new_attempt_record($id, '1842'), $store);
        $outcome = $step['outcome'];
        self::assertSame('issued', $outcome['outcome'], json_encode($outcome));
        self::assertMatchesRegularExpression('/^NYGTA-\d{4}-\d+$/', $outcome['number']);
        self::assertSame('21340', $outcome['gross_total']);
        self::assertStringStartsWith('%PDF', base64_decode($outcome['pdf_base64']));
        self::assertSame('in_flight', $store->records[0]['state'], 'the intent is stored before the send');
        self::assertSame($step['record'], end($store->records));

        // The stored record again: done, nothing sent.
        $again = $client->issueReceipt($receipt, $step['record'], function (): bool {
            self::fail('nothing is stored when nothing is sent');
        });
        self::assertSame($outcome['number'], $again['outcome']['number']);

        // Only the intent was stored (the worker died mid-send): found by the call id, adopted.
        $adopted = $client->issueReceipt(json_encode($receipt), $store->records[0], new RecordingStore());
        self::assertSame('issued', $adopted['outcome']['outcome'], json_encode($adopted));
        self::assertSame($outcome['number'], $adopted['outcome']['number']);
        self::assertSame(1, $adopted['record']['sends']);

        $fetched = $client->getReceipt($outcome['number'])['receipt'];
        self::assertSame($id, $fetched['call_id']);
        self::assertSame('21340', $fetched['gross_total']);
    }

    public function testALostReceiptAnswerIsReconciledByTheCallId(): void
    {
        Fixtures::faults(['kind' => 'close_after_commit', 'operation' => 'action-szamla_agent_nyugta_create', 'count' => 1]);
        $client = Fixtures::client();
        $receipt = map_receipt(Fixtures::order(), Fixtures::settings());
        $record = new_attempt_record(external_id(Fixtures::shop(), '1842', 'receipt'), '1842');
        $lost = $client->issueReceipt($receipt, $record, new RecordingStore());
        self::assertSame('unknown', $lost['outcome']['outcome'], json_encode($lost));
        $again = $client->issueReceipt($receipt, $lost['record'], new RecordingStore());
        self::assertSame('issued', $again['outcome']['outcome'], json_encode($again));
        self::assertSame(1, $again['record']['sends'], 'adopted by query, not sent again');
    }

    public function testABadReceiptRequestNamesItsField(): void
    {
        $receipt = map_receipt(Fixtures::order(), Fixtures::settings());
        $receipt['lines'][0]['gross'] = 7079.5;
        $error = self::mappingError(fn () => Fixtures::client()->issueReceipt(
            $receipt, new_attempt_record('li-bad-receipt', '1842'), new RecordingStore()));
        self::assertSame('receipt.lines[0].gross', $error->fieldPath);
    }
}
