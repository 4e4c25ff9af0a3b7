//! `(order, settings) → InvoiceDocument`.
