/*
 * Every libinvoice C function, on its happy path and its error paths, against the sandbox.
 * Usage: test_api SANDBOX_URL REPO_ROOT   (run by tests/c/run.sh, under valgrind)
 * Prints one line per check and closes with "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo, for the sandbox's control endpoint */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libinvoice.h"

static const char DEMO_KEY[] = "sandbox-demo-agent-key";
static const char STRICT_KEY[] = "sandbox-strict-agent-key";
static const char WRONG_KEY[] = "wrong-key-SECRET-4711";
static const char PAYBILL_STORE[] = "sdk_test";
static const char PAYBILL_KEY[] = "86af3-80e4f-f8228-9498f-910ad";
static const char SZAMLAHEGY_KEY[] = "sandbox-szamlahegy-key";

static int passed;
static int failed;

#define CHECK(condition, ...)                                  \
    do {                                                       \
        if (condition) {                                       \
            passed++;                                          \
        } else {                                               \
            failed++;                                          \
            printf("FAIL %s:%d: %s — ", __FILE__, __LINE__, #condition); \
            printf(__VA_ARGS__);                               \
            printf(" (last error: %s)\n", invoice_last_error_message()); \
        }                                                      \
    } while (0)

/* A C string as libinvoice takes strings: pointer and length. */
#define STR(s) (s), strlen(s)

static char *read_file(const char *root, const char *relative) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    text[size] = '\0';
    fclose(file);
    return text;
}

/* Copies the string value of "key" in flat JSON into buffer; returns 0 when absent. */
static int json_string(const char *json, const char *key, char *buffer, size_t size) {
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = json == NULL ? NULL : strstr(json, pattern);
    if (start == NULL) {
        return 0;
    }
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    size_t len = (size_t)(end - start);
    if (end == NULL || len >= size) {
        return 0;
    }
    memcpy(buffer, start, len);
    buffer[len] = '\0';
    return 1;
}

static int last_error_has(const char *needle) {
    return strstr(invoice_last_error_message(), needle) != NULL;
}

/* The host's record store: keeps the first and the last record and counts the calls. */
struct store {
    char first[4096];
    char record[4096];
    int calls;
    int refuse;
};

static int persist(void *user, const char *record_json, size_t len) {
    struct store *store = user;
    store->calls++;
    if (store->refuse) {
        return 1;
    }
    if (len >= sizeof store->record || strlen(record_json) != len) {
        return 2;
    }
    if (store->calls == 1) {
        memcpy(store->first, record_json, len + 1);
    }
    memcpy(store->record, record_json, len + 1);
    return 0;
}

static invoice_document *map_order(const char *order, uint32_t format, const char *settings,
                                   const char *options) {
    invoice_document *document = NULL;
    invoice_result result = invoice_order_map(STR(order), format, STR(settings), options,
                                              options == NULL ? 0 : strlen(options), &document);
    CHECK(result == INVOICE_RESULT_OK && document != NULL, "map: %u", result);
    return document;
}

static char *new_record(const char *external_id) {
    char *record = NULL;
    CHECK(invoice_attempt_record_new(STR(external_id), STR("1842"), &record) == INVOICE_RESULT_OK,
          "attempt record");
    return record;
}

/* Issues document with a fresh record; returns the outcome JSON (caller frees). */
static char *issue(const invoice_client *client, const invoice_document *document,
                   const char *external_id, invoice_result expected) {
    struct store store = {0};
    char *record = new_record(external_id);
    char *outcome = NULL;
    char *updated = NULL;
    invoice_result result = invoice_client_issue(client, document, STR(record), persist, &store,
                                                 &outcome, &updated);
    CHECK(result == expected, "issue %s: %u, expected %u", external_id, result, expected);
    CHECK(outcome != NULL && updated != NULL, "issue %s writes outcome and record", external_id);
    CHECK(store.calls >= 2, "issue %s persisted %d times", external_id, store.calls);
    CHECK(updated != NULL && strcmp(updated, store.record) == 0,
          "the record handed back is the one last persisted");
    invoice_string_free(record);
    invoice_string_free(updated);
    return outcome;
}

static void test_version_and_free(void) {
    CHECK(strcmp(invoice_version(), LIBINVOICE_VERSION) == 0, "version %s", invoice_version());
    invoice_document_free(NULL);
    invoice_client_free(NULL);
    invoice_string_free(NULL);
    invoice_bytes_free(NULL, 0);
    CHECK(1, "every _free accepts NULL");
}

