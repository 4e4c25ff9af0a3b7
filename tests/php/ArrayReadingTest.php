<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\Document;
use LibInvoice\MappingException;
use LibInvoice\Settings;
use PHPUnit\Framework\TestCase;

use function LibInvoice\__debug_json_reads;
use function LibInvoice\map_order;
use function LibInvoice\map_receipt;
use function LibInvoice\map_refund;
use function LibInvoice\validate_settings;

require_once __DIR__ . '/generated-order.php';

/**
 * PHP arrays are read in place, without `json_encode`; what that reader cannot read it leaves to
 * the JSON route, so an array must give exactly what its `json_encode` text gives: the same
 * document, or the same exception with the same field path and message. `__debug_json_reads()`
 * counts the arrays that took the JSON route, to tell which path read them.
 */
final class ArrayReadingTest extends TestCase
{
    private const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;
    private const OPTIONS = ['issue_date' => '2024-03-01'];

    public function testEveryExampleOrderIsReadInPlaceAsItsJson(): void
    {
        foreach (glob(Fixtures::root() . '/examples/orders/*.json') as $file) {
            $format = str_starts_with(basename($file), 'woocommerce-') ? 'woocommerce' : 'libinvoice';
            $outcome = self::assertReadAsJson(Fixtures::json(substr($file, strlen(Fixtures::root()) + 1)), true, $format);
            self::assertArrayHasKey('document', $outcome, basename($file));
        }
        $outcome = self::assertReadAsJson(generated_order(20), true);
        self::assertArrayHasKey('document', $outcome);
    }

    public function testAFloatAmountIsRefusedWithItsPathWhereverItIs(): void
    {
        $paths = [
            'total' => fn (array &$order) => $order['total'] = 21340.0,
            'line_items[2].subtotal_tax' => fn (array &$order) => $order['line_items'][2]['subtotal_tax'] = 0.5,
            'line_items[0].taxes[0].total' => fn (array &$order) => $order['line_items'][0]['taxes'][0]['total'] = 1.25,
            'shipping_lines[0].total' => fn (array &$order) => $order['shipping_lines'][0]['total'] = 1500.0,
        ];
        foreach ($paths as $path => $change) {
            $order = Fixtures::order();
            $change($order);
            $outcome = self::assertReadAsJson($order, false);
            self::assertSame(MappingException::class, $outcome['exception'] ?? null, $path);
            self::assertSame($path, $outcome['fieldPath'], $path);
            self::assertStringContainsString('floating-point', $outcome['message'], $path);
        }
    }

    public function testIntegersAndStringsAreAcceptedAndFloatsWhereTheOrderAllowsThem(): void
    {
        $order = Fixtures::order();
        $order['id'] = '1842';                          // an id as a string
        $order['shipping_total'] = (int) $order['shipping_total'];
        $order['line_items'][0]['quantity'] = '2';      // a quantity as a decimal string
        $order['line_items'][0]['price'] = 3539.5;      // a float WooCommerce writes and libinvoice skips
        $order['tax_lines'][0]['rate_percent'] = 27.0;  // a float rate, read through its shortest text
        self::assertArrayHasKey('document', self::assertReadAsJson($order, true));
    }

    public function testHugeIntegersAreReadExactly(): void
    {
        $order = Fixtures::order();
        $order['id'] = PHP_INT_MAX;
        $order['number'] = '';
        $order['customer_id'] = PHP_INT_MIN;
        $outcome = self::assertReadAsJson($order, true);
        self::assertStringContainsString((string) PHP_INT_MAX, $outcome['document']);

        $order = Fixtures::order();
        $order['line_items'][0]['total'] = PHP_INT_MAX;
        self::assertSame(MappingException::class, self::assertReadAsJson($order, true)['exception'] ?? null);
    }

    public function testListsAndMapsAreTheJsonArraysAndObjectsOfJsonEncode(): void
    {
        $order = Fixtures::order();
        $order['shipping'] = [];                        // `[]`: an address read from an empty list
        $order['meta_data'][] = ['key' => 'x', 'value' => [3 => 'a', 'b' => [1, [2, ['c' => null]]]]];
        $order['line_items'][0]['taxes'][0] = array_values($order['line_items'][0]['taxes'][0]); // a struct from a list
        self::assertArrayHasKey('document', self::assertReadAsJson($order, true));

        $order = Fixtures::order();
        $items = ['hashed' => null];                    // a list in a hash table, not a packed array
        unset($items['hashed']);
        foreach ($order['line_items'] as $item) {
            $items[] = $item;
        }
        $order['line_items'] = $items;
        self::assertArrayHasKey('document', self::assertReadAsJson($order, true));

        $order = Fixtures::order();
        $order['line_items'] = [1 => $order['line_items'][0], 2 => $order['line_items'][1]]; // an object, not a list
        self::assertSame(MappingException::class, self::assertReadAsJson($order, false)['exception'] ?? null);

        $order = Fixtures::order();
        unset($order['line_items'][0]);                 // a list with a hole is an object too
        self::assertSame('line_items', self::assertReadAsJson($order, false)['fieldPath'] ?? null);

        $order = Fixtures::order();
        // A list for an object: its fields in their declared order.
        $order['billing'] = ['Anna', 'Kovács', '', 'Váci út 1.', '', 'Budapest', '1132', 'HU', 'anna@example.hu', ''];
        self::assertStringContainsString('Váci út 1.', self::assertReadAsJson($order, true)['document'] ?? '');
    }

