/*
 * Issues an invoice for a WooCommerce order through libinvoice and saves its PDF.
 *
 *   cc issue_invoice.c $(pkg-config --cflags --libs libinvoice) -o issue_invoice
 *   ./issue_invoice ENDPOINT ORDER.json SETTINGS.json OUT.pdf
 *
 * The agent key comes from LIBINVOICE_AGENT_KEY (default: the sandbox's demo key). A real host
 * stores the attempt record (here: in memory) before libinvoice sends anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libinvoice.h>

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (text != NULL && fread(text, 1, (size_t)size, file) == (size_t)size) {
        text[size] = '\0';
    } else {
        free(text);
        text = NULL;
    }
    fclose(file);
    return text;
}

/* The host's store; a shop would write the record to its database here. */
static int persist(void *user, const char *record_json, size_t len) {
    char **stored = user;
    free(*stored);
    *stored = malloc(len + 1);
    if (*stored == NULL) {
        return 1; /* not stored: libinvoice sends nothing */
    }
    memcpy(*stored, record_json, len + 1);
    return 0;
}

static int fail(const char *what, invoice_result result) {
    fprintf(stderr, "%s failed (%u): %s\n", what, result, invoice_last_error_message());
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s ENDPOINT ORDER.json SETTINGS.json OUT.pdf\n", argv[0]);
        return 2;
    }
    const char *key = getenv("LIBINVOICE_AGENT_KEY");
    if (key == NULL) {
        key = "sandbox-demo-agent-key";
    }
    char *order = read_file(argv[2]);
    char *settings = read_file(argv[3]);
    if (order == NULL || settings == NULL) {
        fprintf(stderr, "cannot read the order or the settings\n");
        return 2;
    }

    invoice_document *document = NULL;
    invoice_result result = invoice_order_map(order, strlen(order), INVOICE_ORDER_FORMAT_WOOCOMMERCE,
                                              settings, strlen(settings), NULL, 0, &document);
    if (result != INVOICE_RESULT_OK) {
        return fail("mapping", result);
    }

    invoice_client *client = NULL;
    result = invoice_client_new(argv[1], strlen(argv[1]), key, strlen(key), NULL, 0, 0, 0, &client);
    if (result != INVOICE_RESULT_OK) {
        return fail("client", result);
    }

    char *record = NULL;
    result = invoice_attempt_record_new("example-1842", strlen("example-1842"), "1842", 4, &record);
    if (result != INVOICE_RESULT_OK) {
        return fail("attempt record", result);
    }
    char *stored = NULL;
    char *outcome = NULL;
    char *updated = NULL;
    result = invoice_client_issue(client, document, record, strlen(record), persist, &stored,
                                  &outcome, &updated);
    if (result != INVOICE_RESULT_OK) {
        return fail("issuing", result);
    }
    printf("outcome: %.120s...\n", outcome); /* a host parses this JSON */

    /* The PDF again, by the external id the invoice was issued with. */
    uint8_t *pdf = NULL;
    size_t pdf_len = 0;
    result = invoice_client_invoice_pdf(client, INVOICE_SELECTOR_EXTERNAL_ID, "example-1842",
                                        strlen("example-1842"), &pdf, &pdf_len);
    if (result != INVOICE_RESULT_OK) {
        return fail("PDF", result);
    }
    FILE *out = fopen(argv[4], "wb");
    if (out == NULL || fwrite(pdf, 1, pdf_len, out) != pdf_len || fclose(out) != 0) {
        fprintf(stderr, "cannot write %s\n", argv[4]);
        return 1;
    }
    printf("saved %zu bytes to %s\n", pdf_len, argv[4]);

    invoice_bytes_free(pdf, pdf_len);
    invoice_string_free(outcome);
    invoice_string_free(updated);
    invoice_string_free(record);
    free(stored);
    invoice_client_free(client);
    invoice_document_free(document);
    free(order);
    free(settings);
    return 0;
}
