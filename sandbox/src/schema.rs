//! The request structures the service validates, encoded from the vendor's XSDs (element
//! names, order, occurrences and simple types). A violation is answered with code 57 and a
//! message in the style of the service's Java validator, naming the element.

use crate::xml::Element;

/// Simple types the request schemas use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Text,
    Boolean,
    Integer,
    Double,
    Date,
    Language,
    /// `torszszamTipus`: exactly eight digits.
    TaxNumberPrefix,
}

/// What an element contains.
#[derive(Debug, Clone, Copy)]
pub enum Content {
    Simple(Value),
    /// `xs:sequence`: children in this order.
    Sequence(&'static [Field]),
    /// `xs:all`: children in any order, each at most once.
    All(&'static [Field]),
}

/// One element declaration.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub min: u32,
    /// `None` is unbounded.
    pub max: Option<u32>,
    pub content: Content,
    /// May also appear before the field declared just before it: the vendor's downloadable
    /// XSD and its documentation disagree on the order of a few trailing header fields,
    /// and the service accepts both.
    pub either_order_with_previous: bool,
}

const fn required(name: &'static str, value: Value) -> Field {
    Field {
        name,
        min: 1,
        max: Some(1),
        content: Content::Simple(value),
        either_order_with_previous: false,
    }
}

const fn optional(name: &'static str, value: Value) -> Field {
    Field {
        name,
        min: 0,
        max: Some(1),
        content: Content::Simple(value),
        either_order_with_previous: false,
    }
}

const fn group(name: &'static str, min: u32, max: Option<u32>, content: Content) -> Field {
    Field {
        name,
        min,
        max,
        content,
        either_order_with_previous: false,
    }
}

const fn swappable(field: Field) -> Field {
    Field {
        either_order_with_previous: true,
        ..field
    }
}

use Value::{Boolean, Date, Double, Integer, Language, TaxNumberPrefix, Text};

const LOGIN: [Field; 3] = [
    optional("felhasznalo", Text),
    optional("jelszo", Text),
    optional("szamlaagentkulcs", Text),
];

// --- xmlszamla -------------------------------------------------------------------------
const INVOICE_SETTINGS: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    required("eszamla", Boolean),
    required("szamlaLetoltes", Boolean),
    optional("szamlaLetoltesPld", Integer),
    optional("valaszVerzio", Integer),
    optional("aggregator", Text),
    optional("guardian", Boolean),
    optional("cikkazoninvoice", Boolean),
    optional("szamlaKulsoAzon", Text),
];
const INVOICE_HEADER: &[Field] = &[
    optional("keltDatum", Date),
    required("teljesitesDatum", Date),
    required("fizetesiHataridoDatum", Date),
    required("fizmod", Text),
    required("penznem", Text),
    required("szamlaNyelve", Language),
    optional("megjegyzes", Text),
    optional("arfolyamBank", Text),
    optional("arfolyam", Double),
    optional("rendelesSzam", Text),
    optional("dijbekeroSzamlaszam", Text),
    optional("elolegszamla", Boolean),
    optional("vegszamla", Boolean),
    optional("elolegSzamlaszam", Text),
    optional("helyesbitoszamla", Boolean),
    optional("helyesbitettSzamlaszam", Text),
    optional("dijbekero", Boolean),
    optional("szallitolevel", Boolean),
    optional("logoExtra", Text),
    optional("szamlaszamElotag", Text),
    optional("fizetendoKorrekcio", Double),
    optional("fizetve", Boolean),
    optional("arresAfa", Boolean),
    optional("eusAfa", Boolean),
    optional("szamlaSablon", Text),
    optional("simpleItems", Boolean),
    swappable(optional("elonezetpdf", Boolean)),
];
const INVOICE_SELLER: &[Field] = &[
    optional("bank", Text),
    optional("bankszamlaszam", Text),
    optional("emailReplyto", Text),
    optional("emailTargy", Text),
    optional("emailSzoveg", Text),
    optional("alairoNeve", Text),
];
const BUYER_LEDGER: &[Field] = &[
    optional("konyvelesDatum", Date),
    optional("vevoAzonosito", Text),
    optional("vevoFokonyviSzam", Text),
    optional("folyamatosTelj", Boolean),
    optional("elszDatumTol", Date),
    optional("elszDatumIg", Date),
];
const INVOICE_BUYER: &[Field] = &[
    required("nev", Text),
    optional("orszag", Text),
    required("irsz", Text),
    required("telepules", Text),
    required("cim", Text),
    optional("email", Text),
    optional("sendEmail", Boolean),
    optional("adoalany", Integer),
    optional("adoszam", Text),
    optional("csoportazonosito", Text),
    optional("adoszamEU", Text),
    optional("postazasiNev", Text),
    optional("postazasiOrszag", Text),
    optional("postazasiIrsz", Text),
    optional("postazasiTelepules", Text),
    optional("postazasiCim", Text),
    group("vevoFokonyv", 0, Some(1), Content::Sequence(BUYER_LEDGER)),
    optional("azonosito", Text),
    optional("alairoNeve", Text),
    optional("telefonszam", Text),
    optional("megjegyzes", Text),
];
const TRANSOFLEX: &[Field] = &[
    optional("azonosito", Text),
    optional("shipmentID", Text),
    optional("csomagszam", Integer),
    optional("countryCode", Text),
    optional("zip", Text),
    optional("service", Text),
];
const PPP: &[Field] = &[
    optional("vonalkodPrefix", Text),
    optional("vonalkodPostfix", Text),
];
const SPRINTER: &[Field] = &[
    optional("azonosito", Text),
    optional("feladokod", Text),
    optional("iranykod", Text),
    optional("csomagszam", Integer),
    optional("vonalkodPostfix", Text),
    optional("szallitasiIdo", Text),
];
const MPL: &[Field] = &[
    required("vevokod", Text),
    required("vonalkod", Text),
    required("tomeg", Text),
    optional("kulonszolgaltatasok", Text),
    optional("erteknyilvanitas", Double),
];
const WAYBILL: &[Field] = &[
    optional("uticel", Text),
    optional("futarSzolgalat", Text),
    optional("vonalkod", Text),
    optional("megjegyzes", Text),
    group("tof", 0, Some(1), Content::Sequence(TRANSOFLEX)),
    group("ppp", 0, Some(1), Content::Sequence(PPP)),
    group("sprinter", 0, Some(1), Content::Sequence(SPRINTER)),
    group("mpl", 0, Some(1), Content::Sequence(MPL)),
];
const ITEM_LEDGER: &[Field] = &[
    optional("gazdasagiEsem", Text),
    optional("gazdasagiEsemAfa", Text),
    optional("arbevetelFokonyviSzam", Text),
    optional("afaFokonyviSzam", Text),
    optional("elszDatumTol", Date),
    optional("elszDatumIg", Date),
];
const INVOICE_ITEM: &[Field] = &[
    required("megnevezes", Text),
    optional("azonosito", Text),
    required("mennyiseg", Double),
    required("mennyisegiEgyseg", Text),
    required("nettoEgysegar", Double),
    required("afakulcs", Text),
    optional("arresAfaAlap", Double),
    required("nettoErtek", Double),
    required("afaErtek", Double),
    required("bruttoErtek", Double),
    optional("megjegyzes", Text),
    group("tetelFokonyv", 0, Some(1), Content::Sequence(ITEM_LEDGER)),
    optional("torloKod", Integer),
];
const INVOICE_ITEMS: &[Field] = &[group("tetel", 1, None, Content::Sequence(INVOICE_ITEM))];
pub const XMLSZAMLA: &[Field] = &[
    group(
        "beallitasok",
        1,
        Some(1),
        Content::Sequence(INVOICE_SETTINGS),
    ),
    group("fejlec", 1, Some(1), Content::Sequence(INVOICE_HEADER)),
    group("elado", 1, Some(1), Content::Sequence(INVOICE_SELLER)),
    group("vevo", 1, Some(1), Content::Sequence(INVOICE_BUYER)),
    group("fuvarlevel", 0, Some(1), Content::Sequence(WAYBILL)),
    group("tetelek", 1, Some(1), Content::Sequence(INVOICE_ITEMS)),
];

