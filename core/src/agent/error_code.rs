//! The Agent's numeric error codes (`hibakod`, `szlahu_error_code`).

/// An Agent error code. Each variant's doc gives the Hungarian meaning; *observed* codes are
/// undocumented by the vendor but were seen on a live test account.
#[doc(alias = "hibakod")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 1 — karbantartás / belső hiba: the system is under maintenance; retry later.
    Maintenance,
    /// 3 — sikertelen bejelentkezés: login failed (agent key or user/password).
    LoginFailed,
    /// 7 — hiányzó adat: data missing, or the referenced document was not found.
    MissingData,
    /// 14 (*observed*) — sztornó és jóváíró számlát nem lehet sztornózni: a storno cannot be
    /// reversed.
    CannotReverseStorno,
    /// 53 — az XML nem fájlként érkezett: the XML was not sent as a multipart file.
    XmlNotSentAsFile,
    /// 54 — e-számlázás nincs engedélyezve: e-invoicing is not enabled.
    EInvoiceNotEnabled,
    /// 55 — e-számla aláírása sikertelen: signing the e-invoice failed.
    EInvoiceSigningFailed,
    /// 56 — a számla elkészült, de az e-mail küldése sikertelen: issued, but the e-mail to
    /// the buyer failed (a success when a number came back).
    IssuedButEmailFailed,
    /// 57 — XML/XSD hiba: the request XML is malformed or invalid.
    InvalidXml,
    /// 71 — már létező rendelésszám: the order number is already used.
    DuplicateOrderNumber,
    /// 73 (*observed*) — a hivatkozott előlegszámla nem beazonosítható: deposit invoice not
    /// found.
    DepositInvoiceNotFound,
    /// 135 — a felhasználó böngészőben be van jelentkezve: the user is logged in through a
    /// browser.
    LoggedInThroughBrowser,
    /// 136 — bejelentkezés letiltva (előfizetés): login blocked by the subscription state.
    LoginBlocked,
    /// 152 — már létező rendelésszám (névvel): the order number is already used.
    DuplicateOrderNumberNamed,
    /// 164 — több fiókhoz tartozó felhasználó: the user belongs to several accounts.
    MultipleAccounts,
    /// 202 — nem regisztrált számlaszám előtag: the number prefix is not registered.
    PrefixNotRegistered,
    /// 221 (*observed*) — van helyesbítő számlája, nem sztornózható: the invoice has a
    /// corrective invoice and cannot be reversed.
    HasCorrectiveInvoice,
    /// 259 — tétel nettó értéke hibás (egységár × mennyiség): line net ≠ unit price × quantity.
    LineNetMismatch,
    /// 260 — tétel áfaértéke hibás (nettó × kulcs): line VAT ≠ net × rate.
    LineVatMismatch,
    /// 261 — tétel bruttó értéke hibás (nettó + áfa): line gross ≠ net + VAT.
    LineGrossMismatch,
    /// 262 — tétel nettó értéke hibás: a line's net value is invalid.
    LineNetInvalid,
    /// 263 — tétel áfaértéke hibás: a line's VAT value is invalid.
    LineVatInvalid,
    /// 264 — tétel bruttó értéke hibás: a line's gross value is invalid.
    LineGrossInvalid,
    /// 335 — nincs ilyen díjbekérő: the proforma does not exist (or was deleted).
    ProformaNotFound,
    /// 336 — a nyugta előtag számlákhoz használt: the receipt prefix is used for invoices.
    ReceiptPrefixUsedForInvoices,
    /// 337 — hibás nyugta előtag: invalid receipt prefix.
    InvalidReceiptPrefix,
    /// 338 — a hívásazonosító már használt: the receipt call id was already used.
    ReceiptCallIdUsed,
    /// 339 — nincs ilyen nyugta: the receipt does not exist.
    ReceiptNotFound,
    /// 340 — a kifizetések összege ≠ bruttó: receipt payments do not add up to the gross.
    ReceiptPaymentMismatch,
    /// 352 (*observed*) — a számla kelte csak a mai nap lehet: the issue date must be today
    /// (storno).
    IssueDateMustBeToday,
    /// 363 — HUF nyugta bruttó értéke csak egész lehet: a HUF receipt's gross must be whole.
    ReceiptGrossNotWhole,
    /// 364 — nyugta nettó értéke legfeljebb 2 tizedes: receipt net has over 2 decimals.
    ReceiptNetPrecision,
    /// 365 — nyugta áfaértéke legfeljebb 2 tizedes: receipt VAT has over 2 decimals.
    ReceiptVatPrecision,
    /// 463 (*observed*) — sztornózott számlához nem tartozhat kifizetés: payment on a reversed
    /// invoice.
    PaymentOnReversedInvoice,
    /// A code this library does not know.
    Unknown(u32),
}

