<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\Client;
use LibInvoice\ConfigException;
use LibInvoice\Document;
use LibInvoice\Exception;
use LibInvoice\MappingException;
use LibInvoice\RejectedException;
use LibInvoice\TransportException;
use LibInvoice\UnknownOutcomeException;
use PHPUnit\Framework\TestCase;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\new_attempt_record;

/** Every Client operation against the sandbox. */
final class ClientTest extends TestCase
{
    private static function document(array $options = []): Document
    {
        return map_order(Fixtures::order(), Fixtures::settings(), 'woocommerce', $options === [] ? null : $options);
    }

    /** Issues `$document` under a fresh external id and returns [outcome, record, store]. */
    private static function issue(Client $client, Document $document): array
    {
        $id = external_id(Fixtures::shop(), '1842', ['issue' => $document->toArray()['kind']]);
        $store = new RecordingStore();
        $step = $client->issue($document, new_attempt_record($id, '1842'), $store);
        return [$step['outcome'], $step['record'], $store];
    }

    public function testIssueExactlyOnceThenEveryQuery(): void
    {
        $client = Fixtures::client();
        [$outcome, $record, $store] = self::issue($client, self::document());
        self::assertSame('issued', $outcome['outcome'], json_encode($outcome));
        self::assertMatchesRegularExpression('/^[A-Z]+-\d{4}-\d+$/', $outcome['number']);
        self::assertIsString($outcome['gross_total']);
        self::assertStringStartsWith('%PDF', base64_decode($outcome['pdf_base64']));
        self::assertSame('issued', $record['state']);
        self::assertSame('in_flight', $store->records[0]['state'], 'the intent is stored before the send');
        self::assertSame($record, end($store->records), 'the host has stored the final record');

        // The stored record again: done, nothing sent.
        $again = $client->issue(self::document(), $record, function (): bool {
            self::fail('nothing is stored when nothing is sent');
        });
        self::assertSame($outcome['number'], $again['outcome']['number']);

        self::assertStringStartsWith('%PDF', $client->invoicePdf('number', $outcome['number']));
        self::assertStringStartsWith('%PDF', $client->invoicePdf('external_id', $record['external_id']));
        $data = $client->invoiceData('external_id', $record['external_id'], true);
        self::assertSame($outcome['number'], $data['number']);
        self::assertStringStartsWith('%PDF', base64_decode($data['pdf_base64']));
        self::assertArrayNotHasKey('pdf_base64', array_filter($client->invoiceData('number', $outcome['number'])));

        $paid = $client->registerPayment(['invoice_number' => $outcome['number'], 'entries' => [
            ['date' => '2024-03-02', 'title' => 'átutalás', 'amount' => $outcome['gross_total']],
        ]]);
        self::assertSame('0', $paid['outstanding']);

        $stornoId = external_id(Fixtures::shop(), '1842', 'storno');
        $storno = $client->reverse($outcome['number'], false, new_attempt_record($stornoId, '1842'), new RecordingStore());
        self::assertSame('issued', $storno['outcome']['outcome'], json_encode($storno));
        self::assertTrue($client->invoiceData('number', $outcome['number'])['reversed']);
    }

    public function testAFloatPaymentAmountIsRefusedWithItsPath(): void
    {
        try {
            Fixtures::client()->registerPayment(['invoice_number' => 'x', 'entries' => [
                ['date' => '2024-03-02', 'title' => 't', 'amount' => 12.5],
            ]]);
            self::fail('a float amount was accepted');
        } catch (MappingException $e) {
            self::assertSame('request.entries[0].amount', $e->fieldPath);
        }
    }

    public function testARefusalIsAnOutcomeWhenIssuing(): void
    {
        $orphan = self::document(['kind' => ['type' => 'final', 'deposit_number' => 'SBX-1999-1']]);
        [$outcome, $record] = self::issue(Fixtures::client(), $orphan);
        self::assertSame('rejected', $outcome['outcome'], json_encode($outcome));
        self::assertSame(73, $outcome['code']);
        self::assertFalse($outcome['account_problem']);
        self::assertSame('rejected', $record['state']);
    }

