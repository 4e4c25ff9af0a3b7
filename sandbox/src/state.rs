//! What the service remembers: documents per account, with numbering counters.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// All accounts' documents, keyed by agent key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    pub ledgers: BTreeMap<String, Ledger>,
}

/// One account's documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ledger {
    pub next_id: u64,
    pub counters: BTreeMap<String, u64>,
    pub invoices: Vec<Invoice>,
    pub receipts: Vec<Receipt>,
}

impl Ledger {
    pub fn allocate_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The next number in a numbering sequence (per prefix and year for invoices).
    pub fn next_in(&mut self, sequence: &str) -> u64 {
        let counter = self.counters.entry(sequence.to_owned()).or_insert(0);
        *counter += 1;
        *counter
    }

    pub fn invoice(&self, number: &str) -> Option<&Invoice> {
        self.invoices.iter().find(|i| i.number == number)
    }

    pub fn invoice_mut(&mut self, number: &str) -> Option<&mut Invoice> {
        self.invoices.iter_mut().find(|i| i.number == number)
    }

    pub fn receipt(&self, number: &str) -> Option<&Receipt> {
        self.receipts.iter().find(|r| r.number == number)
    }
}

/// Document kinds, with the codes `szamla/alap/tipus` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Invoice,
    Proforma,
    Deposit,
    Final,
    Corrective,
    Storno,
    DeliveryNote,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Invoice => "SZ",
            Self::Proforma => "D",
            Self::Deposit => "ES",
            Self::Final => "VS",
            Self::Corrective => "HS",
            Self::Storno => "SS",
            Self::DeliveryNote => "SL",
        }
    }

    /// The title printed on the PDF.
    pub fn title(self) -> &'static str {
        match self {
            Self::Invoice => "Számla",
            Self::Proforma => "Díjbekérő",
            Self::Deposit => "Előlegszámla",
            Self::Final => "Végszámla",
            Self::Corrective => "Helyesbítő számla",
            Self::Storno => "Sztornó számla",
            Self::DeliveryNote => "Szállítólevél",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    pub country: Option<String>,
    pub zip: String,
    pub city: String,
    pub address: String,
    pub email: Option<String>,
    pub tax_number: Option<String>,
    pub eu_tax_number: Option<String>,
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub identifier: Option<String>,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Decimal,
    pub vat_rate: String,
    pub net: Decimal,
    pub vat: Decimal,
    pub gross: Decimal,
    pub comment: Option<String>,
}

/// A credit entry (`kifizetes`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payment {
    pub date: Date,
    pub title: String,
    pub amount: Decimal,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of the service's document"
)]
pub struct Invoice {
    pub id: u64,
    pub number: String,
    pub kind: Kind,
    pub e_invoice: bool,
    pub issue_date: Date,
    pub fulfillment_date: Date,
    pub due_date: Date,
    pub payment_method: String,
    pub currency: String,
    pub language: String,
    pub comment: Option<String>,
    pub exchange_bank: Option<String>,
    pub exchange_rate: Option<Decimal>,
    pub order_number: Option<String>,
    pub external_id: Option<String>,
    /// The document this one refers to: the reversed invoice (storno), the corrected one
    /// (corrective) or the deposit invoice (final).
    pub references: Option<String>,
    /// The proforma this invoice was issued from.
    pub proforma: Option<String>,
    /// Reversed by a storno invoice.
    pub reversed: bool,
    /// A proforma turned into an invoice, or a deposit invoice settled by a final one.
    pub consumed: bool,
    /// Deleted proformas stay in the ledger so that their numbers are not reused.
    pub deleted: bool,
    pub buyer: Buyer,
    pub items: Vec<Item>,
    pub payments: Vec<Payment>,
}

impl Invoice {
    pub fn net_total(&self) -> Decimal {
        self.items.iter().map(|i| i.net).sum()
    }

    pub fn vat_total(&self) -> Decimal {
        self.items.iter().map(|i| i.vat).sum()
    }

    pub fn gross_total(&self) -> Decimal {
        self.items.iter().map(|i| i.gross).sum()
    }

    /// What the buyer still owes (`kintlevoseg`): never negative, nothing on storno
    /// invoices, proformas or delivery notes.
    pub fn outstanding(&self) -> Decimal {
        if matches!(
            self.kind,
            Kind::Storno | Kind::Proforma | Kind::DeliveryNote
        ) || self.reversed
        {
            return Decimal::ZERO;
        }
        let paid: Decimal = self.payments.iter().map(|p| p.amount).sum();
        (self.gross_total() - paid).max(Decimal::ZERO)
    }

    /// Visible to queries: not deleted and not a proforma already turned into an invoice.
    pub fn is_live(&self) -> bool {
        !(self.deleted || self.kind == Kind::Proforma && self.consumed)
    }
}

/// A receipt tender (`kifizetes`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tender {
    pub method: String,
    pub amount: Decimal,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    pub id: u64,
    pub number: String,
    pub call_id: Option<String>,
    /// `NY` receipt or `SN` reversal.
    pub kind: String,
    pub reversed: bool,
    pub reversed_number: Option<String>,
    pub issue_date: Date,
    pub payment_method: String,
    pub currency: String,
    pub exchange_bank: Option<String>,
    pub exchange_rate: Option<Decimal>,
    pub comment: Option<String>,
    pub order_number: Option<String>,
    pub items: Vec<Item>,
    pub tenders: Vec<Tender>,
    /// Addresses the receipt was e-mailed to (`xmlnyugtasend`).
    pub emailed_to: Vec<String>,
}
