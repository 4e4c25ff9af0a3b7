//! Accounts, seller data and the NAV taxpayer table the sandbox answers from.

use serde::{Deserialize, Serialize};

use crate::faults::FaultRule;

/// Everything configured at start (`--config accounts.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub accounts: Vec<Account>,
    /// Answers of `xmltaxpayer`, by eight-digit tax number prefix (`torzsszam`).
    #[serde(default)]
    pub taxpayers: Vec<Taxpayer>,
    /// PayBill stores of the gateway emulation (`/api/payment/`).
    #[serde(default)]
    pub paybill_stores: Vec<crate::paybill::Store>,
    /// Számlahegy accounts (`/api/v1/…`).
    #[serde(default)]
    pub szamlahegy_accounts: Vec<crate::szamlahegy::Account>,
}

/// One Számlázz.hu account reachable with an agent key (or username and password).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub agent_key: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// Off: e-invoices (`eszamla=true`) are refused with 54.
    #[serde(default = "enabled")]
    pub e_invoicing: bool,
    /// Registered invoice number prefixes; the first is used when a request names none.
    /// An unregistered `szamlaszamElotag` is refused with 202.
    pub prefixes: Vec<String>,
    /// The account setting "Rendelésszám ismétlődés tiltása": a repeated order number on
    /// a live document of the same kind is refused with 71.
    #[serde(default)]
    pub forbid_duplicate_order_numbers: bool,
    pub seller: Seller,
    /// Fault rules that always apply to this account's requests (see `faults`).
    #[serde(default)]
    pub faults: Vec<FaultRule>,
}

fn enabled() -> bool {
    true
}

/// The issuer printed on invoices and returned in `szamla/szallito`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub country: String,
    pub zip: String,
    pub city: String,
    pub address: String,
    pub tax_number: String,
    #[serde(default)]
    pub eu_tax_number: Option<String>,
    pub bank: String,
    pub bank_account: String,
}

/// One row of the NAV taxpayer table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Taxpayer {
    pub prefix: String,
    pub name: String,
    pub vat_code: String,
    pub country_code: String,
    pub postal_code: String,
    pub city: String,
    pub street_name: String,
    pub public_place_category: String,
    pub number: String,
}

/// The agent key of the default demo account.
pub const DEMO_AGENT_KEY: &str = "sandbox-demo-agent-key";
/// A second default account: e-invoicing off, repeated order numbers forbidden.
pub const STRICT_AGENT_KEY: &str = "sandbox-strict-agent-key";

impl Default for Config {
    fn default() -> Self {
        let seller = Seller {
            name: "Sandbox Demó Kft.".to_owned(),
            country: "Magyarország".to_owned(),
            zip: "1111".to_owned(),
            city: "Budapest".to_owned(),
            address: "Bartók Béla út 1.".to_owned(),
            tax_number: "12345678-2-41".to_owned(),
            eu_tax_number: Some("HU12345678".to_owned()),
            bank: "Példa Bank Zrt.".to_owned(),
            bank_account: "11111111-22222222-33333333".to_owned(),
        };
        Self {
            paybill_stores: crate::paybill::default_stores(),
            szamlahegy_accounts: crate::szamlahegy::default_accounts(&seller),
            accounts: vec![
                Account {
                    agent_key: DEMO_AGENT_KEY.to_owned(),
                    username: Some("demo".to_owned()),
                    password: Some("demo".to_owned()),
                    e_invoicing: true,
                    prefixes: vec!["SBX".to_owned(), "WEB".to_owned()],
                    forbid_duplicate_order_numbers: false,
                    seller: seller.clone(),
                    faults: Vec::new(),
                },
                Account {
                    agent_key: STRICT_AGENT_KEY.to_owned(),
                    username: None,
                    password: None,
                    e_invoicing: false,
                    prefixes: vec!["STR".to_owned()],
                    forbid_duplicate_order_numbers: true,
                    seller: Seller {
                        name: "Szigorú Őrző Bt.".to_owned(),
                        ..seller
                    },
                    faults: Vec::new(),
                },
            ],
            taxpayers: vec![
                Taxpayer {
                    prefix: "13421739".to_owned(),
                    name: "KBOSS.HU KERESKEDELMI ÉS SZOLGÁLTATÓ KORLÁTOLT FELELŐSSÉGŰ TÁRSASÁG"
                        .to_owned(),
                    vat_code: "2".to_owned(),
                    country_code: "HU".to_owned(),
                    postal_code: "1031".to_owned(),
                    city: "BUDAPEST".to_owned(),
                    street_name: "ZÁHONY".to_owned(),
                    public_place_category: "UTCA".to_owned(),
                    number: "7.".to_owned(),
                },
                Taxpayer {
                    prefix: "12345678".to_owned(),
                    name: "PÉLDA ŰRHAJÓ KERESKEDELMI KORLÁTOLT FELELŐSSÉGŰ TÁRSASÁG".to_owned(),
                    vat_code: "2".to_owned(),
                    country_code: "HU".to_owned(),
                    postal_code: "4024".to_owned(),
                    city: "DEBRECEN".to_owned(),
                    street_name: "PIAC".to_owned(),
                    public_place_category: "UTCA".to_owned(),
                    number: "1.".to_owned(),
                },
            ],
        }
    }
}

impl Config {
    /// Reads a configuration file (the JSON shape of [`Config`]).
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let config: Self = serde_json::from_str(&text)
            .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
        if config.accounts.iter().any(|a| a.prefixes.is_empty()) {
            return Err(format!(
                "{}: every account needs at least one prefix",
                path.display()
            ));
        }
        Ok(config)
    }

    /// The account logging in with these credentials.
    pub fn account(&self, login: &Login) -> Option<&Account> {
        self.accounts.iter().find(|account| match login {
            Login::AgentKey(key) => account.agent_key == *key,
            // The service also accepts the agent key in both user fields.
            Login::UserPassword(user, password) => {
                (account.username.as_deref() == Some(user.as_str())
                    && account.password.as_deref() == Some(password.as_str()))
                    || (account.agent_key == *user && account.agent_key == *password)
            }
        })
    }
}

/// Credentials as a request carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    AgentKey(String),
    UserPassword(String, String),
}

impl Login {
    /// Reads the credentials from the element that holds them (`beallitasok`, or the
    /// root for `xmlszamlapdf`/`xmlszamlaxml`).
    pub fn from_element(holder: &crate::xml::Element) -> Option<Self> {
        if let Some(key) = holder.text_of("szamlaagentkulcs") {
            return Some(Self::AgentKey(key.to_owned()));
        }
        Some(Self::UserPassword(
            holder.text_of("felhasznalo")?.to_owned(),
            holder.text_of("jelszo")?.to_owned(),
        ))
    }
}