static void test_mapping(const char *root) {
    char *order = read_file(root, "examples/orders/woocommerce-basic.json");
    char *own = read_file(root, "examples/orders/own-schema.json");
    char *settings = read_file(root, "examples/settings/demo-shop.json");

    invoice_document *document = map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings,
                                           "{\"issue_date\":\"2024-03-02\"}");
    char *json = NULL;
    CHECK(invoice_document_to_json(document, &json) == INVOICE_RESULT_OK, "to_json");
    CHECK(strstr(json, "\"issue_date\":\"2024-03-02\"") != NULL, "issue date in %s", json);
    char *xml = NULL;
    CHECK(invoice_document_preview_xml(document, &xml) == INVOICE_RESULT_OK, "preview");
    CHECK(strstr(xml, "<xmlszamla") != NULL && strstr(xml, "szamlaagentkulcs") == NULL,
          "an Agent XML without credentials");
    invoice_document *copy = NULL;
    CHECK(invoice_document_from_json(STR(json), &copy) == INVOICE_RESULT_OK, "from_json");
    char *copy_json = NULL;
    CHECK(invoice_document_to_json(copy, &copy_json) == INVOICE_RESULT_OK &&
              strcmp(json, copy_json) == 0,
          "the document survives a JSON round trip");
    invoice_string_free(copy_json);
    invoice_document_free(copy);
    invoice_string_free(xml);
    invoice_string_free(json);
    invoice_document_free(document);

    invoice_document *own_document = map_order(own, INVOICE_ORDER_FORMAT_LIBINVOICE, settings,
                                               "{\"kind\":{\"type\":\"proforma\"}}");
    invoice_document_free(own_document);

    /* A partial refund becomes a corrective invoice; an unknown refund is refused. */
    invoice_document *corrective = NULL;
    CHECK(invoice_order_map_refund(STR(own), INVOICE_ORDER_FORMAT_LIBINVOICE, STR(settings),
                                   STR("{\"refund_id\":\"3188\",\"original_number\":\"SBX-2024-1\"}"),
                                   &corrective) == INVOICE_RESULT_OK &&
              corrective != NULL,
          "partial refund");
    invoice_document_free(corrective);
    CHECK(invoice_order_map_refund(STR(own), INVOICE_ORDER_FORMAT_LIBINVOICE, STR(settings),
                                   STR("{\"refund_id\":\"9\",\"original_number\":\"SBX-2024-1\"}"),
                                   &corrective) == INVOICE_RESULT_MAPPING_FAILED &&
              corrective == NULL && last_error_has("refunds"),
          "unknown refund");

    /* Error paths: NULLs, bad UTF-8, bad JSON with field paths, unknown enum values. */
    invoice_document *none = NULL;
    CHECK(invoice_order_map(NULL, 0, INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings), NULL, 0,
                            &none) == INVOICE_RESULT_NULL_PARAMETER &&
              last_error_has("order_json"),
          "NULL order");
    CHECK(invoice_order_map(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings), NULL, 0,
                            NULL) == INVOICE_RESULT_NULL_PARAMETER,
          "NULL out-parameter");
    CHECK(invoice_order_map(STR("{\"id\":\"\xff\"}"), INVOICE_ORDER_FORMAT_LIBINVOICE,
                            STR(settings), NULL, 0, &none) == INVOICE_RESULT_INVALID_UTF8 &&
              last_error_has("offset 7"),
          "invalid UTF-8");
    CHECK(invoice_order_map(STR(order), 99, STR(settings), NULL, 0, &none) ==
              INVOICE_RESULT_INVALID_ARGUMENT,
          "unknown order format");
    CHECK(invoice_order_map(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings),
                            STR("{\"kind\":{\"type\":\"bill\"}}"), &none) ==
                  INVOICE_RESULT_INVALID_JSON &&
              last_error_has("options_json: kind"),
          "bad options JSON names the field");
    CHECK(invoice_order_map(STR("{\"line_items\": [{\"quantity\": 1.5}]}"),
                            INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings), NULL, 0, &none) ==
                  INVOICE_RESULT_ORDER_UNREADABLE &&
              last_error_has("line_items[0]"),
          "an unreadable order names the field path");
    CHECK(invoice_order_map(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE,
                            STR("{\"shop_id\": \"\"}"), NULL, 0, &none) ==
                  INVOICE_RESULT_SETTINGS_INVALID &&
              last_error_has("shop_id"),
          "invalid settings name the field");
    CHECK(invoice_document_from_json(STR("{\"kind\":{\"type\":\"invoice\"}}"), &none) ==
                  INVOICE_RESULT_INVALID_JSON &&
              none == NULL && last_error_has("document_json"),
          "a document JSON without its fields");
    CHECK(invoice_document_to_json(NULL, &(char *){NULL}) == INVOICE_RESULT_NULL_PARAMETER,
          "NULL document");
    CHECK(strcmp(invoice_version(), LIBINVOICE_VERSION) == 0 &&
              invoice_order_map(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings), NULL,
                                0, &none) == INVOICE_RESULT_OK &&
              invoice_last_error_message()[0] == '\0',
          "a success clears the last error");
    invoice_document_free(none);

    /* External ids and attempt records. */
    char *id = NULL;
    CHECK(invoice_external_id(STR("shop 1"), STR("42"), STR("{\"issue\":{\"type\":\"invoice\"}}"),
                              0, &id) == INVOICE_RESULT_OK &&
              strcmp(id, "li-shop_1-42-invoice-0") == 0,
          "external id %s", id == NULL ? "(null)" : id);
    invoice_string_free(id);
    CHECK(invoice_external_id(STR("s"), STR("42"), STR("\"storno\""), 1, &id) ==
                  INVOICE_RESULT_OK &&
              strcmp(id, "li-s-42-storno-1") == 0,
          "storno external id");
    invoice_string_free(id);
    CHECK(invoice_external_id(STR("s"), STR("42"), STR("\"refund\""), 0, &id) ==
              INVOICE_RESULT_INVALID_JSON,
          "unknown purpose");
    CHECK(invoice_external_id(STR("s"), STR("42"), STR("\"receipt\""), 0, &id) ==
                  INVOICE_RESULT_OK &&
              strcmp(id, "li-s-42-receipt-0") == 0,
          "receipt external id");
    invoice_string_free(id);
    char *record = new_record("li-s-42-invoice-0");
    CHECK(strstr(record, "\"state\":\"new\"") != NULL, "a new record: %s", record);
    invoice_string_free(record);

    /* Settings are checked as mapping checks them, with the field path. */
    CHECK(invoice_settings_validate(STR(settings)) == INVOICE_RESULT_OK &&
              invoice_last_error_message()[0] == '\0',
          "the demo settings are valid");
    const char *unknown_code = "{\"shop_id\":\"s\",\"vat\":{\"domestic\":\"XYZ\"}}";
    CHECK(invoice_settings_validate(STR(unknown_code)) == INVOICE_RESULT_SETTINGS_INVALID &&
              last_error_has("settings: vat.domestic: "),
          "an unknown VAT code names its field");
    const char *bad_prefix = "{\"shop_id\":\"s\",\"receipt\":{\"number_prefix\":\"ny-1\"}}";
    CHECK(invoice_settings_validate(STR(bad_prefix)) == INVOICE_RESULT_SETTINGS_INVALID &&
              last_error_has("settings: receipt.number_prefix: "),
          "a malformed receipt prefix names its field");
    CHECK(invoice_settings_validate(STR("{\"shop_id\":")) == INVOICE_RESULT_SETTINGS_INVALID,
          "malformed settings JSON");
    CHECK(invoice_settings_validate(NULL, 0) == INVOICE_RESULT_NULL_PARAMETER,
          "NULL settings");

    /* Receipts: the invoice's lines as a receipt request; business buyers are refused. */
    char *request = NULL;
    CHECK(invoice_order_map_receipt(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings),
                                    &request) == INVOICE_RESULT_OK &&
              strstr(request, "\"prefix\":\"NYGTA\"") != NULL &&
              strstr(request, "\"call_id\":null") != NULL &&
              strstr(request, "\"order_number\":\"1842\"") != NULL,
          "receipt request: %.300s", request == NULL ? "(null)" : request);
    invoice_string_free(request);
    char *company = read_file(root, "examples/orders/woocommerce-company.json");
    CHECK(invoice_order_map_receipt(STR(company), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings),
                                    &request) == INVOICE_RESULT_MAPPING_FAILED &&
              request == NULL && last_error_has("buyer.tax_number: "),
          "a business buyer gets no receipt");
    free(company);
    CHECK(invoice_order_map_receipt(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE,
                                    STR("{\"shop_id\":\"s\"}"), &request) ==
                  INVOICE_RESULT_MAPPING_FAILED &&
              last_error_has("settings.receipt.number_prefix"),
          "a receipt needs its prefix");
    CHECK(invoice_order_map_receipt(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings),
                                    NULL) == INVOICE_RESULT_NULL_PARAMETER,
          "NULL receipt out-parameter");

    free(order);
    free(own);
    free(settings);
}

