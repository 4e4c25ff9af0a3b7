//! The invoice document: libinvoice's own model of a Hungarian invoice, the hub every backend
//! translates from. Amounts are exact and already rounded; every line satisfies
//! net + VAT = gross. Hungarian wire names are given as doc aliases.

use std::borrow::Cow;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, amount};

/// What kind of document the backend should issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentKind {
    /// A normal invoice.
    Invoice,
    /// A proforma invoice / payment request.
    #[doc(alias = "dijbekero")]
    Proforma,
    #[doc(alias = "szallitolevel")]
    DeliveryNote,
    /// A deposit (advance payment) invoice.
    #[doc(alias = "elolegszamla")]
    Deposit,
    /// The final invoice settling an earlier deposit invoice.
    #[doc(alias = "vegszamla")]
    Final {
        #[doc(alias = "elolegSzamlaszam")]
        deposit_number: String,
    },
    /// A corrective invoice modifying an earlier invoice.
    #[doc(alias = "helyesbitoszamla")]
    Corrective {
        #[doc(alias = "helyesbitettSzamlaszam")]
        original_number: String,
    },
}

impl DocumentKind {
    /// A short stable name, used in external ids and messages.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Proforma => "proforma",
            Self::DeliveryNote => "delivery-note",
            Self::Deposit => "deposit",
            Self::Final { .. } => "final",
            Self::Corrective { .. } => "corrective",
        }
    }
}

/// An invoice language (`szamlaNyelve`).
#[doc(alias = "szamlaNyelve")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Hu,
    En,
    De,
    It,
    Ro,
    Sk,
    Hr,
    Fr,
    Es,
    Cz,
    Pl,
    Bg,
    Nl,
    Ru,
    Si,
}

impl Language {
    pub const ALL: [Self; 15] = [
        Self::Hu,
        Self::En,
        Self::De,
        Self::It,
        Self::Ro,
        Self::Sk,
        Self::Hr,
        Self::Fr,
        Self::Es,
        Self::Cz,
        Self::Pl,
        Self::Bg,
        Self::Nl,
        Self::Ru,
        Self::Si,
    ];

    /// The wire code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Hu => "hu",
            Self::En => "en",
            Self::De => "de",
            Self::It => "it",
            Self::Ro => "ro",
            Self::Sk => "sk",
            Self::Hr => "hr",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Cz => "cz",
            Self::Pl => "pl",
            Self::Bg => "bg",
            Self::Nl => "nl",
            Self::Ru => "ru",
            Self::Si => "si",
        }
    }

    /// The language of a locale such as `hu_HU`, `en-GB` or `cs` (Czech is `cz` on the wire,
    /// Slovenian `si`).
    pub fn from_locale(locale: &str) -> Option<Self> {
        let primary = locale
            .split(['_', '-'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let wire = match primary.as_str() {
            "cs" => "cz",
            "sl" => "si",
            other => other,
        };
        Self::ALL
            .into_iter()
            .find(|language| language.code() == wire)
    }
}

/// VAT treatment of a line (`afakulcs`): a percentage or a code for the 0% cases.
#[doc(alias = "afakulcs")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatRate {
    /// A percentage such as 27, 18, 5 (or a member-state rate under OSS).
    Percent(#[serde(with = "amount")] Decimal),
    /// A 0% code: TAM, AAM, EUT, EUKT, HO, …
    Code(String),
}

impl VatRate {
    /// The rate to compute VAT with (0 for every code).
    pub fn percent(&self) -> Decimal {
        match self {
            Self::Percent(rate) => *rate,
            Self::Code(_) => Decimal::ZERO,
        }
    }

    /// The wire value of `afakulcs`: `27`, `5.5`, `AAM`.
    pub fn wire(&self) -> String {
        match self {
            Self::Percent(rate) => rate.normalize().to_string(),
            Self::Code(code) => code.clone(),
        }
    }
}

/// Buyer's tax status towards NAV (`adoalany`).
#[doc(alias = "adoalany")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxStatus {
    /// 7: a business outside the EU.
    NonEuBusiness,
    /// 6: an EU business with an EU VAT number.
    EuBusiness,
    /// 1: has a Hungarian tax number.
    HungarianTaxNumber,
    /// 0: unknown.
    Unknown,
    /// -1: a private person.
    PrivatePerson,
}