    public function testIntegerKeysAreTheirDecimalText(): void
    {
        $order = Fixtures::order();
        $order[7] = 'an unknown field, skipped';
        self::assertArrayHasKey('document', self::assertReadAsJson($order, true));

        $own = Fixtures::order('own-schema');
        $own[7] = 'refused: the own schema knows its fields';
        $outcome = self::assertReadAsJson($own, false, 'libinvoice');
        self::assertStringContainsString('unknown field `7`', $outcome['message'] ?? '');
    }

    public function testReferencesAreFollowed(): void
    {
        $order = Fixtures::order();
        $total = $order['line_items'][0]['total'];
        $order['line_items'][0]['total'] = &$total;
        $billing = $order['billing'];
        $order['billing'] = &$billing;
        self::assertArrayHasKey('document', self::assertReadAsJson($order, true));

        $order = Fixtures::order();
        $order['meta_data'][0]['value'] = &$order;      // a recursive array: json_encode refuses it
        $reads = __debug_json_reads();
        try {
            map_order($order, Fixtures::settings(), 'woocommerce', self::OPTIONS);
            self::fail('a recursive array was accepted');
        } catch (MappingException $e) {
            self::assertSame('order', $e->fieldPath);
            self::assertSame($reads + 1, __debug_json_reads());
        } finally {
            $order = null;                              // through the reference: the cycle goes
        }
    }

    public function testWhatJsonEncodeRefusesIsRefusedEvenWhereTheOrderIsNotRead(): void
    {
        $cases = [
            'NaN' => fn (array &$order) => $order['line_items'][0]['price'] = NAN,
            'Inf' => fn (array &$order) => $order['meta_data'][] = ['key' => 'x', 'value' => -INF],
            'Malformed UTF-8' => fn (array &$order) => $order['line_items'][0]['parent_name'] = "\xC3\x28",
            'Malformed UTF-8 ' => fn (array &$order) => $order['_links']["\xFF"] = 1,
        ];
        foreach ($cases as $message => $change) {
            $order = Fixtures::order();
            $change($order);
            try {
                map_order($order, Fixtures::settings(), 'woocommerce', self::OPTIONS);
                self::fail("$message was accepted");
            } catch (MappingException $e) {
                self::assertSame('order', $e->fieldPath, $message);
                self::assertStringContainsString(trim($message), $e->getMessage());
            }
        }
    }

    public function testObjectsAndDeepNestingTakeTheJsonRoute(): void
    {
        $order = Fixtures::order();
        $order['billing'] = (object) $order['billing'];
        self::assertArrayHasKey('document', self::assertReadAsJson($order, false));

        $deep = 'bottom';
        for ($i = 0; $i < 100; ++$i) {
            $deep = [$deep];
        }
        $order = Fixtures::order();
        $order['meta_data'][] = ['key' => 'deep', 'value' => $deep];
        self::assertArrayHasKey('document', self::assertReadAsJson($order, false));
        for ($i = 0; $i < 100; ++$i) {
            $deep = [$deep];
        }
        $order['meta_data'][] = ['key' => 'deeper', 'value' => $deep];
        self::assertReadAsJson($order, false);
    }

    public function testOptionsRefundsAndDocumentsAreReadInPlace(): void
    {
        $reads = __debug_json_reads();
        $document = map_order(Fixtures::order(), Fixtures::settings(), 'woocommerce', ['kind' => ['type' => 'proforma']]);
        self::assertSame($document->toJson(), Document::fromArray($document->toArray())->toJson());
        $corrective = map_refund(Fixtures::order('own-schema'), Fixtures::settings(),
            ['refund_id' => '3188', 'original_number' => 'SBX-2024-1'], 'libinvoice');
        self::assertNotNull($corrective);
        self::assertSame($reads, __debug_json_reads());
    }

