<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\Client;
use LibInvoice\ConfigException;
use LibInvoice\Document;
use LibInvoice\Exception;
use LibInvoice\UnsupportedException;
use PHPUnit\Framework\TestCase;

use function LibInvoice\external_id;
use function LibInvoice\map_order;
use function LibInvoice\map_receipt;
use function LibInvoice\new_attempt_record;

/** PayBill and Számlahegy through the extension, against the sandbox. */
final class BackendsTest extends TestCase
{
    private const PAYBILL_STORE = 'sdk_test';
    private const PAYBILL_KEY = '86af3-80e4f-f8228-9498f-910ad';
    private const SZAMLAHEGY_KEY = 'sandbox-szamlahegy-key';
    private const WRONG_KEY = 'wrong-key-SECRET-4711';

    private static function base(): string
    {
        return preg_replace('#/szamla/$#', '', getenv('SANDBOX_URL'));
    }

    private static function document(array $options = []): Document
    {
        return map_order(Fixtures::order(), Fixtures::settings(), 'woocommerce', $options === [] ? null : $options);
    }

    private static function record(Document $document): array
    {
        return new_attempt_record(external_id(Fixtures::shop(), '1842', ['issue' => $document->toArray()['kind']]), '1842');
    }

    private static function payBill(string $key = self::PAYBILL_KEY): Client
    {
        return Client::payBill(self::base() . '/api/payment/', self::PAYBILL_STORE, $key, 'php-test.example',
            getenv('SANDBOX_URL'), Fixtures::DEMO_KEY, null, 2000, 10000);
    }

    private static function szamlahegy(string $key = self::SZAMLAHEGY_KEY, bool $testMode = true): Client
    {
        return Client::szamlahegy(self::base(), $key, $testMode, null, 2000, 10000);
    }

    /** The Számlahegy invoices carrying `$foreignId`, as the sandbox's lookup describes them. */
    private static function szamlahegyInvoices(string $foreignId): array
    {
        $context = stream_context_create(['http' => [
            'header' => 'Authorization: Bearer ' . self::SZAMLAHEGY_KEY,
        ]]);
        $answer = file_get_contents(self::base() . '/api/v1/invoices?foreign_id=' . rawurlencode($foreignId), false, $context);
        self::assertIsString($answer);
        return json_decode($answer, true, 512, JSON_THROW_ON_ERROR)['invoices'];
    }

    /** Issues `$document` through `$client`; returns the issued outcome. */
    private static function issuedThroughSzamlahegy(Client $client, Document $document): array
    {
        $step = $client->issue($document, self::record($document), new RecordingStore());
        self::assertSame('issued', $step['outcome']['outcome'], json_encode($step['outcome']));
        return $step['outcome'];
    }

    private static function stornoRecord(): array
    {
        return new_attempt_record(external_id(Fixtures::shop(), '1842', 'storno'), '1842');
    }