impl TaxStatus {
    /// The wire value.
    pub fn code(self) -> i8 {
        match self {
            Self::NonEuBusiness => 7,
            Self::EuBusiness => 6,
            Self::HungarianTaxNumber => 1,
            Self::Unknown => 0,
            Self::PrivatePerson => -1,
        }
    }

    /// Businesses are invoiced net-first by default, private persons gross-first.
    pub fn is_business(self) -> bool {
        matches!(
            self,
            Self::NonEuBusiness | Self::EuBusiness | Self::HungarianTaxNumber
        )
    }
}

/// Exchange rate for a foreign-currency invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRate<'a> {
    /// The bank whose rate applies (`arfolyamBank`), e.g. `MNB`.
    #[doc(alias = "arfolyamBank")]
    pub bank: Cow<'a, str>,
    /// The rate (`arfolyam`); `None` lets the service use the bank's current rate.
    #[doc(alias = "arfolyam")]
    #[serde(default, with = "amount::option")]
    pub rate: Option<Decimal>,
}

/// Invoice header (`fejlec`).
#[doc(alias = "fejlec")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header<'a> {
    #[doc(alias = "keltDatum")]
    pub issue_date: Date,
    #[doc(alias = "teljesitesDatum")]
    pub fulfilment_date: Date,
    #[doc(alias = "fizetesiHataridoDatum")]
    pub due_date: Date,
    /// Payment method as printed (`fizmod`).
    #[doc(alias = "fizmod")]
    pub payment_method: Cow<'a, str>,
    pub currency: Currency,
    pub language: Language,
    #[doc(alias = "megjegyzes")]
    pub comment: Option<Cow<'a, str>>,
    pub exchange_rate: Option<ExchangeRate<'a>>,
    #[doc(alias = "rendelesSzam")]
    pub order_number: Option<Cow<'a, str>>,
    /// The proforma this invoice follows (`dijbekeroSzamlaszam`).
    #[doc(alias = "dijbekeroSzamlaszam")]
    pub proforma_number: Option<Cow<'a, str>>,
    #[doc(alias = "szamlaszamElotag")]
    pub number_prefix: Option<Cow<'a, str>>,
    /// Difference between the lines' gross total and what the buyer paid, printed on the
    /// invoice so nothing is lost (`fizetendoKorrekcio`).
    #[doc(alias = "fizetendoKorrekcio")]
    #[serde(default, with = "amount::option")]
    pub payable_correction: Option<Decimal>,
    #[doc(alias = "fizetve")]
    pub paid: bool,
    /// Lines carry another member state's VAT under the OSS scheme (`eusAfa`).
    #[doc(alias = "eusAfa")]
    pub eu_vat: bool,
}

/// Seller details the invoice carries beyond the account's own data (`elado`).
#[doc(alias = "elado")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller<'a> {
    pub bank: Option<Cow<'a, str>>,
    #[doc(alias = "bankszamlaszam")]
    pub bank_account: Option<Cow<'a, str>>,
    #[doc(alias = "emailReplyto")]
    pub email_reply_to: Option<Cow<'a, str>>,
    #[doc(alias = "emailTargy")]
    pub email_subject: Option<Cow<'a, str>>,
    #[doc(alias = "emailSzoveg")]
    pub email_text: Option<Cow<'a, str>>,
    #[doc(alias = "alairoNeve")]
    pub signer_name: Option<Cow<'a, str>>,
}

/// A postal address on the invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress<'a> {
    pub name: Option<Cow<'a, str>>,
    #[doc(alias = "orszag")]
    pub country: Option<Cow<'a, str>>,
    #[doc(alias = "irsz")]
    pub postcode: Cow<'a, str>,
    #[doc(alias = "telepules")]
    pub city: Cow<'a, str>,
    #[doc(alias = "cim")]
    pub street: Cow<'a, str>,
}