    public function testASettingsObjectIsReadOnceAndTakenWhereverSettingsAre(): void
    {
        $settings = new Settings(Fixtures::settings());
        $order = Fixtures::order();
        self::assertSame(
            map_order($order, Fixtures::settings(), 'woocommerce', self::OPTIONS)->toJson(),
            map_order($order, $settings, 'woocommerce', self::OPTIONS)->toJson(),
        );
        self::assertSame(map_receipt($order, Fixtures::settings()), map_receipt($order, $settings));
        $refund = ['refund_id' => '3188', 'original_number' => 'SBX-2024-1', 'issue_date' => '2024-03-02'];
        $own = Fixtures::order('own-schema');
        self::assertSame(
            map_refund($own, Fixtures::settings(), $refund, 'libinvoice')->toJson(),
            map_refund($own, $settings, $refund, 'libinvoice')->toJson(),
        );
        validate_settings($settings);
        $json = file_get_contents(Fixtures::root() . '/examples/settings/demo-shop.json');
        foreach ([new Settings($json), new Settings($settings), clone $settings] as $same) {
            self::assertSame(
                map_order($order, $settings, 'woocommerce', self::OPTIONS)->toJson(),
                map_order($order, $same, 'woocommerce', self::OPTIONS)->toJson(),
            );
        }
    }

    public function testADocumentOutlivesTheOrderAndTheSettingsItWasMappedFrom(): void
    {
        // The document's lines take their names, SKUs and units from both arguments.
        $make = function (bool $held): array {
            $order = Fixtures::order();
            $order['line_items'][0]['name'] = sprintf('Árvíztűrő %s fúrógép', str_repeat('„tükör” ', 3));
            $order['line_items'][0]['sku'] = sprintf('SKU-%d', random_int(1000, 9999));
            $settings = Fixtures::settings();
            $settings['invoice']['default_unit'] = sprintf('%s-%s', 'darab', 'ka');
            $document = map_order($order, $held ? new Settings($settings) : $settings, 'woocommerce', self::OPTIONS);
            $expected = [$document->toJson(), $document->toXml()];
            return [$document, $expected];
        };
        foreach ([true, false] as $held) {
            [$document, $expected] = $make($held);
            gc_collect_cycles();
            self::assertStringContainsString('Árvíztűrő „tükör” „tükör” „tükör”  fúrógép', $expected[1]);
            self::assertStringContainsString('<mennyisegiEgyseg>darab-ka</mennyisegiEgyseg>', $expected[1]);
            self::assertSame($expected, [$document->toJson(), $document->toXml()]);
        }
    }

    public function testInvalidSettingsAreRefusedByTheConstructorWithTheirPath(): void
    {
        $cases = [
            'settings.vat.domestic' => ['vat' => ['domestic' => 'XYZ']],
            'settings.invoice.payment_deadline_days' => ['invoice' => ['payment_deadline_days' => 8.0]],
            'settings.seller' => ['seller' => 'nobody'],
        ];
        foreach ($cases as $path => $change) {
            $settings = array_replace(Fixtures::settings(), $change);
            try {
                new Settings($settings);
                self::fail("$path was accepted");
            } catch (MappingException $e) {
                self::assertSame($path, $e->fieldPath);
                $expected = $e->getMessage();
            }
            try {
                validate_settings(json_encode($settings, self::JSON_FLAGS));
                self::fail("$path was accepted as JSON");
            } catch (MappingException $e) {
                self::assertSame($expected, $e->getMessage(), 'the message of the JSON text');
            }
        }
    }

    public function testASettingsObjectCannotBeSerializedOrMadeWithoutItsConstructor(): void
    {
        $settings = new Settings(Fixtures::settings());
        foreach ([fn () => serialize($settings), fn () => unserialize('O:19:"LibInvoice\Settings":0:{}'),
            fn () => (new \ReflectionClass(Settings::class))->newInstanceWithoutConstructor()] as $make) {
            try {
                $make();
                self::fail('a Settings object was made without being read');
            } catch (\Exception $e) {
                self::assertNotInstanceOf(\LibInvoice\Exception::class, $e);
            }
        }
    }

    /**
     * Maps `$order` as an array and as its `json_encode` text and asserts the same outcome;
     * `$inPlace`: whether the array must have been read without the JSON route.
     *
     * @return array{document: string}|array{exception: class-string, fieldPath: ?string, message: string}
     */
    private static function assertReadAsJson(array $order, bool $inPlace, string $format = 'woocommerce'): array
    {
        $json = json_encode($order, self::JSON_FLAGS);
        self::assertIsString($json, 'json_encode refused the order');
        $reads = __debug_json_reads();
        $fromArray = self::outcome(fn () => map_order($order, Fixtures::settings(), $format, self::OPTIONS));
        self::assertSame($inPlace ? 0 : 1, __debug_json_reads() - $reads, $inPlace ? 'read in place' : 'read as JSON');
        self::assertSame(self::outcome(fn () => map_order($json, Fixtures::settings(), $format, self::OPTIONS)), $fromArray);
        return $fromArray;
    }

    /** @return array{document: string}|array{exception: class-string, fieldPath: ?string, message: string} */
    private static function outcome(callable $map): array
    {
        try {
            return ['document' => $map()->toJson()];
        } catch (\LibInvoice\Exception $e) {
            return ['exception' => $e::class, 'fieldPath' => $e->fieldPath ?? null, 'message' => $e->getMessage()];
        }
    }
}