// --- xmlszamlast -----------------------------------------------------------------------
const STORNO_SETTINGS: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    required("eszamla", Boolean),
    required("szamlaLetoltes", Boolean),
    optional("szamlaLetoltesPld", Integer),
    optional("aggregator", Text),
    optional("guardian", Boolean),
    optional("valaszVerzio", Integer),
    optional("szamlaKulsoAzon", Text),
];
const STORNO_HEADER: &[Field] = &[
    required("szamlaszam", Text),
    optional("keltDatum", Date),
    optional("teljesitesDatum", Date),
    optional("megjegyzes", Text),
    optional("tipus", Text),
    optional("szamlaSablon", Text),
];
const STORNO_SELLER: &[Field] = &[
    optional("emailReplyto", Text),
    optional("emailTargy", Text),
    optional("emailSzoveg", Text),
];
const STORNO_BUYER: &[Field] = &[
    optional("email", Text),
    optional("adoszam", Text),
    optional("adoszamEU", Text),
];
pub const XMLSZAMLAST: &[Field] = &[
    group(
        "beallitasok",
        1,
        Some(1),
        Content::Sequence(STORNO_SETTINGS),
    ),
    group("fejlec", 1, Some(1), Content::Sequence(STORNO_HEADER)),
    group("elado", 0, Some(1), Content::Sequence(STORNO_SELLER)),
    group("vevo", 0, Some(1), Content::Sequence(STORNO_BUYER)),
];