static invoice_client *client_for(const char *url, const char *key) {
    invoice_client *client = NULL;
    CHECK(invoice_client_new(STR(url), STR(key), NULL, 0, 2000, 20000, &client) ==
                  INVOICE_RESULT_OK &&
              client != NULL,
          "client");
    return client;
}

static void test_invoices(const char *url, const char *root) {
    char *order = read_file(root, "examples/orders/woocommerce-basic.json");
    char *settings = read_file(root, "examples/settings/demo-shop.json");
    invoice_client *client = client_for(url, DEMO_KEY);
    invoice_document *document =
        map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings, NULL);

    /* Issue once; the stored record then answers without a second send. */
    struct store store = {0};
    char *record = new_record("c-1");
    char *outcome = NULL;
    char *updated = NULL;
    CHECK(invoice_client_issue(client, document, STR(record), persist, &store, &outcome,
                               &updated) == INVOICE_RESULT_OK,
          "issue");
    CHECK(store.calls == 2 && strcmp(updated, store.record) == 0 &&
              strstr(updated, "\"state\":\"issued\"") != NULL,
          "intent and result persisted: %s", store.record);
    invoice_string_free(updated);
    invoice_string_free(record);
    char number[64] = "";
    char gross[64] = "";
    CHECK(json_string(outcome, "outcome", number, sizeof number) && strcmp(number, "issued") == 0,
          "issued: %.200s", outcome);
    CHECK(json_string(outcome, "number", number, sizeof number) &&
              json_string(outcome, "gross_total", gross, sizeof gross) &&
              strstr(outcome, "\"pdf_base64\":\"JVBER") != NULL,
          "number, totals and a PDF: %.200s", outcome);
    invoice_string_free(outcome);
    char *again = NULL;
    int calls_before = store.calls;
    CHECK(invoice_client_issue(client, document, STR(store.record), persist, &store, &again,
                               &updated) == INVOICE_RESULT_OK &&
              strstr(again, number) != NULL && store.calls == calls_before,
          "an issued record is done without a send");
    invoice_string_free(again);
    invoice_string_free(updated);

    /* The persist callback refuses: nothing is sent, nothing handed back. */
    struct store refusing = {.refuse = 1};
    record = new_record("c-2");
    CHECK(invoice_client_issue(client, document, STR(record), persist, &refusing, &again,
                               &updated) == INVOICE_RESULT_PERSIST_ABORTED &&
              again == NULL && updated == NULL && refusing.calls == 1,
          "persist refused");
    CHECK(invoice_client_issue(client, document, STR(record), NULL, NULL, &again, &updated) ==
              INVOICE_RESULT_NULL_PARAMETER,
          "NULL persist callback");
    CHECK(invoice_client_issue(client, document, STR("{\"external_id\": 5}"), persist, &store,
                               &again, &updated) == INVOICE_RESULT_INVALID_JSON &&
              last_error_has("record_json: external_id"),
          "bad record JSON");
    CHECK(invoice_client_issue(NULL, document, STR(record), persist, &store, &again, &updated) ==
              INVOICE_RESULT_NULL_PARAMETER,
          "NULL client");
    invoice_string_free(record);

    /* A refusal: a final invoice for a deposit that does not exist (vendor code 73). */
    invoice_document *orphan = map_order(
        order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings,
        "{\"kind\":{\"type\":\"final\",\"deposit_number\":\"SBX-1999-1\"}}");
    outcome = issue(client, orphan, "c-3", INVOICE_RESULT_REFUSED);
    CHECK(invoice_last_error_vendor_code() == 73 && last_error_has("73"),
          "vendor code 73, got %u", invoice_last_error_vendor_code());
    CHECK(strstr(outcome, "\"outcome\":\"rejected\"") != NULL, "rejected: %s", outcome);
    invoice_string_free(outcome);
    invoice_document_free(orphan);

    /* PDF by number and by external id. */
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    CHECK(invoice_client_invoice_pdf(client, INVOICE_SELECTOR_NUMBER, STR(number), &pdf,
                                     &pdf_len) == INVOICE_RESULT_OK &&
              pdf_len > 4 && memcmp(pdf, "%PDF", 4) == 0,
          "PDF by number");
    invoice_bytes_free(pdf, pdf_len);
    CHECK(invoice_client_invoice_pdf(client, INVOICE_SELECTOR_EXTERNAL_ID, STR("c-1"), &pdf,
                                     &pdf_len) == INVOICE_RESULT_OK &&
              memcmp(pdf, "%PDF", 4) == 0,
          "PDF by external id");
    invoice_bytes_free(pdf, pdf_len);
    CHECK(invoice_client_invoice_pdf(client, INVOICE_SELECTOR_NUMBER, STR("SBX-1999-3"), &pdf,
                                     &pdf_len) == INVOICE_RESULT_REFUSED &&
              pdf == NULL && pdf_len == 0 && invoice_last_error_vendor_code() == 7,
          "PDF of an unknown invoice");
    CHECK(invoice_client_invoice_pdf(client, 42, STR("x"), &pdf, &pdf_len) ==
              INVOICE_RESULT_INVALID_ARGUMENT,
          "unknown selector");

    /* Invoice data. */
    char *data = NULL;
    CHECK(invoice_client_invoice_data(client, INVOICE_SELECTOR_EXTERNAL_ID, STR("c-1"), true,
                                      &data) == INVOICE_RESULT_OK &&
              strstr(data, number) != NULL && strstr(data, "\"pdf_base64\":\"JVBER") != NULL,
          "invoice data: %.200s", data);
    invoice_string_free(data);

    /* A payment of the gross total leaves nothing outstanding. */
    char request[512];
    snprintf(request, sizeof request,
             "{\"invoice_number\":\"%s\",\"entries\":[{\"date\":\"2024-03-02\","
             "\"title\":\"átutalás\",\"amount\":\"%s\"}]}",
             number, gross);
    char *answer = NULL;
    CHECK(invoice_client_payment_register(client, STR(request), &answer) == INVOICE_RESULT_OK &&
              strstr(answer, "\"outstanding\":\"0\"") != NULL,
          "payment: %s", answer);
    invoice_string_free(answer);
    CHECK(invoice_client_payment_register(
              client, STR("{\"invoice_number\":\"x\",\"entries\":[{\"date\":\"2024-03-02\","
                          "\"title\":\"t\",\"amount\":12.5}]}"),
              &answer) == INVOICE_RESULT_INVALID_JSON &&
              last_error_has("entries[0].amount"),
          "a float amount is refused with its path");

    /* Storno exactly once. */
    char *storno_id = NULL;
    CHECK(invoice_external_id(STR("c-shop"), STR("1842"), STR("\"storno\""), 0, &storno_id) ==
              INVOICE_RESULT_OK,
          "storno id");
    record = new_record(storno_id);
    struct store storno_store = {0};
    CHECK(invoice_client_reverse(client, STR(number), false, STR(record), persist, &storno_store,
                                 &outcome, &updated) == INVOICE_RESULT_OK &&
              strstr(outcome, "\"outcome\":\"issued\"") != NULL,
          "storno: %s", outcome == NULL ? "(null)" : outcome);
    invoice_string_free(outcome);
    invoice_string_free(updated);
    invoice_string_free(record);
    invoice_string_free(storno_id);

    /* A proforma, deleted once; the second deletion is refused with 335. */
    invoice_document *proforma = map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings,
                                           "{\"kind\":{\"type\":\"proforma\"}}");
    outcome = issue(client, proforma, "c-4", INVOICE_RESULT_OK);
    char proforma_number[64] = "";
    json_string(outcome, "number", proforma_number, sizeof proforma_number);
    invoice_string_free(outcome);
    invoice_document_free(proforma);
    CHECK(invoice_client_proforma_delete(client, INVOICE_SELECTOR_NUMBER, STR(proforma_number)) ==
              INVOICE_RESULT_OK,
          "proforma deleted");
    CHECK(invoice_client_proforma_delete(client, INVOICE_SELECTOR_NUMBER, STR(proforma_number)) ==
                  INVOICE_RESULT_REFUSED &&
              invoice_last_error_vendor_code() == 335,
          "deleted twice");
    CHECK(invoice_client_proforma_delete(client, INVOICE_SELECTOR_EXTERNAL_ID, STR("c-4")) ==
              INVOICE_RESULT_INVALID_ARGUMENT,
          "proforma by external id");

    /* An account without e-invoicing refuses an e-invoice (54) — and a wrong key (3) never
     * shows up in a message. */
    invoice_client *wrong = client_for(url, WRONG_KEY);
    CHECK(invoice_client_invoice_pdf(wrong, INVOICE_SELECTOR_NUMBER, STR(number), &pdf,
                                     &pdf_len) == INVOICE_RESULT_REFUSED &&
              invoice_last_error_vendor_code() == 3 && !last_error_has("SECRET"),
          "wrong key");
    invoice_client_free(wrong);
    invoice_client *strict = client_for(url, STRICT_KEY);
    char *document_json = NULL;
    invoice_document_to_json(document, &document_json);
    char *flag = strstr(document_json, "\"e_invoice\":false");
    CHECK(flag != NULL, "the document JSON has e_invoice");
    if (flag != NULL) {
        /* "false" → "true " keeps the length; JSON allows the trailing space. */
        memcpy(flag + strlen("\"e_invoice\":"), "true ", 5);
        invoice_document *e_invoice = NULL;
        CHECK(invoice_document_from_json(STR(document_json), &e_invoice) == INVOICE_RESULT_OK,
              "e-invoice document");
        outcome = issue(strict, e_invoice, "c-5", INVOICE_RESULT_REFUSED);
        CHECK(invoice_last_error_vendor_code() == 54, "54, got %u",
              invoice_last_error_vendor_code());
        invoice_string_free(outcome);
        invoice_document_free(e_invoice);
    }
    invoice_string_free(document_json);
    invoice_client_free(strict);

    invoice_document_free(document);
    invoice_client_free(client);
    free(order);
    free(settings);
}

