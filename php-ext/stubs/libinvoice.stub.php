<?php

/**
 * The libinvoice extension (`extension=libinvoice`): Hungarian invoices from webshop orders,
 * issued exactly once through the Számlázz.hu Számla Agent, BIG FISH PayBill or Számlahegy.
 *
 * Conventions: an argument typed `array|string` takes a PHP array or the same data as a JSON
 * string; settings may also be a `Settings` object, read and checked once. Amounts are decimal strings ("12.70") or ints; a float is refused wherever an amount
 * is read (MappingException), because a binary float cannot hold most decimal fractions
 * exactly. Dates are "YYYY-MM-DD". Returned amounts are decimal strings; PDFs inside returned
 * arrays are base64 (`pdf_base64`).
 *
 * This file is kept in step with the loaded extension by tests/php/StubTest.php.
 *
 * @generated no — written by hand; do not include it at run time.
 */

namespace LibInvoice {

    /** libinvoice's version ("0.1.0"). */
    function version(): string {}

    /**
     * Checks the shop's settings exactly as map_order does before mapping, for a settings page
     * that refuses what mapping would.
     *
     * @param array|string|Settings $settings The shop's invoicing settings.
     * @throws MappingException the settings are invalid; `$fieldPath` names the field
     *     (`settings.vat.domestic`, `settings.receipt.number_prefix`)
     */
    function validate_settings(array|string|Settings $settings): void {}

    /**
     * Maps an order to an invoice document.
     *
     * @param array|string $order WooCommerce REST v3 order (`$format = 'woocommerce'`) or
     *     libinvoice's own order schema (`'libinvoice'`).
     * @param array|string|Settings $settings The shop's invoicing settings.
     * @param array|string|null $options `['issue_date' => 'YYYY-MM-DD', 'kind' => ['type' =>
     *     'invoice'|'proforma'|'delivery_note'|'deposit'|'final'|'corrective', …]]`, both
     *     optional: a normal invoice dated today (Hungarian calendar day) by default.
     * @throws MappingException the order cannot be read or mapped (see `$fieldPath`)
     * @throws ConfigException `$format` is unknown
     */
    function map_order(array|string $order, array|string|Settings $settings, string $format = 'woocommerce', array|string|null $options = null): Document {}

    /**
     * Maps a refund of an order whose invoice was already issued.
     *
     * @param array|string $refund `['refund_id' => …, 'original_number' => <the order's
     *     invoice number>, 'issue_date' => 'YYYY-MM-DD' (optional)]`
     * @return Document|null the corrective invoice for a partial refund; null for a full
     *     refund: reverse `original_number` with Client::reverse (through Számlahegy, with
     *     the original document)
     */
    function map_refund(array|string $order, array|string|Settings $settings, array|string $refund, string $format = 'woocommerce'): ?Document {}

    /**
     * Maps an order to the receipt (nyugta) a shop may issue to a private buyer instead of an
     * invoice: the invoice's lines, amount for amount, totalling what the buyer paid.
     *
     * @param array|string $order as for map_order
     * @param array|string|Settings $settings must have `receipt.number_prefix`
     * @return array the request Client::issueReceipt and Client::createReceipt take:
     *     `['call_id' => null, 'prefix', 'payment_method', 'currency', 'exchange_rate' =>
     *     ['bank', 'rate'] | null, 'comment' => null, 'order_number', 'download_pdf' => true,
     *     'lines' => [['name', 'sku', 'quantity', 'unit', 'unit_net_price', 'vat_rate' =>
     *     ['percent' => '27'] | ['code' => 'AAM'], 'net', 'vat', 'gross', 'comment']]]`
     *     (amounts as decimal strings; `call_id` is set by issueReceipt)
     * @throws MappingException the order cannot become a receipt: a business buyer (owed an
     *     invoice), another member state's VAT, a total only an invoice's payable correction
     *     explains, or no receipt prefix (see `$fieldPath`)
     * @throws ConfigException `$format` is unknown
     */
    function map_receipt(array|string $order, array|string|Settings $settings, string $format = 'woocommerce'): array {}

    /**
     * The deterministic external id (`szamlaKulsoAzon`) of one document of an order.
     *
     * @param array|string $purpose `'storno'`, `'receipt'`, or `['issue' => ['type' =>
     *     'invoice']]` (any document kind)
     * @param int $generation grows when the order is invoiced again after a storno
     */
    function external_id(string $shop_id, string $order_id, array|string $purpose, int $generation = 0): string {}

    /**
     * A fresh attempt record: `['external_id', 'order_number', 'sends' => 0, 'state' => 'new',
     * 'last_attempt_at' => null]`. Store it with the order; pass it to Client::issue,
     * Client::reverse or Client::issueReceipt.
     */
    function new_attempt_record(string $external_id, string $order_number): array {}

