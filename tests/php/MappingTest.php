<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\ConfigException;
use LibInvoice\Document;
use LibInvoice\MappingException;
use PHPUnit\Framework\TestCase;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\map_refund;
use function LibInvoice\new_attempt_record;
use function LibInvoice\version;

/** Orders in, documents out: everything that needs no service. */
final class MappingTest extends TestCase
{
    public function testVersionIsThePackageVersion(): void
    {
        self::assertMatchesRegularExpression('/^\d+\.\d+\.\d+$/', version());
        self::assertSame(version(), phpversion('libinvoice'));
    }

    public function testAWooCommerceArrayBecomesAnInvoice(): void
    {
        $document = map_order(Fixtures::order(), Fixtures::settings());
        $array = $document->toArray();
        self::assertSame('invoice', $array['kind']['type']);
        self::assertCount(4, $array['lines']);
        foreach ($array['lines'] as $line) {
            self::assertIsString($line['net'], 'amounts come back as decimal strings');
        }
        self::assertStringContainsString('<xmlszamla', $document->toXml());
        self::assertStringNotContainsString('szamlaagentkulcs', $document->toXml(), 'a preview carries no credentials');
        $totals = $document->totals();
        foreach (['net' => '16803', 'vat' => '4537', 'gross' => '21340', 'payable' => '21340'] as $key => $amount) {
            self::assertSame($amount, $totals[$key], $key);
        }
        self::assertSame(['percent' => '27'], $totals['per_rate'][0]['vat_rate']);
    }

    public function testJsonStringsAndArraysGiveTheSameDocument(): void
    {
        $root = Fixtures::root();
        $fromJson = map_order(
            file_get_contents("$root/examples/orders/woocommerce-basic.json"),
            file_get_contents("$root/examples/settings/demo-shop.json"),
            'woocommerce',
            '{"issue_date": "2024-03-01"}',
        );
        $fromArrays = map_order(Fixtures::order(), Fixtures::settings(), 'woocommerce', ['issue_date' => '2024-03-01']);
        self::assertSame($fromJson->toJson(), $fromArrays->toJson());
        self::assertSame('2024-03-01', $fromArrays->toArray()['header']['issue_date']);
    }

    public function testOwnSchemaAndDocumentKinds(): void
    {
        $proforma = map_order(Fixtures::order('own-schema'), Fixtures::settings(), 'libinvoice', ['kind' => ['type' => 'proforma']]);
        self::assertSame('proforma', $proforma->toArray()['kind']['type']);
    }

    public function testEveryExampleOrderMaps(): void
    {
        foreach (glob(Fixtures::root() . '/examples/orders/woocommerce-*.json') as $file) {
            $document = map_order(file_get_contents($file), Fixtures::settings());
            self::assertNotSame('', $document->toXml(), basename($file));
        }
    }

    public function testDocumentsSurviveArraysAndJson(): void
    {
        $document = map_order(Fixtures::order(), Fixtures::settings());
        self::assertSame($document->toJson(), Document::fromArray($document->toArray())->toJson());
        self::assertSame($document->toJson(), Document::fromArray($document->toJson())->toJson());
        self::assertSame($document->toXml(), Document::fromArray($document->toJson())->toXml());
    }

    public function testTheXmlPreviewKeepsTheOrdersText(): void
    {
        $order = Fixtures::order();
        $order['line_items'][0]['name'] = 'Árvíztűrő „tükör” & <fúrógép>';
        $xml = map_order($order, Fixtures::settings())->toXml();
        self::assertTrue(mb_check_encoding($xml, 'UTF-8'));
        self::assertStringContainsString('Árvíztűrő „tükör” &amp; &lt;fúrógép&gt;', $xml);
    }

    public function testDocumentsAreNotConstructedFromPhp(): void
    {
        $this->expectException(\Throwable::class);
        new Document();
    }

    public function testAFloatAmountIsRefusedWithItsPath(): void
    {
        $order = Fixtures::order();
        $order['line_items'][1]['total'] = 12.5;
        try {
            map_order($order, Fixtures::settings());
            self::fail('a float amount was accepted');
        } catch (MappingException $e) {
            self::assertSame('line_items[1].total', $e->fieldPath);
            self::assertStringContainsString('line_items[1].total', $e->getMessage());
            self::assertStringContainsString('floating-point', $e->getMessage());
        }
    }

    public function testAWholeFloatIsRefusedToo(): void
    {
        $order = Fixtures::order();
        $order['line_items'][0]['total'] = 7079.0;
        $this->expectException(MappingException::class);
        $this->expectExceptionMessage('line_items[0].total');
        map_order($order, Fixtures::settings());
    }