static void test_receipts_and_taxpayers(const char *url) {
    invoice_client *client = client_for(url, DEMO_KEY);
    const char *receipt =
        "{\"call_id\":\"c-receipt-1\",\"prefix\":\"NYGTA\",\"payment_method\":\"készpénz\","
        "\"currency\":\"HUF\",\"order_number\":\"1842\",\"download_pdf\":true,"
        "\"lines\":[{\"name\":\"Kávé\",\"quantity\":\"1\",\"unit\":\"db\","
        "\"unit_net_price\":\"1000\",\"vat_rate\":{\"percent\":\"27\"},\"net\":\"1000\","
        "\"vat\":\"270\",\"gross\":\"1270\"}]}";
    char *answer = NULL;
    char receipt_number[64] = "";
    CHECK(invoice_client_receipt_create(client, STR(receipt), &answer) == INVOICE_RESULT_OK &&
              json_string(answer, "number", receipt_number, sizeof receipt_number) &&
              strstr(answer, "\"pdf_base64\":\"JVBER") != NULL,
          "receipt: %.200s", answer);
    invoice_string_free(answer);
    CHECK(invoice_client_receipt_create(client, STR(receipt), &answer) == INVOICE_RESULT_REFUSED &&
              invoice_last_error_vendor_code() == 338 && answer == NULL,
          "a reused call id");
    CHECK(invoice_client_receipt_get(client, STR(receipt_number), false, &answer) ==
                  INVOICE_RESULT_OK &&
              strstr(answer, receipt_number) != NULL,
          "receipt fetched");
    invoice_string_free(answer);
    char request[256];
    snprintf(request, sizeof request,
             "{\"receipt_number\":\"%s\",\"recipients\":[\"vevo@example.hu\"]}", receipt_number);
    CHECK(invoice_client_receipt_send(client, STR(request)) == INVOICE_RESULT_OK, "receipt sent");
    CHECK(invoice_client_receipt_send(client, STR("{\"receipt_number\":\"x\"}")) ==
                  INVOICE_RESULT_INVALID_JSON &&
              last_error_has("recipients"),
          "receipt send without recipients");
    CHECK(invoice_client_receipt_reverse(client, STR(receipt_number), false, &answer) ==
              INVOICE_RESULT_OK,
          "receipt reversed");
    invoice_string_free(answer);
    CHECK(invoice_client_receipt_get(client, STR("NYGTA-1999-9"), false, &answer) ==
                  INVOICE_RESULT_REFUSED &&
              invoice_last_error_vendor_code() == 339,
          "unknown receipt");

    CHECK(invoice_client_taxpayer_query(client, STR("13421739"), &answer) == INVOICE_RESULT_OK &&
              strstr(answer, "\"valid\":true") != NULL && strstr(answer, "KBOSS.HU") != NULL,
          "taxpayer: %s", answer);
    invoice_string_free(answer);
    CHECK(invoice_client_taxpayer_query(client, STR("99999999"), &answer) == INVOICE_RESULT_OK &&
              strstr(answer, "\"valid\":true") == NULL,
          "unknown taxpayer");
    invoice_string_free(answer);
    CHECK(invoice_client_taxpayer_query(client, STR("1234"), &answer) ==
                  INVOICE_RESULT_INVALID_ARGUMENT &&
              last_error_has("torzsszam"),
          "a malformed tax number");
    invoice_client_free(client);
}