    /** A successful test transaction of the sandbox's test store, made through its control endpoint. */
    private static function transaction(): string
    {
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'header' => 'Content-Type: application/json',
            'content' => json_encode(['store' => self::PAYBILL_STORE, 'currency' => 'HUF', 'successful' => true]),
        ]]);
        $answer = file_get_contents(self::base() . '/control/paybill/transactions', false, $context);
        self::assertIsString($answer);
        return json_decode($answer, true, 512, JSON_THROW_ON_ERROR)['transaction_id'];
    }

    /** Asserts `$call` throws UnsupportedException naming the Agent backend. */
    private static function assertUnsupported(callable $call): void
    {
        try {
            $call();
            self::fail('no UnsupportedException');
        } catch (UnsupportedException $e) {
            self::assertInstanceOf(Exception::class, $e);
            self::assertStringContainsString('Számla Agent', $e->getMessage());
            foreach ([self::PAYBILL_KEY, self::SZAMLAHEGY_KEY, Fixtures::DEMO_KEY] as $key) {
                self::assertStringNotContainsString($key, $e->getMessage());
            }
        }
    }

    public function testPayBillIssuesTheTransactionsInvoiceOnce(): void
    {
        $client = self::payBill();
        self::assertSame('PayBill', $client->backend());
        $transaction = self::transaction();
        $document = self::document();
        $store = new RecordingStore();
        $step = $client->issuePayBill($transaction, $document, self::record($document), $store);
        self::assertSame('issued', $step['outcome']['outcome'], json_encode($step['outcome']));
        self::assertMatchesRegularExpression('/^[A-Z]+-\d{4}-\d+$/', $step['outcome']['number']);
        self::assertStringStartsWith('%PDF', base64_decode($step['outcome']['pdf_base64']));
        self::assertSame('issued', $step['record']['state']);
        self::assertSame('in_flight', $store->records[0]['state']);

        // The stored record again: done, nothing sent.
        $again = $client->issuePayBill($transaction, $document, $step['record'], new RecordingStore());
        self::assertSame($step['outcome']['number'], $again['outcome']['number']);

        // The same transaction under another external id: the gateway refuses.
        $second = $client->issuePayBill($transaction, $document, self::record($document), new RecordingStore());
        self::assertSame('rejected', $second['outcome']['outcome'], json_encode($second['outcome']));
    }

    public function testPayBillRefusesWhatItCannotDo(): void
    {
        $client = self::payBill();
        $transaction = self::transaction();
        $proforma = self::document(['kind' => ['type' => 'proforma']]);
        self::assertUnsupported(fn () => $client->issuePayBill($transaction, $proforma, self::record($proforma), new RecordingStore()));
        self::assertUnsupported(fn () => $client->reverse('SBX-2026-1', false, new_attempt_record('php-storno', '1842'), new RecordingStore()));
        self::assertUnsupported(fn () => $client->queryTaxpayer('12345678'));
        self::assertUnsupported(fn () => $client->createReceipt([]));
        self::assertUnsupported(fn () => $client->issueReceipt([], new_attempt_record('php-receipt', '1842'), new RecordingStore()));
        self::assertUnsupported(fn () => $client->invoicePdf('number', 'SBX-2026-1'));

        $document = self::document();
        try {
            $client->issue($document, self::record($document), new RecordingStore());
            self::fail('PayBill issued without a transaction');
        } catch (ConfigException $e) {
            self::assertStringContainsString('transaction id', $e->getMessage());
        }
        try {
            $client->issuePayBill('not-a-transaction', $document, self::record($document), new RecordingStore());
            self::fail('a malformed transaction id was accepted');
        } catch (ConfigException $e) {
            self::assertStringContainsString('32 hexadecimal', $e->getMessage());
        }
    }

    public function testAWrongPayBillKeyIsRefusedWithoutShowingIt(): void
    {
        $client = self::payBill(self::WRONG_KEY);
        $document = self::document();
        $step = $client->issuePayBill(self::transaction(), $document, self::record($document), new RecordingStore());
        self::assertSame('rejected', $step['outcome']['outcome']);
        self::assertStringNotContainsString('SECRET', json_encode($step, JSON_UNESCAPED_UNICODE));
        ob_start();
        var_dump($client);
        print_r($client);
        $dump = ob_get_clean();
        self::assertStringNotContainsString('SECRET', $dump);
        self::assertStringNotContainsString(Fixtures::DEMO_KEY, $dump);
    }

    public function testSzamlahegyIssuesATestInvoiceOnce(): void
    {
        $client = self::szamlahegy();
        self::assertSame('Számlahegy', $client->backend());
        $document = self::document();
        $store = new RecordingStore();
        $step = $client->issue($document, self::record($document), $store);
        self::assertSame('issued', $step['outcome']['outcome'], json_encode($step['outcome']));
        self::assertStringStartsWith('TESZT-', $step['outcome']['number']);
        self::assertIsString($step['outcome']['gross_total']);
        self::assertSame('issued', $step['record']['state']);

        $again = $client->issue($document, $step['record'], new RecordingStore());
        self::assertSame($step['outcome']['number'], $again['outcome']['number']);
    }

    public function testSzamlahegyRefusesWhatOnlyTheAgentDoes(): void
    {
        $client = self::szamlahegy();
        self::assertUnsupported(fn () => $client->registerPayment(['invoice_number' => 'X', 'entries' => []]));
        self::assertUnsupported(fn () => $client->invoiceData('number', 'TESZT-1'));
        self::assertUnsupported(fn () => $client->deleteProforma('number', 'D-1'));
        self::assertUnsupported(fn () => $client->getReceipt('R-1'));
        self::assertUnsupported(fn () => $client->sendReceipt([]));
        self::assertUnsupported(fn () => $client->reverseReceipt('R-1'));
        $receipt = map_receipt(Fixtures::order(), Fixtures::settings());
        self::assertUnsupported(fn () => $client->issueReceipt($receipt, new_attempt_record('php-receipt', '1842'), new RecordingStore()));
        $document = self::document();
        $this->expectException(ConfigException::class);
        $client->issuePayBill(str_repeat('ab', 16), $document, self::record($document), new RecordingStore());
    }

    public function testSzamlahegyReversesWithAStornoInvoiceCancellingTheOriginal(): void
    {
        $client = self::szamlahegy(self::SZAMLAHEGY_KEY, false);
        $document = self::document();
        $original = self::issuedThroughSzamlahegy($client, $document);
        $number = $original['number'];

        // The original as a host keeps it between requests.
        $kept = Document::fromArray($document->toArray());
        $record = self::stornoRecord();
        $store = new RecordingStore();
        $step = $client->reverse($number, false, $record, $store, $kept);
        self::assertSame('issued', $step['outcome']['outcome'], json_encode($step['outcome']));
        self::assertSame('in_flight', $store->records[0]['state']);
        self::assertNotSame($number, $step['outcome']['number']);
        self::assertSame('-' . $original['gross_total'], $step['outcome']['gross_total']);
        self::assertSame('-' . $original['net_total'], $step['outcome']['net_total']);
        self::assertStringStartsWith('%PDF', base64_decode($step['outcome']['pdf_base64']));

        $storno = self::szamlahegyInvoices($record['external_id']);
        self::assertCount(1, $storno);
        self::assertSame('S', $storno[0]['kind']);
        self::assertSame($step['outcome']['number'], $storno[0]['invoice_number']);

        // The stored record again: done, nothing sent.
        $again = $client->reverse($number, false, $step['record'], new RecordingStore(), $kept);
        self::assertSame($step['outcome']['number'], $again['outcome']['number']);
        self::assertSame(1, $again['record']['sends']);
        self::assertCount(1, self::szamlahegyInvoices($record['external_id']));
    }

    public function testASzamlahegyStornoWhoseAnswerWasLostIsAdoptedNotIssuedTwice(): void
    {
        $client = self::szamlahegy(self::SZAMLAHEGY_KEY, false);
        $document = self::document();
        $number = self::issuedThroughSzamlahegy($client, $document)['number'];
        Fixtures::faults(['kind' => 'close_after_commit', 'operation' => 'szamlahegy_create', 'count' => 1]);
        $record = self::stornoRecord();
        $first = $client->reverse($number, false, $record, new RecordingStore(), $document);
        self::assertSame('unknown', $first['outcome']['outcome'], json_encode($first['outcome']));
        $again = $client->reverse($number, false, $first['record'], new RecordingStore(), $document);
        self::assertSame('issued', $again['outcome']['outcome'], json_encode($again['outcome']));
        self::assertSame(1, $again['record']['sends'], 'adopted by query, not sent again');
        $storno = self::szamlahegyInvoices($record['external_id']);
        self::assertCount(1, $storno);
        self::assertSame('S', $storno[0]['kind']);
        self::assertSame($again['outcome']['number'], $storno[0]['invoice_number']);
    }

    public function testSzamlahegyCannotReverseWithoutTheOriginal(): void
    {
        $client = self::szamlahegy();
        $record = self::stornoRecord();
        $store = new RecordingStore();
        try {
            $client->reverse('TESZT-1', false, $record, $store);
            self::fail('a Számlahegy storno without its original was started');
        } catch (ConfigException $e) {
            self::assertStringContainsString('TESZT-1', $e->getMessage());
            self::assertStringContainsString('give the original document', $e->getMessage());
            self::assertStringNotContainsString(self::SZAMLAHEGY_KEY, $e->getMessage());
        }
        self::assertSame([], $store->records, 'nothing was sent');
        self::assertSame([], self::szamlahegyInvoices($record['external_id']));

        $proforma = self::document(['kind' => ['type' => 'proforma']]);
        $this->expectException(ConfigException::class);
        $this->expectExceptionMessage('is a proforma document');
        $client->reverse('D-SHG-1', false, $record, $store, $proforma);
    }

    public function testAWrongSzamlahegyKeyIsRefusedWithoutShowingIt(): void
    {
        $client = self::szamlahegy(self::WRONG_KEY);
        $document = self::document();
        $step = $client->issue($document, self::record($document), new RecordingStore());
        self::assertSame('rejected', $step['outcome']['outcome'], json_encode($step['outcome']));
        self::assertStringNotContainsString('SECRET', json_encode($step, JSON_UNESCAPED_UNICODE));
        ob_start();
        var_dump($client);
        $dump = ob_get_clean();
        self::assertStringNotContainsString('SECRET', $dump);
    }
}