impl ErrorCode {
    const KNOWN: [(u32, Self); 34] = [
        (1, Self::Maintenance),
        (3, Self::LoginFailed),
        (7, Self::MissingData),
        (14, Self::CannotReverseStorno),
        (53, Self::XmlNotSentAsFile),
        (54, Self::EInvoiceNotEnabled),
        (55, Self::EInvoiceSigningFailed),
        (56, Self::IssuedButEmailFailed),
        (57, Self::InvalidXml),
        (71, Self::DuplicateOrderNumber),
        (73, Self::DepositInvoiceNotFound),
        (135, Self::LoggedInThroughBrowser),
        (136, Self::LoginBlocked),
        (152, Self::DuplicateOrderNumberNamed),
        (164, Self::MultipleAccounts),
        (202, Self::PrefixNotRegistered),
        (221, Self::HasCorrectiveInvoice),
        (259, Self::LineNetMismatch),
        (260, Self::LineVatMismatch),
        (261, Self::LineGrossMismatch),
        (262, Self::LineNetInvalid),
        (263, Self::LineVatInvalid),
        (264, Self::LineGrossInvalid),
        (335, Self::ProformaNotFound),
        (336, Self::ReceiptPrefixUsedForInvoices),
        (337, Self::InvalidReceiptPrefix),
        (338, Self::ReceiptCallIdUsed),
        (339, Self::ReceiptNotFound),
        (340, Self::ReceiptPaymentMismatch),
        (352, Self::IssueDateMustBeToday),
        (363, Self::ReceiptGrossNotWhole),
        (364, Self::ReceiptNetPrecision),
        (365, Self::ReceiptVatPrecision),
        (463, Self::PaymentOnReversedInvoice),
    ];

    pub fn from_code(code: u32) -> Self {
        Self::KNOWN
            .iter()
            .find(|(known, _)| *known == code)
            .map_or(Self::Unknown(code), |(_, variant)| *variant)
    }

    /// The account itself is unusable (agent key, login, subscription): nothing can succeed
    /// until the merchant fixes it, so a shop alerts its administrator instead of retrying.
    pub fn is_account_problem(self) -> bool {
        matches!(
            self,
            Self::LoginFailed
                | Self::LoggedInThroughBrowser
                | Self::LoginBlocked
                | Self::MultipleAccounts
        )
    }

    pub fn code(self) -> u32 {
        match self {
            Self::Unknown(code) => code,
            known => Self::KNOWN
                .iter()
                .find(|(_, variant)| *variant == known)
                .map_or(0, |(code, _)| *code),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn account_problems_are_the_login_codes() {
        let account: Vec<u32> = (0..1000)
            .filter(|&code| ErrorCode::from_code(code).is_account_problem())
            .collect();
        assert_eq!(account, [3, 135, 136, 164]);
    }

    #[test]
    fn every_code_round_trips() {
        let documented = [
            1, 3, 7, 14, 53, 54, 55, 56, 57, 71, 73, 135, 136, 152, 164, 202, 221, 259, 260, 261,
            262, 263, 264, 335, 336, 337, 338, 339, 340, 352, 363, 364, 365, 463,
        ];
        for code in documented {
            let variant = ErrorCode::from_code(code);
            assert!(!matches!(variant, ErrorCode::Unknown(_)), "{code}");
            assert_eq!(variant.code(), code);
        }
        assert_eq!(ErrorCode::from_code(999), ErrorCode::Unknown(999));
        assert_eq!(ErrorCode::Unknown(999).code(), 999);
    }
}