/* A receipt mapped from an order, issued exactly once. */
static void test_receipt_from_order(const char *url, const char *root) {
    char *order = read_file(root, "examples/orders/woocommerce-basic.json");
    char *settings = read_file(root, "examples/settings/demo-shop.json");
    invoice_client *client = client_for(url, DEMO_KEY);
    char *request = NULL;
    CHECK(invoice_order_map_receipt(STR(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE, STR(settings),
                                    &request) == INVOICE_RESULT_OK,
          "receipt mapped");
    char *id = NULL;
    CHECK(invoice_external_id(STR("c-shop"), STR("1842"), STR("\"receipt\""), 0, &id) ==
              INVOICE_RESULT_OK,
          "receipt id");
    char *record = new_record(id);
    struct store store = {0};
    char *outcome = NULL;
    char *updated = NULL;
    CHECK(invoice_client_issue_receipt(client, STR(request), STR(record), persist, &store,
                                       &outcome, &updated) == INVOICE_RESULT_OK,
          "receipt issued");
    char number[64] = "";
    CHECK(json_string(outcome, "number", number, sizeof number) &&
              strncmp(number, "NYGTA-", 6) == 0 &&
              strstr(outcome, "\"gross_total\":\"21340\"") != NULL &&
              strstr(outcome, "\"pdf_base64\":\"JVBER") != NULL,
          "receipt number, the order total and a PDF: %.200s", outcome);
    CHECK(store.calls == 2 && strstr(store.first, "\"state\":\"in_flight\"") != NULL &&
              strcmp(updated, store.record) == 0,
          "the intent was stored before the send: %s", store.first);
    invoice_string_free(outcome);
    invoice_string_free(updated);

    /* The stored record: done, nothing sent or stored. */
    int calls = store.calls;
    CHECK(invoice_client_issue_receipt(client, STR(request), STR(store.record), persist, &store,
                                       &outcome, &updated) == INVOICE_RESULT_OK &&
              strstr(outcome, number) != NULL && store.calls == calls,
          "an issued receipt record answers without a send");
    invoice_string_free(outcome);
    invoice_string_free(updated);
    /* The intent alone (a worker died mid-send): found by its call id and adopted. */
    struct store recovering = {0};
    CHECK(invoice_client_issue_receipt(client, STR(request), STR(store.first), persist,
                                       &recovering, &outcome, &updated) == INVOICE_RESULT_OK &&
              strstr(outcome, number) != NULL && strstr(updated, "\"sends\":1") != NULL,
          "an in-flight receipt is adopted, not issued again: %.200s", outcome);
    invoice_string_free(outcome);
    invoice_string_free(updated);

    CHECK(invoice_client_issue_receipt(client, STR("{\"prefix\":\"NYGTA\"}"), STR(record),
                                       persist, &store, &outcome, &updated) ==
                  INVOICE_RESULT_INVALID_JSON &&
              outcome == NULL && last_error_has("request_json"),
          "an incomplete receipt request");
    invoice_client *szamlahegy = NULL;
    CHECK(invoice_client_new_szamlahegy(STR(url), STR(SZAMLAHEGY_KEY), true, NULL, 0, 0, 0,
                                        &szamlahegy) == INVOICE_RESULT_OK,
          "Számlahegy client");
    calls = store.calls;
    CHECK(invoice_client_issue_receipt(szamlahegy, STR(request), STR(record), persist, &store,
                                       &outcome, &updated) == INVOICE_RESULT_UNSUPPORTED &&
              outcome == NULL && store.calls == calls && last_error_has("Számla Agent"),
          "receipts go through the Számla Agent only");
    invoice_client_free(szamlahegy);

    invoice_string_free(record);
    invoice_string_free(id);
    invoice_string_free(request);
    invoice_client_free(client);
    free(order);
    free(settings);
}

static void test_transport_errors(const char *root) {
    invoice_client *client = NULL;
    CHECK(invoice_client_new(STR("http://127.0.0.1:1/szamla/"), STR(DEMO_KEY),
                             STR("/nonexistent/ca.pem"), 0, 0, &client) ==
                  INVOICE_RESULT_TRANSPORT_CONFIG &&
              client == NULL,
          "an unreadable CA file");
    CHECK(invoice_client_new(STR("http://127.0.0.1:1/szamla/"), NULL, 0, NULL, 0, 0, 0,
                             &client) == INVOICE_RESULT_NULL_PARAMETER,
          "NULL agent key");
    /* Nothing listens on port 1: a direct call was not sent, an issue must wait and retry. */
    client = client_for("http://127.0.0.1:1/szamla/", DEMO_KEY);
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    CHECK(invoice_client_invoice_pdf(client, INVOICE_SELECTOR_NUMBER, STR("SBX-1"), &pdf,
                                     &pdf_len) == INVOICE_RESULT_NOT_SENT,
          "connection refused");
    char *order = read_file(root, "examples/orders/woocommerce-basic.json");
    char *settings = read_file(root, "examples/settings/demo-shop.json");
    invoice_document *document =
        map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings, NULL);
    char *outcome = issue(client, document, "c-6", INVOICE_RESULT_RETRY_LATER);
    CHECK(outcome != NULL && strstr(outcome, "\"outcome\":\"retry_later\"") != NULL,
          "retry later: %s", outcome);
    invoice_string_free(outcome);
    invoice_document_free(document);
    invoice_client_free(client);
    free(order);
    free(settings);
}