    public function testAWrongKeyIsAnAccountProblem(): void
    {
        [$outcome] = self::issue(new Client(getenv('SANDBOX_URL'), 'not-the-agent-key'), self::document([]));
        self::assertSame('rejected', $outcome['outcome'], json_encode($outcome));
        self::assertSame(3, $outcome['code']);
        self::assertTrue($outcome['account_problem']);
    }

    public function testARefusalIsARejectedExceptionElsewhere(): void
    {
        try {
            Fixtures::client()->invoicePdf('number', 'SBX-1999-3');
            self::fail('an unknown invoice had a PDF');
        } catch (RejectedException $e) {
            self::assertSame(7, $e->vendorCode);
            self::assertNotSame('', $e->vendorMessage);
            self::assertStringContainsString('(7)', $e->getMessage());
        }
    }

    public function testAProformaIsDeletedOnce(): void
    {
        $client = Fixtures::client();
        [$outcome] = self::issue($client, self::document(['kind' => ['type' => 'proforma']]));
        $client->deleteProforma('number', $outcome['number']);
        try {
            $client->deleteProforma('number', $outcome['number']);
            self::fail('a proforma was deleted twice');
        } catch (RejectedException $e) {
            self::assertSame(335, $e->vendorCode);
        }
    }

    public function testAProformaIsNotDeletedByExternalId(): void
    {
        $this->expectException(ConfigException::class);
        Fixtures::client()->deleteProforma('external_id', 'x');
    }

    public function testAnUnknownSelectorIsAConfigException(): void
    {
        $this->expectException(ConfigException::class);
        Fixtures::client()->invoicePdf('title', 'x');
    }

    public function testReceipts(): void
    {
        $client = Fixtures::client();
        $request = [
            'call_id' => 'php-' . bin2hex(random_bytes(6)), 'prefix' => 'NYGTA', 'payment_method' => 'készpénz',
            'currency' => 'HUF', 'order_number' => '1842', 'download_pdf' => true,
            'lines' => [['name' => 'Kávé', 'quantity' => '1', 'unit' => 'db', 'unit_net_price' => '1000',
                'vat_rate' => ['percent' => '27'], 'net' => '1000', 'vat' => '270', 'gross' => 1270]],
        ];
        $created = $client->createReceipt($request);
        $number = $created['receipt']['number'];
        self::assertStringStartsWith('%PDF', base64_decode($created['pdf_base64']));
        try {
            $client->createReceipt($request);
            self::fail('a call id was used twice');
        } catch (RejectedException $e) {
            self::assertSame(338, $e->vendorCode);
        }
        self::assertSame($number, $client->getReceipt($number)['receipt']['number']);
        $client->sendReceipt(['receipt_number' => $number, 'recipients' => ['vevo@example.hu']]);
        $reversed = $client->reverseReceipt($number, true);
        self::assertNotNull($reversed['receipt']);
        try {
            $client->getReceipt('NYGTA-1999-9');
            self::fail('an unknown receipt was found');
        } catch (RejectedException $e) {
            self::assertSame(339, $e->vendorCode);
        }
    }

    public function testSendingAReceiptNeedsRecipients(): void
    {
        try {
            Fixtures::client()->sendReceipt('{"receipt_number": "x"}');
            self::fail('no recipients were accepted');
        } catch (MappingException $e) {
            self::assertStringContainsString('recipients', $e->getMessage());
        }
    }

    public function testTaxpayers(): void
    {
        $client = Fixtures::client();
        $known = $client->queryTaxpayer('13421739');
        self::assertTrue($known['valid']);
        self::assertStringContainsString('KBOSS.HU', $known['name']);
        self::assertNotTrue($client->queryTaxpayer('99999999')['valid']);
        try {
            $client->queryTaxpayer('1234');
            self::fail('a malformed tax number was sent');
        } catch (MappingException $e) {
            self::assertStringContainsString('torzsszam', $e->fieldPath);
        }
    }

