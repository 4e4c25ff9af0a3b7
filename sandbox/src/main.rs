//! `libinvoice-sandbox`: serves the Számla Agent stand-in on a loopback port.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use libinvoice_sandbox::{Config, Sandbox, ServerOptions, Service};

const HELP: &str = "\
libinvoice-sandbox — offline stand-in for the Számlázz.hu Számla Agent, PayBill and Számlahegy

USAGE:
    libinvoice-sandbox [--listen ADDR] [--workers N] [--config FILE] [--state FILE]
    libinvoice-sandbox --print-default-config

OPTIONS:
    --listen ADDR        Address to serve on (default 127.0.0.1:0; port 0 picks a free
                         port). Prints `listening on http://ADDR/szamla/` when ready.
    --workers N          Worker threads, one per open connection (default 4).
    --config FILE        Accounts and taxpayers as JSON (default: the built-in demo
                         config, see --print-default-config).
    --state FILE         Keep documents in this JSON file: loaded at start when it
                         exists, rewritten after every change.
    --print-default-config
                         Print the built-in configuration and exit.
    -h, --help           This text.

ACCOUNTS (--config):
    {\"accounts\": [{\"agent_key\": \"…\", \"username\": \"…\", \"password\": \"…\",
                   \"e_invoicing\": true, \"prefixes\": [\"SBX\"],
                   \"forbid_duplicate_order_numbers\": false,
                   \"seller\": {\"name\": \"…\", \"country\": \"…\", \"zip\": \"…\", \"city\": \"…\",
                              \"address\": \"…\", \"tax_number\": \"…\", \"bank\": \"…\",
                              \"bank_account\": \"…\"},
                   \"faults\": []}],
     \"taxpayers\": [{\"prefix\": \"12345678\", \"name\": \"…\", \"vat_code\": \"2\", …}]}
    Built-in demo accounts: agent key `sandbox-demo-agent-key` (user demo/demo,
    prefixes SBX and WEB, e-invoicing on) and `sandbox-strict-agent-key` (prefix STR,
    e-invoicing off, repeated order numbers refused with 71).

ENDPOINTS:
    POST   /szamla/          The Agent: multipart/form-data, field name selects the
                             operation (action-xmlagentxmlfile, action-szamla_agent_st, …).
    POST   /control/faults   Add fault rules (one JSON object or an array).
    GET    /control/faults   List active rules.   DELETE /control/faults: remove all.
    GET    /control/state    All documents as JSON. DELETE /control/state: forget all.
    POST   /api/payment/     PayBill: Basic auth storeName:apiKey, form method=Invoice and
                             json={\"TransactionId\", \"InvoiceData\"}; issued by the Agent
                             account named in InvoiceData/beallitasok.
    POST   /control/paybill/transactions
                             {\"store\": \"sdk_test\", \"currency\": \"HUF\", \"successful\": true}
                             → {\"transaction_id\": \"<32 hex>\"}.
    POST   /api/v1/invoices  Számlahegy: {\"api_key\", \"invoice\"}; key and caller IP must match.
    GET    /api/v1/invoices?foreign_id=ID   Számlahegy lookup (Authorization: Bearer KEY).
    GET    /user/invoices/download/GUID     Számlahegy PDF (Authorization: Bearer KEY).

PAYBILL AND SZÁMLAHEGY (--config \"paybill_stores\", \"szamlahegy_accounts\"):
    Stores: sdk_test / 86af3-80e4f-f8228-9498f-910ad (loopback allowed); sandbox-inactive,
    sandbox-no-paybill, sandbox-no-address, sandbox-remote-only (key <name>-key) reach the
    refusals. Számlahegy keys: sandbox-szamlahegy-key (loopback allowed),
    sandbox-szamlahegy-remote-only-key (only 192.0.2.10 allowed: 403 locally).

FAULTS:
    {\"kind\": K, \"operation\": OP?, \"agent_key\": KEY?, \"count\": N?}
    K: delay (with \"ms\"), close_before_answer, close_after_commit (document stored,
    answer lost), http_status (with \"status\", e.g. 500 or 502), html_page,
    truncated_xml (document stored, half an answer), maintenance (code 1 + szlahu_down).
    OP: a form field (action-xmlagentxmlfile) or XML root (xmlszamla); paybill_invoice,
    szamlahegy_create, szamlahegy_lookup, szamlahegy_pdf for the others. Without count a
    rule hits every matching request; accounts may carry permanent rules in \"faults\".
";

struct Arguments {
    options: ServerOptions,
    config: Option<PathBuf>,
    state: Option<PathBuf>,
}

fn parse_arguments() -> Result<Option<Arguments>, String> {
    let mut arguments = Arguments {
        options: ServerOptions::default(),
        config: None,
        state: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return Ok(None);
            }
            "--print-default-config" => {
                let text =
                    serde_json::to_string_pretty(&Config::default()).map_err(|e| e.to_string())?;
                println!("{text}");
                return Ok(None);
            }
            "--listen" => {
                let text = value("--listen")?;
                arguments.options.listen = text
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--listen {text}: {e}"))?;
            }
            "--workers" => {
                let text = value("--workers")?;
                arguments.options.workers = text
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--workers {text}: expected a positive number"))?;
            }
            "--config" => arguments.config = Some(PathBuf::from(value("--config")?)),
            "--state" => arguments.state = Some(PathBuf::from(value("--state")?)),
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
    }
    Ok(Some(arguments))
}

fn run() -> Result<(), String> {
    let Some(arguments) = parse_arguments()? else {
        return Ok(());
    };
    let config = match &arguments.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let service = Service::new(config, arguments.state)?;
    let sandbox =
        Sandbox::start(service, &arguments.options).map_err(|e| format!("cannot listen: {e}"))?;
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on {}", sandbox.url());
    let _ = stdout.flush();
    // Serves until the process is stopped.
    loop {
        std::thread::park();
    }
}

fn main() {
    if let Err(message) = run() {
        eprintln!("libinvoice-sandbox: {message}");
        std::process::exit(2);
    }
}