/* The sandbox's base URL: SANDBOX_URL without its "/szamla/". */
static void base_url(const char *url, char *buffer, size_t size) {
    snprintf(buffer, size, "%s", url);
    char *agent = strstr(buffer, "/szamla/");
    if (agent != NULL) {
        *agent = '\0';
    }
}

/* POSTs JSON to the sandbox's control endpoint `path` (plain HTTP, as `base` says); returns 1
 * when it answered 200. */
static int control_post(const char *base, const char *path, const char *body) {
    char host[256];
    char port[16];
    if (sscanf(base, "http://%255[^:]:%15[0-9]", host, port) != 2) {
        return 0;
    }
    struct addrinfo hints = {0};
    struct addrinfo *found = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &found) != 0) {
        return 0;
    }
    int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    int ok = fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    char request[1024];
    char answer[32] = "";
    int len = snprintf(request, sizeof request,
                       "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                       "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                       path, host, strlen(body), body);
    ok = ok && len > 0 && (size_t)len < sizeof request &&
         write(fd, request, (size_t)len) == (ssize_t)len &&
         read(fd, answer, sizeof answer - 1) >= 12 && strncmp(answer, "HTTP/1.1 200", 12) == 0;
    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

/* Reverses `number` through `client` with `original` (NULL: invoice_client_reverse) and the
 * stored `record`; returns the result, and the outcome and the record to store (caller frees). */
static invoice_result reverse(const invoice_client *client, const char *number,
                              const invoice_document *original, const char *record,
                              struct store *store, char **outcome, char **updated) {
    return original == NULL
               ? invoice_client_reverse(client, STR(number), false, STR(record), persist, store,
                                        outcome, updated)
               : invoice_client_reverse_document(client, STR(number), original, false,
                                                 STR(record), persist, store, outcome, updated);
}

/* Számlahegy reverses with the original document: a storno invoice cancelling it (negated
 * totals), issued exactly once although its answer is lost; without the original, or with one
 * that is not an invoice, nothing is sent. */