    public function testThePersistStepCanRefuse(): void
    {
        $calls = 0;
        try {
            Fixtures::client()->issue(self::document(), new_attempt_record('li-refused', '1842'), function () use (&$calls): bool {
                ++$calls;
                return false;
            });
            self::fail('the send went ahead');
        } catch (Exception $e) {
            self::assertSame(Exception::class, get_class($e));
            self::assertStringContainsString('nothing was sent', $e->getMessage());
        }
        self::assertSame(1, $calls);
        $this->expectException(RejectedException::class);
        Fixtures::client()->invoiceData('external_id', 'li-refused');
    }

    public function testAnExceptionFromThePersistStepReachesTheCaller(): void
    {
        $this->expectException(\DomainException::class);
        $this->expectExceptionMessage('database is down');
        Fixtures::client()->issue(self::document(), new_attempt_record('li-thrown', '1842'), function (): bool {
            throw new \DomainException('database is down');
        });
    }

    public function testABadRecordNamesItsField(): void
    {
        try {
            Fixtures::client()->issue(self::document(), ['external_id' => 5], new RecordingStore());
            self::fail('a bad record was accepted');
        } catch (MappingException $e) {
            self::assertStringStartsWith('record.external_id', $e->fieldPath);
        }
    }

    public function testALostAnswerIsReconciledByQuery(): void
    {
        Fixtures::faults(['kind' => 'close_after_commit', 'operation' => 'action-xmlagentxmlfile', 'count' => 1]);
        $client = Fixtures::client();
        [$outcome, $record] = self::issue($client, self::document());
        self::assertSame('unknown', $outcome['outcome'], json_encode($outcome));
        $again = $client->issue(self::document(), $record, new RecordingStore());
        self::assertSame('issued', $again['outcome']['outcome'], json_encode($again));
        self::assertSame(1, $again['record']['sends'], 'adopted by query, not sent again');
    }

    public function testAnUnreachableServiceIsATransportException(): void
    {
        $this->expectException(TransportException::class);
        (new Client('http://127.0.0.1:9/szamla/', Fixtures::DEMO_KEY))->queryTaxpayer('13421739');
    }

    public function testALostDirectAnswerIsAnUnknownOutcome(): void
    {
        Fixtures::faults(['kind' => 'close_after_commit', 'operation' => 'action-szamla_agent_taxpayer', 'count' => 1]);
        $this->expectException(UnknownOutcomeException::class);
        Fixtures::client()->queryTaxpayer('13421739');
    }

    public function testAMissingCaFileIsAConfigException(): void
    {
        $this->expectException(ConfigException::class);
        new Client('https://127.0.0.1:9/szamla/', Fixtures::DEMO_KEY, '/nonexistent/ca.pem');
    }

    public function testANegativeTimeoutIsAConfigException(): void
    {
        $this->expectException(ConfigException::class);
        new Client(getenv('SANDBOX_URL'), Fixtures::DEMO_KEY, null, -1);
    }

    public function testTheAgentKeyNeverShows(): void
    {
        $secret = 'SECRET-agent-key-do-not-print';
        $client = new Client(getenv('SANDBOX_URL'), $secret);
        foreach ([print_r($client, true), var_export($client, true), json_encode((array) $client)] as $shown) {
            self::assertStringNotContainsString($secret, $shown);
        }
        try {
            serialize($client);
            self::fail('a client was serialized');
        } catch (\Exception $e) {
            self::assertStringNotContainsString($secret, $e->getMessage());
        }
        ob_start();
        var_dump($client);
        debug_zval_dump($client);
        self::assertStringNotContainsString($secret, ob_get_clean());
        try {
            $client->invoicePdf('number', 'SBX-2024-1');
            self::fail('a wrong key was accepted');
        } catch (RejectedException $e) {
            self::assertSame(3, $e->vendorCode);
            self::assertStringNotContainsString($secret, $e->getMessage() . $e->vendorMessage . $e->getTraceAsString());
        }
    }
}