/// The buyer (`vevo`).
#[doc(alias = "vevo")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer<'a> {
    #[doc(alias = "nev")]
    pub name: Cow<'a, str>,
    /// Billing address (`orszag`, `irsz`, `telepules`, `cim`).
    pub address: PostalAddress<'a>,
    pub email: Option<Cow<'a, str>>,
    /// The service e-mails the invoice to the buyer (`sendEmail`).
    #[doc(alias = "sendEmail")]
    pub send_email: bool,
    pub tax_status: TaxStatus,
    #[doc(alias = "adoszam")]
    pub tax_number: Option<Cow<'a, str>>,
    #[doc(alias = "adoszamEU")]
    pub eu_tax_number: Option<Cow<'a, str>>,
    /// Delivery address when it differs (`postazasi*`).
    pub postal_address: Option<PostalAddress<'a>>,
    /// The shop's customer id (`azonosito`).
    #[doc(alias = "azonosito")]
    pub customer_id: Option<Cow<'a, str>>,
    #[doc(alias = "telefonszam")]
    pub phone: Option<Cow<'a, str>>,
    #[doc(alias = "megjegyzes")]
    pub comment: Option<Cow<'a, str>>,
}

/// One invoice line (`tetel`). `net + vat = gross` holds exactly.
///
/// Its name, SKU and unit borrow the order's and the shop's text where they are used as they
/// are (most lines): a document is written out many times more often than it outlives the order
/// it was mapped from, and copying them was a quarter of mapping and encoding an order.
/// [`Line::into_owned`] detaches a line that must.
#[doc(alias = "tetel")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line<'a> {
    #[doc(alias = "megnevezes")]
    pub name: Cow<'a, str>,
    /// Product id / SKU (`azonosito`).
    #[doc(alias = "azonosito")]
    pub sku: Option<Cow<'a, str>>,
    #[doc(alias = "mennyiseg")]
    #[serde(with = "amount")]
    pub quantity: Decimal,
    #[doc(alias = "mennyisegiEgyseg")]
    pub unit: Cow<'a, str>,
    #[doc(alias = "nettoEgysegar")]
    #[serde(with = "amount")]
    pub unit_net_price: Decimal,
    pub vat_rate: VatRate,
    #[doc(alias = "nettoErtek")]
    #[serde(with = "amount")]
    pub net: Decimal,
    #[doc(alias = "afaErtek")]
    #[serde(with = "amount")]
    pub vat: Decimal,
    #[doc(alias = "bruttoErtek")]
    #[serde(with = "amount")]
    pub gross: Decimal,
    #[doc(alias = "megjegyzes")]
    pub comment: Option<String>,
}

/// Net, VAT and gross for one VAT rate, or for the whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotal {
    pub vat_rate: VatRate,
    #[serde(with = "amount")]
    pub net: Decimal,
    #[serde(with = "amount")]
    pub vat: Decimal,
    #[serde(with = "amount")]
    pub gross: Decimal,
}

/// Totals of a document: per VAT rate (in first-seen order), overall, and payable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub per_rate: Vec<RateTotal>,
    #[serde(with = "amount")]
    pub net: Decimal,
    #[serde(with = "amount")]
    pub vat: Decimal,
    #[serde(with = "amount")]
    pub gross: Decimal,
    /// Gross plus the payable correction: what the buyer pays (paid).
    #[serde(with = "amount")]
    pub payable: Decimal,
}

impl Line<'_> {
    /// The same line owning its text.
    pub fn into_owned(self) -> Line<'static> {
        Line {
            name: owned(self.name),
            sku: self.sku.map(owned),
            quantity: self.quantity,
            unit: owned(self.unit),
            unit_net_price: self.unit_net_price,
            vat_rate: self.vat_rate,
            net: self.net,
            vat: self.vat,
            gross: self.gross,
            comment: self.comment,
        }
    }
}

impl ExchangeRate<'_> {
    /// The same rate owning its bank's name.
    pub fn into_owned(self) -> ExchangeRate<'static> {
        ExchangeRate {
            bank: owned(self.bank),
            rate: self.rate,
        }
    }
}