static void test_szamlahegy_storno(const char *base, const invoice_document *document,
                                   const invoice_document *proforma) {
    invoice_client *client = NULL;
    CHECK(invoice_client_new_szamlahegy(STR(base), STR(SZAMLAHEGY_KEY), false, NULL, 0, 2000,
                                        20000, &client) == INVOICE_RESULT_OK,
          "live Számlahegy client");
    char *outcome = issue(client, document, "c-shg-live-1", INVOICE_RESULT_OK);
    char number[64] = "";
    char gross[64] = "-";
    CHECK(json_string(outcome, "number", number, sizeof number) &&
              json_string(outcome, "gross_total", gross + 1, sizeof gross - 1),
          "Számlahegy issued the original: %.200s", outcome);
    invoice_string_free(outcome);

    char *record = new_record("c-shg-live-1-storno");
    struct store store = {0};
    char *updated = NULL;
    CHECK(reverse(client, number, NULL, record, &store, &outcome, &updated) ==
                  INVOICE_RESULT_INVALID_ARGUMENT &&
              outcome == NULL && updated == NULL && store.calls == 0 &&
              last_error_has("give the original document") && last_error_has(number) &&
              !last_error_has(SZAMLAHEGY_KEY),
          "a Számlahegy storno needs the original");
    CHECK(reverse(client, number, proforma, record, &store, &outcome, &updated) ==
                  INVOICE_RESULT_INVALID_ARGUMENT &&
              store.calls == 0 && last_error_has("is a proforma document"),
          "a Számlahegy storno reverses invoices only");
    CHECK(invoice_client_reverse_document(client, STR(number), NULL, false, STR(record), persist,
                                          &store, &outcome, &updated) ==
                  INVOICE_RESULT_NULL_PARAMETER &&
              last_error_has("original"),
          "a NULL original");

    CHECK(control_post(base, "/control/faults",
                       "{\"kind\": \"close_after_commit\", \"operation\": "
                       "\"szamlahegy_create\", \"count\": 1}"),
          "the sandbox took the lost-answer fault");
    CHECK(reverse(client, number, document, record, &store, &outcome, &updated) ==
                  INVOICE_RESULT_OUTCOME_UNKNOWN &&
              outcome != NULL && strstr(outcome, "\"outcome\":\"unknown\"") != NULL,
          "the storno's answer is lost: %s", outcome == NULL ? "(null)" : outcome);
    invoice_string_free(outcome);
    invoice_string_free(record);
    record = updated;
    char storno[64] = "";
    char storno_gross[64] = "";
    CHECK(reverse(client, number, document, record, &store, &outcome, &updated) ==
                  INVOICE_RESULT_OK &&
              json_string(outcome, "number", storno, sizeof storno) &&
              json_string(outcome, "gross_total", storno_gross, sizeof storno_gross) &&
              strcmp(storno_gross, gross) == 0 && strcmp(storno, number) != 0 &&
              strstr(updated, "\"sends\":1") != NULL,
          "the storno, adopted by query (sent once), cancels %s (%s): %.200s", number, gross,
          outcome == NULL ? "(null)" : outcome);
    invoice_string_free(outcome);
    invoice_string_free(record);
    invoice_string_free(updated);
    invoice_client_free(client);
}

/* A refusal of an operation the backend cannot do: 301, naming the Agent, no key inside. */
static int unsupported(invoice_result result) {
    return result == INVOICE_RESULT_UNSUPPORTED && last_error_has("Számla Agent") &&
           !last_error_has(PAYBILL_KEY) && !last_error_has(SZAMLAHEGY_KEY) &&
           !last_error_has(DEMO_KEY);
}

/* Issues through PayBill for `transaction` with a fresh record; returns the outcome JSON. */
static char *issue_paybill(const invoice_client *client, const char *transaction,
                           const invoice_document *document, const char *external_id,
                           invoice_result expected) {
    struct store store = {0};
    char *record = new_record(external_id);
    char *outcome = NULL;
    char *updated = NULL;
    invoice_result result = invoice_client_issue_paybill(client, STR(transaction), document,
                                                         STR(record), persist, &store, &outcome,
                                                         &updated);
    CHECK(result == expected, "PayBill issue %s: %u, expected %u", external_id, result, expected);
    invoice_string_free(record);
    invoice_string_free(updated);
    return outcome;
}