    public function testANonFiniteNumberIsRefused(): void
    {
        $order = Fixtures::order();
        $order['line_items'][0]['total'] = NAN;
        try {
            map_order($order, Fixtures::settings());
            self::fail('NAN was accepted');
        } catch (MappingException $e) {
            self::assertSame('order', $e->fieldPath);
            self::assertStringContainsString('NaN', $e->getMessage());
        }
    }

    public function testIntegerAmountsAreAccepted(): void
    {
        $order = Fixtures::order('own-schema');
        $strings = map_order($order, Fixtures::settings(), 'libinvoice', ['issue_date' => '2024-03-01']);
        array_walk_recursive($order, function (&$value, $key): void {
            if (in_array($key, ['total', 'total_tax'], true) && is_string($value) && ctype_digit($value)) {
                $value = (int) $value;
            }
        });
        $ints = map_order($order, Fixtures::settings(), 'libinvoice', ['issue_date' => '2024-03-01']);
        self::assertSame($strings->toJson(), $ints->toJson());
    }

    public function testAMappingRefusalNamesTheField(): void
    {
        $order = Fixtures::order();
        $order['line_items'][0]['taxes'] = [];
        try {
            map_order($order, Fixtures::settings());
            self::fail('an untaxed line in a taxed shop was accepted');
        } catch (MappingException $e) {
            self::assertStringStartsWith('line_items[0]', $e->fieldPath);
            self::assertStringStartsWith($e->fieldPath . ': ', $e->getMessage());
        }
    }

    public function testBadSettingsNameTheirPath(): void
    {
        $settings = Fixtures::settings();
        $settings['seller'] = 'nobody';
        try {
            map_order(Fixtures::order(), $settings);
            self::fail('bad settings were accepted');
        } catch (MappingException $e) {
            self::assertStringStartsWith('settings.seller', $e->fieldPath);
        }
    }

    public function testMalformedJsonIsAMappingException(): void
    {
        $this->expectException(MappingException::class);
        map_order('{"id": ', Fixtures::settings());
    }

    public function testAnOrderMustBeAnArrayOrAString(): void
    {
        $this->expectException(MappingException::class);
        $this->expectExceptionMessage('expected an array or a JSON string');
        map_order(42, Fixtures::settings());
    }

    public function testAnUnknownFormatIsAConfigException(): void
    {
        $this->expectException(ConfigException::class);
        $this->expectExceptionMessage('"shopify"');
        map_order(Fixtures::order(), Fixtures::settings(), 'shopify');
    }

    public function testAPartialRefundBecomesACorrectiveInvoice(): void
    {
        $corrective = map_refund(Fixtures::order('own-schema'), Fixtures::settings(),
            ['refund_id' => '3188', 'original_number' => 'SBX-2024-1'], 'libinvoice');
        self::assertInstanceOf(Document::class, $corrective);
        self::assertSame('corrective', $corrective->toArray()['kind']['type']);
        self::assertSame('SBX-2024-1', $corrective->toArray()['kind']['original_number']);
    }

    public function testAFullRefundMeansReversingTheOriginal(): void
    {
        $order = Fixtures::order('own-schema');
        $order['refunds'][] = ['id' => 'all', 'amount' => $order['totals']['total'], 'lines' => []];
        self::assertNull(map_refund($order, Fixtures::settings(),
            ['refund_id' => 'all', 'original_number' => 'SBX-2024-1'], 'libinvoice'));
    }

    public function testAnUnknownRefundIsRefused(): void
    {
        $this->expectException(MappingException::class);
        $this->expectExceptionMessage('refunds');
        map_refund(Fixtures::order('own-schema'), Fixtures::settings(),
            ['refund_id' => '9', 'original_number' => 'SBX-2024-1'], 'libinvoice');
    }

    public function testExternalIdsAreDeterministic(): void
    {
        self::assertSame('li-shop_1-1842-invoice-0', external_id('shop 1', '1842', ['issue' => ['type' => 'invoice']]));
        self::assertSame('li-shop-1842-storno-2', external_id('shop', '1842', 'storno', 2));
    }

    public function testAnUnknownPurposeIsRefused(): void
    {
        $this->expectException(MappingException::class);
        external_id('shop', '1842', 'refund');
    }

    public function testANegativeGenerationIsRefused(): void
    {
        $this->expectException(MappingException::class);
        external_id('shop', '1842', 'storno', -1);
    }

    public function testAFreshAttemptRecordIsAPlainArray(): void
    {
        self::assertSame(
            ['external_id' => 'li-x', 'last_attempt_at' => null, 'order_number' => '1842', 'sends' => 0, 'state' => 'new'],
            new_attempt_record('li-x', '1842'),
        );
    }
}