    /**
     * The shop's invoicing settings, read and checked once: pass it wherever settings are
     * taken (map_order, map_refund, map_receipt, validate_settings) so that no call reads and
     * checks them again. Immutable; keep one per request (or per worker) while the shop's
     * settings do not change.
     */
    final class Settings
    {
        /**
         * @param array|string|Settings $settings as validate_settings takes them
         * @throws MappingException the settings are invalid; `$fieldPath` names the field
         *     (`settings.vat.domestic`)
         */
        public function __construct(array|string|Settings $settings) {}
    }

    /** An invoice document, ready to preview or issue; immutable. */
    final class Document
    {
        /** Not constructible: documents come from map_order, map_refund or fromArray. */
        public function __construct() {}

        /** Reads a document from toArray()'s array or toJson()'s string. */
        public static function fromArray(array|string $document): Document {}

        /** The document as an array (amounts as decimal strings). */
        public function toArray(): array {}

        /**
         * Net, VAT and gross per VAT rate and overall, and the payable amount (decimal strings).
         * @return array{per_rate: list<array{vat_rate: array, net: string, vat: string, gross: string}>, net: string, vat: string, gross: string, payable: string}
         */
        public function totals(): array {}

        /** The document as JSON, for storing it between requests. */
        public function toJson(): string {}

        /** The Számla Agent XML (`xmlszamla`) it would be sent as, without credentials. */
        public function toXml(): string {}
    }

    /**
     * A Számla Agent account. The agent key stays inside the extension: no property holds it,
     * and no message contains it.
     */
    final class Client
    {
        /**
         * @param string $endpoint `https://www.szamlazz.hu/szamla/` in production
         * @param string|null $ca_file a PEM bundle to trust instead of the web PKI
         * @param int $connect_timeout_ms 0: 10 s
         * @param int $total_timeout_ms 0: 60 s for the whole exchange
         * @throws ConfigException unreadable CA file, bad endpoint, negative timeout
         */
        public function __construct(string $endpoint, string $agent_key, ?string $ca_file = null, int $connect_timeout_ms = 0, int $total_timeout_ms = 0) {}

        /**
         * A BIG FISH PayBill client: issues plain invoices for successful gateway transactions
         * (issuePayBill) and nothing else (UnsupportedException). Neither key appears in any
         * message or var_dump.
         *
         * @param string $gateway_url `https://system-test.paymentgateway.hu/api/payment/` for the
         *     gateway's test system
         * @param string $shop_name names the shop in the User-Agent
         * @param string $agent_endpoint the merchant's Számla Agent account behind the store
         * @param string|null $ca_file and the timeouts apply to both services
         * @throws ConfigException unreadable CA file, bad URL, negative timeout
         */
        public static function payBill(string $gateway_url, string $store_name, string $api_key, string $shop_name, string $agent_endpoint, string $agent_key, ?string $ca_file = null, int $connect_timeout_ms = 0, int $total_timeout_ms = 0): Client {}

        /**
         * A Számlahegy client: issues, and reverses given the original document (see
         * reverse()); everything else throws UnsupportedException.
         *
         * @param string $server_url `https://szamlahegy.hu`
         * @param bool $test_mode issues test invoices
         * @throws ConfigException unreadable CA file, bad URL, negative timeout
         */
        public static function szamlahegy(string $server_url, string $api_key, bool $test_mode = false, ?string $ca_file = null, int $connect_timeout_ms = 0, int $total_timeout_ms = 0): Client {}

        /** The service this client issues through: 'Számla Agent', 'PayBill' or 'Számlahegy'. */
        public function backend(): string {}

        /**
         * Issues the document exactly once: one step of the protocol for the attempt record.
         *
         * @param array|string $record from new_attempt_record, or as last stored
         * @param callable(array): mixed $persist stores the record durably; called before every
         *     send and after every answer. Returning false or throwing stops before anything is
         *     sent (a thrown exception reaches the caller unchanged).
         * @return array `['outcome' => ['outcome' => 'issued', 'number', 'net_total',
         *     'gross_total', 'pdf_base64'] | ['outcome' => 'rejected', 'code', 'message', 'account_problem' (a wrong key or blocked login: alert a human)] |
         *     ['outcome' => 'unknown', 'reason'] | ['outcome' => 'retry_later', 'not_before'] |
         *     ['outcome' => 'send_limit_reached'], 'record' => <the record to store>]`
         * @throws Exception the persist step returned false
         */
        public function issue(Document $document, array|string $record, callable $persist): array {}

        /**
         * Issues the document exactly once through a PayBill client, as the invoice of gateway
         * transaction `$transaction_id`; otherwise as issue(). The gateway's refusals
         * (`AlreadyInvoicedTransaction`, …) are `['outcome' => 'rejected', …]`.
         *
         * @param string $transaction_id 32 hexadecimal digits
         * @throws ConfigException a malformed transaction id, or a client of another backend
         * @throws UnsupportedException a document kind PayBill cannot issue (a proforma, say)
         */
        public function issuePayBill(string $transaction_id, Document $document, array|string $record, callable $persist): array {}