/* PayBill and Számlahegy: issuing through each, and what they cannot do refused. */
static void test_other_backends(const char *url, const char *root) {
    char base[512];
    char gateway[600];
    base_url(url, base, sizeof base);
    snprintf(gateway, sizeof gateway, "%s/api/payment/", base);
    char *order = read_file(root, "examples/orders/woocommerce-basic.json");
    char *settings = read_file(root, "examples/settings/demo-shop.json");
    invoice_document *document =
        map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings, NULL);
    invoice_document *proforma = map_order(order, INVOICE_ORDER_FORMAT_WOOCOMMERCE, settings,
                                           "{\"kind\":{\"type\":\"proforma\"}}");
    char number[64] = "";
    const char *transaction = getenv("PAYBILL_TRANSACTION");
    CHECK(transaction != NULL && strlen(transaction) == 32, "PAYBILL_TRANSACTION is set");
    if (transaction == NULL) {
        transaction = "00000000000000000000000000000000";
    }

    /* Számlahegy: a test invoice, issued once; the stored record answers without a send. */
    invoice_client *szamlahegy = NULL;
    CHECK(invoice_client_new_szamlahegy(STR(base), STR(SZAMLAHEGY_KEY), true, NULL, 0, 2000,
                                        20000, &szamlahegy) == INVOICE_RESULT_OK &&
              szamlahegy != NULL,
          "Számlahegy client");
    char *outcome = issue(szamlahegy, document, "c-shg-1", INVOICE_RESULT_OK);
    CHECK(json_string(outcome, "number", number, sizeof number) &&
              strncmp(number, "TESZT-", 6) == 0 && strstr(outcome, "\"gross_total\":\"") != NULL,
          "Számlahegy issued a test invoice: %.200s", outcome);
    invoice_string_free(outcome);
    char *answer = NULL;
    CHECK(unsupported(invoice_client_payment_register(
              szamlahegy, STR("{\"invoice_number\":\"X\",\"entries\":[]}"), &answer)) &&
              answer == NULL,
          "Számlahegy cannot register a payment");
    CHECK(unsupported(invoice_client_taxpayer_query(szamlahegy, STR("12345678"), &answer)),
          "Számlahegy cannot query taxpayers");
    CHECK(unsupported(invoice_client_receipt_get(szamlahegy, STR("R-1"), false, &answer)),
          "Számlahegy cannot fetch receipts");
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    CHECK(unsupported(invoice_client_invoice_pdf(szamlahegy, INVOICE_SELECTOR_NUMBER,
                                                 STR(number), &pdf, &pdf_len)) &&
              pdf == NULL,
          "Számlahegy PDFs go through the Agent face only");
    outcome = issue_paybill(szamlahegy, "0123456789abcdef0123456789abcdef", document, "c-shg-3",
                            INVOICE_RESULT_INVALID_ARGUMENT);
    CHECK(outcome == NULL && last_error_has("not PayBill"),
          "a transaction id is for PayBill clients only");
    invoice_client_free(szamlahegy);

    /* Számlahegy with a wrong key: refused, the key in no message. */
    szamlahegy = NULL;
    CHECK(invoice_client_new_szamlahegy(STR(base), STR(WRONG_KEY), true, NULL, 0, 2000, 20000,
                                        &szamlahegy) == INVOICE_RESULT_OK,
          "Számlahegy client, wrong key");
    outcome = issue(szamlahegy, document, "c-shg-2", INVOICE_RESULT_REFUSED);
    CHECK(!last_error_has("SECRET") && outcome != NULL && strstr(outcome, "SECRET") == NULL,
          "the wrong key is in no message: %s", invoice_last_error_message());
    invoice_string_free(outcome);
    invoice_client_free(szamlahegy);
    test_szamlahegy_storno(base, document, proforma);

    /* PayBill: the sandbox transaction tests/c/run.sh made, invoiced through the gateway. */
    invoice_client *paybill = NULL;
    CHECK(invoice_client_new_paybill(STR(gateway), STR(PAYBILL_STORE), STR(PAYBILL_KEY),
                                     STR("c-test.example"), STR(url), STR(DEMO_KEY), NULL, 0,
                                     2000, 20000, &paybill) == INVOICE_RESULT_OK &&
              paybill != NULL,
          "PayBill client");
    outcome = issue_paybill(paybill, transaction, document, "c-pb-1", INVOICE_RESULT_OK);
    CHECK(json_string(outcome, "outcome", number, sizeof number) && strcmp(number, "issued") == 0 &&
              json_string(outcome, "number", number, sizeof number) &&
              strstr(outcome, "\"pdf_base64\":\"JVBER") != NULL,
          "PayBill issued the invoice with its PDF: %.200s", outcome);
    invoice_string_free(outcome);
    /* The same transaction again, under another external id: the gateway refuses. */
    outcome = issue_paybill(paybill, transaction, document, "c-pb-2", INVOICE_RESULT_REFUSED);
    CHECK(outcome != NULL && strstr(outcome, "\"outcome\":\"rejected\"") != NULL,
          "a transaction is invoiced once: %.200s", outcome);
    invoice_string_free(outcome);
    outcome = issue_paybill(paybill, "not-a-transaction", document, "c-pb-3",
                            INVOICE_RESULT_INVALID_ARGUMENT);
    CHECK(outcome == NULL && last_error_has("32 hexadecimal"), "a malformed transaction id");
    outcome = issue_paybill(paybill, transaction, proforma, "c-pb-4", INVOICE_RESULT_UNSUPPORTED);
    CHECK(outcome == NULL && unsupported(INVOICE_RESULT_UNSUPPORTED),
          "PayBill cannot issue a proforma");
    {
        struct store store = {0};
        char *record = new_record("c-pb-6");
        char *updated = NULL;
        CHECK(invoice_client_issue(paybill, document, STR(record), persist, &store, &outcome,
                                   &updated) == INVOICE_RESULT_INVALID_ARGUMENT &&
                  outcome == NULL && store.calls == 0 && last_error_has("transaction id"),
              "PayBill issues through invoice_client_issue_paybill");
        CHECK(unsupported(invoice_client_reverse(paybill, STR(number), false, STR(record),
                                                 persist, &store, &outcome, &updated)) &&
                  outcome == NULL && updated == NULL && store.calls == 0,
              "PayBill cannot reverse");
        invoice_string_free(record);
    }
    CHECK(unsupported(invoice_client_receipt_create(paybill, STR("{}"), &answer)),
          "PayBill cannot issue receipts");
    CHECK(unsupported(invoice_client_proforma_delete(paybill, INVOICE_SELECTOR_NUMBER,
                                                     STR("D-1"))),
          "PayBill cannot delete proformas");
    invoice_client_free(paybill);

    /* PayBill with a wrong key: refused by the gateway, the key in no message. */
    paybill = NULL;
    CHECK(invoice_client_new_paybill(STR(gateway), STR(PAYBILL_STORE), STR(WRONG_KEY),
                                     STR("c-test.example"), STR(url), STR(DEMO_KEY), NULL, 0,
                                     2000, 20000, &paybill) == INVOICE_RESULT_OK,
          "PayBill client, wrong key");
    outcome = issue_paybill(paybill, transaction, document, "c-pb-7", INVOICE_RESULT_REFUSED);
    CHECK(outcome != NULL && strstr(outcome, "SECRET") == NULL && !last_error_has("SECRET") &&
              last_error_has("WrongApikey"),
          "wrong PayBill key refused: %s", invoice_last_error_message());
    invoice_string_free(outcome);
    invoice_client_free(paybill);

    /* An Agent client has no transaction to invoice. */
    invoice_client *agent = client_for(url, DEMO_KEY);
    outcome = issue_paybill(agent, transaction, document, "c-pb-8", INVOICE_RESULT_INVALID_ARGUMENT);
    CHECK(outcome == NULL, "issue_paybill on an Agent client");
    invoice_client_free(agent);

    invoice_document_free(proforma);
    invoice_document_free(document);
    free(settings);
    free(order);
}

static void test_panic_boundary(void) {
    CHECK(invoice_debug_panic() == INVOICE_RESULT_PANIC && last_error_has("panicked"),
          "a panic becomes INVOICE_RESULT_PANIC");
    CHECK(strcmp(invoice_version(), LIBINVOICE_VERSION) == 0, "the process goes on");
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s SANDBOX_URL REPO_ROOT\n", argv[0]);
        return 2;
    }
    test_version_and_free();
    test_mapping(argv[2]);
    test_invoices(argv[1], argv[2]);
    test_receipts_and_taxpayers(argv[1]);
    test_receipt_from_order(argv[1], argv[2]);
    test_other_backends(argv[1], argv[2]);
    test_transport_errors(argv[2]);
    test_panic_boundary();
    printf("c-api: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