impl Header<'_> {
    /// The same header owning its text.
    pub fn into_owned(self) -> Header<'static> {
        Header {
            issue_date: self.issue_date,
            fulfilment_date: self.fulfilment_date,
            due_date: self.due_date,
            payment_method: owned(self.payment_method),
            currency: self.currency,
            language: self.language,
            comment: self.comment.map(owned),
            exchange_rate: self.exchange_rate.map(ExchangeRate::into_owned),
            order_number: self.order_number.map(owned),
            proforma_number: self.proforma_number.map(owned),
            number_prefix: self.number_prefix.map(owned),
            payable_correction: self.payable_correction,
            paid: self.paid,
            eu_vat: self.eu_vat,
        }
    }
}

impl Seller<'_> {
    /// The same seller details owning their text.
    pub fn into_owned(self) -> Seller<'static> {
        Seller {
            bank: self.bank.map(owned),
            bank_account: self.bank_account.map(owned),
            email_reply_to: self.email_reply_to.map(owned),
            email_subject: self.email_subject.map(owned),
            email_text: self.email_text.map(owned),
            signer_name: self.signer_name.map(owned),
        }
    }
}

impl PostalAddress<'_> {
    /// The same address owning its text.
    pub fn into_owned(self) -> PostalAddress<'static> {
        PostalAddress {
            name: self.name.map(owned),
            country: self.country.map(owned),
            postcode: owned(self.postcode),
            city: owned(self.city),
            street: owned(self.street),
        }
    }
}

impl Buyer<'_> {
    /// The same buyer owning their text.
    pub fn into_owned(self) -> Buyer<'static> {
        Buyer {
            name: owned(self.name),
            address: self.address.into_owned(),
            email: self.email.map(owned),
            send_email: self.send_email,
            tax_status: self.tax_status,
            tax_number: self.tax_number.map(owned),
            eu_tax_number: self.eu_tax_number.map(owned),
            postal_address: self.postal_address.map(PostalAddress::into_owned),
            customer_id: self.customer_id.map(owned),
            phone: self.phone.map(owned),
            comment: self.comment.map(owned),
        }
    }
}

/// Borrowed text copied, owned text kept.
fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// A complete invoice document, ready to preview or hand to a backend. Its text may borrow the
/// order's and the shop's (see [`Line`]); [`InvoiceDocument::into_owned`] detaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument<'a> {
    pub kind: DocumentKind,
    /// Issue as an e-invoice (`beallitasok/eszamla`); needs the buyer's e-mail.
    #[doc(alias = "eszamla")]
    pub e_invoice: bool,
    pub header: Header<'a>,
    pub seller: Seller<'a>,
    pub buyer: Buyer<'a>,
    pub lines: Vec<Line<'a>>,
}

impl InvoiceDocument<'_> {
    /// The same document owning all its text, to keep after the order is gone.
    pub fn into_owned(self) -> InvoiceDocument<'static> {
        InvoiceDocument {
            kind: self.kind,
            e_invoice: self.e_invoice,
            header: self.header.into_owned(),
            seller: self.seller.into_owned(),
            buyer: self.buyer.into_owned(),
            lines: self.lines.into_iter().map(Line::into_owned).collect(),
        }
    }

    /// Sums the lines per VAT rate and overall.
    pub fn totals(&self) -> Totals {
        let mut per_rate: Vec<RateTotal> = Vec::new();
        for line in &self.lines {
            if let Some(total) = per_rate.iter_mut().find(|t| t.vat_rate == line.vat_rate) {
                total.net += line.net;
                total.vat += line.vat;
                total.gross += line.gross;
            } else {
                per_rate.push(RateTotal {
                    vat_rate: line.vat_rate.clone(),
                    net: line.net,
                    vat: line.vat,
                    gross: line.gross,
                });
            }
        }
        let net = per_rate.iter().map(|t| t.net).sum();
        let vat = per_rate.iter().map(|t| t.vat).sum();
        let gross: Decimal = per_rate.iter().map(|t| t.gross).sum();
        Totals {
            per_rate,
            net,
            vat,
            gross,
            payable: gross + self.header.payable_correction.unwrap_or_default(),
        }
    }
}