        /**
         * Reverses (stornos) an invoice exactly once, dated today; as issue(), with a record
         * whose external id was made for purpose 'storno'.
         *
         * @param Document|null $original the document the invoice was issued from (as mapped,
         *     or kept with toArray() and rebuilt with Document::fromArray()). Számlahegy needs
         *     it: it has no "reverse invoice X" call, so its storno is an invoice of kind S (a
         *     test document in test mode) with the original's buyer, currency and rows,
         *     quantities negated, naming the original in its header. The Számla Agent reverses
         *     by number and ignores it.
         * @throws ConfigException through Számlahegy without `$original`, or with one that is
         *     not an invoice
         * @throws UnsupportedException through PayBill
         */
        public function reverse(string $invoice_number, bool $e_invoice, array|string $record, callable $persist, ?Document $original = null): array {}

        /**
         * Issues a receipt exactly once; as issue(). The record's external id (made for purpose
         * 'receipt') is sent as the call id, which the service accepts once: a receipt whose
         * answer was lost is found by it and adopted, never issued twice. An issued outcome's
         * `number` is the receipt number.
         *
         * @param array|string $receipt from map_receipt, or as createReceipt takes it
         * @throws MappingException an unreadable receipt request (`$fieldPath` `receipt.…`)
         * @throws UnsupportedException through PayBill or Számlahegy
         */
        public function issueReceipt(array|string $receipt, array|string $record, callable $persist): array {}

        /**
         * Registers payments on an invoice: `['invoice_number', 'additive' => true, 'entries' =>
         * [['date', 'title', 'amount', 'description'?]]]`.
         *
         * @return array `['invoice_number', 'net_total', 'gross_total', 'outstanding']`
         */
        public function registerPayment(array|string $request): array {}

        /**
         * The PDF of an invoice (binary string).
         *
         * @param string $selector_kind 'number', 'order_number' or 'external_id'
         */
        public function invoicePdf(string $selector_kind, string $value): string {}

        /**
         * An invoice as the service holds it: `['number', 'kind', 'referenced_number',
         * 'proforma_number', 'order_number', 'external_id', 'reversed', 'issue_date',
         * 'fulfilment_date', 'due_date', 'currency', 'buyer_name', 'buyer_email', 'lines',
         * 'net_total', 'vat_total', 'gross_total', 'pdf_base64']`.
         */
        public function invoiceData(string $selector_kind, string $value, bool $include_pdf = false): array {}

        /** Deletes a proforma by 'number' or 'order_number'. */
        public function deleteProforma(string $selector_kind, string $value): void {}

        /**
         * Issues a receipt: `['call_id', 'prefix', 'payment_method', 'currency', 'exchange_rate',
         * 'comment', 'order_number', 'download_pdf', 'lines' => [['name', 'sku', 'quantity',
         * 'unit', 'unit_net_price', 'vat_rate' => ['percent' => '27'] | ['code' => 'AAM'],
         * 'net', 'vat', 'gross', 'comment']]]`. Store `call_id` first: a repeat is refused (338).
         * issueReceipt does that bookkeeping, exactly once.
         *
         * @return array `['receipt' => [...], 'pdf_base64' => ...]`
         */
        public function createReceipt(array|string $request): array {}

        /** Reverses a receipt; the answer is as for createReceipt. */
        public function reverseReceipt(string $receipt_number, bool $download_pdf = false): array {}

        /** Fetches a receipt; the answer is as for createReceipt. */
        public function getReceipt(string $receipt_number, bool $download_pdf = false): array {}

        /** E-mails a receipt: `['receipt_number', 'recipients' => [...], 'reply_to'?, 'subject'?, 'text'?]`. */
        public function sendReceipt(array|string $request): void {}

        /**
         * Looks a Hungarian taxpayer up by the 8-digit base of the tax number: `['success',
         * 'error_code', 'error_message', 'valid', 'name', 'tax_number_base', 'vat_code',
         * 'county_code', 'addresses']`.
         */
        public function queryTaxpayer(string $tax_number_base): array {}
    }

    /** Every libinvoice failure; thrown as such when the persist step returned false. */
    class Exception extends \Exception {}

    /** Input that cannot be read or mapped; `$fieldPath` names the field (`line_items[2].quantity`). */
    class MappingException extends Exception
    {
        /** @var string|null */
        public $fieldPath = null;
    }

    /** The service refused; nothing was done. */
    class RejectedException extends Exception
    {
        /** @var int|null The Számla Agent error code (`hibakod`), when it gave one. */
        public $vendorCode = null;
        /** @var string|null The service's own (Hungarian) message. */
        public $vendorMessage = null;
    }

    /**
     * The client's service cannot do this (PayBill only issues; Számlahegy issues and
     * reverses); nothing was sent. The message names the backend that can: the Számla Agent.
     */
    class UnsupportedException extends Exception {}

    /** The request certainly did not reach the service; safe to try again later. */
    class TransportException extends Exception {}

    /** The request may have reached the service but no readable answer came back. */
    class UnknownOutcomeException extends Exception {}

    /** The client is misconfigured, or an argument names an unknown option. */
    class ConfigException extends Exception {}

    /** A libinvoice bug, including a caught Rust panic. */
    class InternalException extends Exception {}
}
