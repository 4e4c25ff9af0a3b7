//! The Számlázz.hu Számla Agent wire format: requests and responses, sans-IO.
