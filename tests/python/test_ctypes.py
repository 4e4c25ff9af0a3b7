"""Issues an invoice through libinvoice from Python (ctypes, standard library only) against the
sandbox, and reads the PDF back.

Environment: LIBINVOICE_PATH (the shared library), SANDBOX_URL (the sandbox's Agent endpoint).
Run by tests/c/run.sh.
"""

import ctypes
import json
import os
import pathlib
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
OK, NULL_PARAMETER, INVALID_JSON, REFUSED = 0, 100, 102, 300
ORDER_FORMAT_WOOCOMMERCE = 2
SELECTOR_EXTERNAL_ID = 3
PERSIST = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)


def load():
    lib = ctypes.CDLL(os.environ["LIBINVOICE_PATH"])
    text, size = ctypes.c_char_p, ctypes.c_size_t
    out_ptr = ctypes.POINTER(ctypes.c_void_p)
    signatures = {
        "invoice_version": ([], ctypes.c_char_p),
        "invoice_last_error_message": ([], ctypes.c_char_p),
        "invoice_last_error_vendor_code": ([], ctypes.c_uint32),
        "invoice_order_map": ([text, size, ctypes.c_uint32, text, size, text, size, out_ptr], ctypes.c_uint32),
        "invoice_document_free": ([ctypes.c_void_p], None),
        "invoice_client_new": ([text, size, text, size, text, size, ctypes.c_uint32, ctypes.c_uint32, out_ptr], ctypes.c_uint32),
        "invoice_client_free": ([ctypes.c_void_p], None),
        "invoice_attempt_record_new": ([text, size, text, size, out_ptr], ctypes.c_uint32),
        "invoice_client_issue": ([ctypes.c_void_p, ctypes.c_void_p, text, size, PERSIST, ctypes.c_void_p, out_ptr, out_ptr], ctypes.c_uint32),
        "invoice_client_invoice_pdf": ([ctypes.c_void_p, ctypes.c_uint32, text, size, out_ptr, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_uint32),
        "invoice_string_free": ([ctypes.c_void_p], None),
        "invoice_bytes_free": ([ctypes.c_void_p, size], None),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = arguments
        function.restype = result
    return lib


class LibInvoice:
    """A thin Python face: bytes in, owned strings copied out and freed at once."""

    def __init__(self):
        self.lib = load()

    def check(self, result):
        if result != OK:
            message = self.lib.invoice_last_error_message().decode()
            raise RuntimeError(f"libinvoice result {result}: {message}")

    def take_string(self, pointer):
        try:
            return ctypes.string_at(pointer.value).decode()
        finally:
            self.lib.invoice_string_free(pointer)


class IssueThroughCtypes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.li = LibInvoice()
        cls.lib = cls.li.lib

    def test_version(self):
        self.assertEqual(self.lib.invoice_version().decode(), "0.1.0")

    def test_an_invoice_is_issued_and_its_pdf_read_back(self):
        lib, li = self.lib, self.li
        order = (ROOT / "examples/orders/woocommerce-basic.json").read_bytes()
        settings = (ROOT / "examples/settings/demo-shop.json").read_bytes()
        document = ctypes.c_void_p()
        li.check(lib.invoice_order_map(order, len(order), ORDER_FORMAT_WOOCOMMERCE, settings,
                                       len(settings), None, 0, ctypes.byref(document)))
        url = os.environ["SANDBOX_URL"].encode()
        key = b"sandbox-demo-agent-key"
        client = ctypes.c_void_p()
        li.check(lib.invoice_client_new(url, len(url), key, len(key), None, 0, 0, 0,
                                        ctypes.byref(client)))
        external_id = b"py-ctypes-1"
        record = ctypes.c_void_p()
        li.check(lib.invoice_attempt_record_new(external_id, len(external_id), b"1842", 4,
                                                ctypes.byref(record)))
        record_json = li.take_string(record).encode()

        stored = []

        @PERSIST
        def persist(_user, record_json, length):
            stored.append(json.loads(ctypes.string_at(record_json, length)))
            return 0

        outcome_out, record_out = ctypes.c_void_p(), ctypes.c_void_p()
        li.check(lib.invoice_client_issue(client, document, record_json, len(record_json), persist,
                                          None, ctypes.byref(outcome_out), ctypes.byref(record_out)))
        outcome = json.loads(li.take_string(outcome_out))
        updated = json.loads(li.take_string(record_out))
        self.assertEqual(outcome["outcome"], "issued")
        self.assertIsInstance(outcome["gross_total"], str, "amounts are decimal strings")
        self.assertEqual([record["state"] for record in stored], ["in_flight", "issued"])
        self.assertEqual(updated, stored[-1])

        pdf, pdf_len = ctypes.c_void_p(), ctypes.c_size_t()
        li.check(lib.invoice_client_invoice_pdf(client, SELECTOR_EXTERNAL_ID, external_id,
                                                len(external_id), ctypes.byref(pdf),
                                                ctypes.byref(pdf_len)))
        try:
            data = ctypes.string_at(pdf.value, pdf_len.value)
        finally:
            lib.invoice_bytes_free(pdf, pdf_len)
        self.assertTrue(data.startswith(b"%PDF"))

        # A bad record names the field; a NULL client is a NULL parameter.
        bad = b'{"external_id": 1}'
        result = lib.invoice_client_issue(client, document, bad, len(bad), persist, None,
                                          ctypes.byref(outcome_out), ctypes.byref(record_out))
        self.assertEqual(result, INVALID_JSON)
        self.assertIn("external_id", lib.invoice_last_error_message().decode())
        result = lib.invoice_client_issue(None, document, record_json, len(record_json), persist,
                                          None, ctypes.byref(outcome_out), ctypes.byref(record_out))
        self.assertEqual(result, NULL_PARAMETER)

        lib.invoice_client_free(client)
        lib.invoice_document_free(document)


if __name__ == "__main__":
    unittest.main(verbosity=2)