// --- xmlszamlakifiz --------------------------------------------------------------------
const PAYMENT_SETTINGS: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    required("szamlaszam", Text),
    optional("adoszam", Text),
    required("additiv", Boolean),
    optional("aggregator", Text),
    optional("valaszVerzio", Integer),
];
const PAYMENT: &[Field] = &[
    required("datum", Date),
    required("jogcim", Text),
    required("osszeg", Double),
    optional("leiras", Text),
];
pub const XMLSZAMLAKIFIZ: &[Field] = &[
    group(
        "beallitasok",
        1,
        Some(1),
        Content::Sequence(PAYMENT_SETTINGS),
    ),
    group("kifizetes", 0, Some(5), Content::Sequence(PAYMENT)),
];

// --- xmlszamlapdf / xmlszamlaxml -------------------------------------------------------
pub const XMLSZAMLAPDF: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    optional("szamlaszam", Text),
    optional("rendelesSzam", Text),
    required("valaszVerzio", Integer),
    optional("szamlaKulsoAzon", Text),
];
pub const XMLSZAMLAXML: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    optional("szamlaszam", Text),
    optional("rendelesSzam", Text),
    optional("pdf", Boolean),
    optional("szamlaKulsoAzon", Text),
];

// --- xmlszamladbkdel -------------------------------------------------------------------
const PROFORMA_SELECTOR: &[Field] = &[optional("szamlaszam", Text), optional("rendelesszam", Text)];
pub const XMLSZAMLADBKDEL: &[Field] = &[
    group("beallitasok", 1, Some(1), Content::Sequence(&LOGIN)),
    group("fejlec", 1, Some(1), Content::Sequence(PROFORMA_SELECTOR)),
];

// --- receipts --------------------------------------------------------------------------
const RECEIPT_SETTINGS: &[Field] = &[
    LOGIN[0],
    LOGIN[1],
    LOGIN[2],
    required("pdfLetoltes", Boolean),
];
const RECEIPT_HEADER: &[Field] = &[
    optional("hivasAzonosito", Text),
    required("elotag", Text),
    required("fizmod", Text),
    required("penznem", Text),
    optional("devizaarf", Double),
    optional("devizabank", Text),
    optional("megjegyzes", Text),
    optional("pdfSablon", Text),
    optional("fokonyvVevo", Text),
    optional("rendelesSzam", Text),
];
const RECEIPT_ITEM_LEDGER: &[Field] = &[optional("arbevetel", Text), optional("afa", Text)];
const RECEIPT_ITEM: &[Field] = &[
    required("megnevezes", Text),
    optional("azonosito", Text),
    required("mennyiseg", Double),
    required("mennyisegiEgyseg", Text),
    required("nettoEgysegar", Double),
    required("afakulcs", Text),
    required("netto", Double),
    required("afa", Double),
    required("brutto", Double),
    group("fokonyv", 0, Some(1), Content::All(RECEIPT_ITEM_LEDGER)),
    optional("megjegyzes", Text),
    optional("torloKod", Integer),
];
const RECEIPT_ITEMS: &[Field] = &[group("tetel", 1, None, Content::All(RECEIPT_ITEM))];
const RECEIPT_TENDER: &[Field] = &[
    required("fizetoeszkoz", Text),
    required("osszeg", Double),
    optional("leiras", Text),
];
const RECEIPT_TENDERS: &[Field] = &[group("kifizetes", 1, None, Content::All(RECEIPT_TENDER))];
pub const XMLNYUGTACREATE: &[Field] = &[
    group("beallitasok", 1, Some(1), Content::All(RECEIPT_SETTINGS)),
    group("fejlec", 1, Some(1), Content::All(RECEIPT_HEADER)),
    group("tetelek", 1, Some(1), Content::Sequence(RECEIPT_ITEMS)),
    group(
        "kifizetesek",
        0,
        Some(1),
        Content::Sequence(RECEIPT_TENDERS),
    ),
];
const RECEIPT_STORNO_HEADER: &[Field] = &[
    required("nyugtaszam", Text),
    optional("pdfSablon", Text),
    optional("hivasAzonosito", Text),
];
pub const XMLNYUGTAST: &[Field] = &[
    group(
        "beallitasok",
        1,
        Some(1),
        Content::Sequence(RECEIPT_SETTINGS),
    ),
    group(
        "fejlec",
        1,
        Some(1),
        Content::Sequence(RECEIPT_STORNO_HEADER),
    ),
];
const RECEIPT_QUERY_HEADER: &[Field] = &[
    optional("nyugtaszam", Text),
    optional("rendelesSzam", Text),
    optional("hivasAzonosito", Text),
    optional("pdfSablon", Text),
];
pub const XMLNYUGTAGET: &[Field] = &[
    group("beallitasok", 1, Some(1), Content::All(RECEIPT_SETTINGS)),
    group("fejlec", 1, Some(1), Content::All(RECEIPT_QUERY_HEADER)),
];
const RECEIPT_EMAIL: &[Field] = &[
    optional("email", Text),
    optional("emailReplyto", Text),
    optional("emailTargy", Text),
    optional("emailSzoveg", Text),
];
pub const XMLNYUGTASEND: &[Field] = &[
    group("beallitasok", 1, Some(1), Content::Sequence(&LOGIN)),
    group(
        "fejlec",
        1,
        Some(1),
        Content::Sequence(&[required("nyugtaszam", Text)]),
    ),
    group("emailKuldes", 0, Some(1), Content::Sequence(RECEIPT_EMAIL)),
];

// --- xmltaxpayer -----------------------------------------------------------------------
pub const XMLTAXPAYER: &[Field] = &[
    group("beallitasok", 1, Some(1), Content::Sequence(&LOGIN)),
    required("torzsszam", TaxNumberPrefix),
];

/// Checks `root` against the declaration of a root element named `root_name`, whose
/// children are `fields` in a sequence, and whose namespace is the service's.
pub fn validate(root: &Element, root_name: &str, fields: &'static [Field]) -> Result<(), String> {
    let namespace = format!("http://www.szamlazz.hu/{root_name}");
    if root.name != root_name || root.namespace.as_deref() != Some(namespace.as_str()) {
        return Err(format!(
            "cvc-elt.1.a: Cannot find the declaration of element '{}'.",
            root.name
        ));
    }
    let content = if root_name == "xmlnyugtacreate" || root_name == "xmlnyugtaget" {
        Content::All(fields)
    } else {
        Content::Sequence(fields)
    };
    check_element(root, content, &namespace)
}

fn check_element(element: &Element, content: Content, namespace: &str) -> Result<(), String> {
    match content {
        Content::Simple(value) => {
            if let Some(child) = element.children.first() {
                return Err(format!(
                    "cvc-type.3.1.2: Element '{}' is a simple type, so it must have no element information item [children], but found '{}'.",
                    element.name, child.name
                ));
            }
            check_value(&element.name, element.text.trim(), value)
        }
        Content::Sequence(fields) => {
            check_no_text(element)?;
            check_sequence(element, fields, namespace)
        }
        Content::All(fields) => {
            check_no_text(element)?;
            check_all(element, fields, namespace)
        }
    }
}

fn check_no_text(element: &Element) -> Result<(), String> {
    if element.text.trim().is_empty() {
        Ok(())
    } else {
        Err(format!(
            "cvc-complex-type.2.3: Element '{}' cannot have character [children], because the type's content type is element-only.",
            element.name
        ))
    }
}

fn expected(fields: &[Field], namespace: &str) -> String {
    let names: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{namespace}\":{}", f.name))
        .collect();
    format!("'{{{}}}'", names.join(", "))
}

fn check_sequence(element: &Element, fields: &[Field], namespace: &str) -> Result<(), String> {
    let mut counts = vec![0u32; fields.len()];
    let mut position = 0usize;
    for child in &element.children {
        let earlier_swappable = (0..position).rev().find(|&earlier| {
            fields[earlier].name == child.name
                && fields[earlier + 1..=position]
                    .iter()
                    .all(|f| f.either_order_with_previous)
        });
        let found = if let Some(earlier) = earlier_swappable {
            Some(earlier)
        } else {
            let mut cursor = position;
            loop {
                match fields.get(cursor) {
                    Some(field) if field.name == child.name => {
                        let full = field.max.is_some_and(|max| counts[cursor] >= max);
                        if !full {
                            break Some(cursor);
                        }
                        if counts[cursor] < field.min {
                            break None;
                        }
                        cursor += 1;
                    }
                    Some(field) if counts[cursor] >= field.min => cursor += 1,
                    _ => break None,
                }
            }
        };
        let Some(index) = found else {
            let start = position.min(fields.len());
            let shown = first_required_window(&fields[start..], &counts[start..]);
            return Err(format!(
                "cvc-complex-type.2.4.a: Invalid content was found starting with element '{}'. One of {} is expected.",
                child.name,
                expected(shown, namespace)
            ));
        };
        counts[index] += 1;
        position = position.max(index);
        check_element(child, fields[index].content, namespace)?;
    }
    if let Some((_, missing)) = fields
        .iter()
        .enumerate()
        .skip(position)
        .find(|(index, field)| counts[*index] < field.min)
    {
        return Err(format!(
            "cvc-complex-type.2.4.b: The content of element '{}' is not complete. One of {} is expected.",
            element.name,
            expected(std::slice::from_ref(missing), namespace)
        ));
    }
    Ok(())
}

/// The fields a validator would list as acceptable next: up to and including the first
/// one still required.
fn first_required_window<'a>(upcoming: &'a [Field], counts: &[u32]) -> &'a [Field] {
    let end = upcoming
        .iter()
        .zip(counts)
        .position(|(field, count)| *count < field.min)
        .map_or(upcoming.len(), |index| index + 1);
    &upcoming[..end]
}

fn check_all(element: &Element, fields: &[Field], namespace: &str) -> Result<(), String> {
    let mut counts = vec![0u32; fields.len()];
    for child in &element.children {
        let index = fields
            .iter()
            .position(|f| f.name == child.name)
            .filter(|&index| fields[index].max.is_none_or(|max| counts[index] < max))
            .ok_or_else(|| {
                format!(
                    "cvc-complex-type.2.4.a: Invalid content was found starting with element '{}'. One of {} is expected.",
                    child.name,
                    expected(fields, namespace)
                )
            })?;
        counts[index] += 1;
        check_element(child, fields[index].content, namespace)?;
    }
    if let Some((_, missing)) = fields
        .iter()
        .enumerate()
        .find(|(index, field)| counts[*index] < field.min)
    {
        return Err(format!(
            "cvc-complex-type.2.4.b: The content of element '{}' is not complete. One of {} is expected.",
            element.name,
            expected(std::slice::from_ref(missing), namespace)
        ));
    }
    Ok(())
}

const LANGUAGES: &[&str] = &[
    "hu", "en", "de", "it", "ro", "sk", "hr", "fr", "es", "cz", "pl", "bg", "nl", "ru", "si",
];

fn check_value(name: &str, text: &str, value: Value) -> Result<(), String> {
    let valid = match value {
        Value::Text => true,
        Value::Boolean => matches!(text, "true" | "false" | "1" | "0"),
        Value::Integer => {
            let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        Value::Double => crate::amounts::parse_xsd_double(text).is_some(),
        Value::Date => text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok(),
        Value::Language => LANGUAGES.contains(&text),
        Value::TaxNumberPrefix => {
            if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
                true
            } else {
                return Err(format!(
                    "cvc-pattern-valid: Value '{text}' is not facet-valid with respect to pattern '[0-9]{{8}}' for type 'torszszamTipus'."
                ));
            }
        }
    };
    if valid {
        Ok(())
    } else {
        let type_name = match value {
            Value::Boolean => "boolean",
            Value::Integer => "integer",
            Value::Double => "double",
            Value::Date => "date",
            Value::Language => "szamlaNyelveTipus",
            Value::Text | Value::TaxNumberPrefix => "string",
        };
        Err(format!(
            "cvc-datatype-valid.1.2.1: '{text}' is not a valid value for '{type_name}'. (element '{name}')"
        ))
    }
}
