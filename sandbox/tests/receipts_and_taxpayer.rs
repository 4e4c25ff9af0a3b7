//! Receipt and taxpayer operations driven by szamlazz-agent requests.

mod common;

use common::*;
use szamlazz_agent::ops::receipt::{
    CreateReceipt, QueryReceipt, ReceiptEmail, ReceiptSelector, SendReceipt, StornoReceipt,
};
use szamlazz_agent::ops::taxpayer::QueryTaxpayer;
use szamlazz_agent::types::ReceiptNumber;
use szamlazz_agent::{Currency, PaymentMethod};

fn receipt(prefix: &str, call_id: &str) -> CreateReceipt {
    CreateReceipt {
        call_id: Some(call_id.to_owned()),
        order_number: Some("ORD-R".to_owned()),
        download_pdf: true,
        ..CreateReceipt::new(
            prefix,
            PaymentMethod::Cash,
            Currency::HUF,
            vec![item("Kávé", 2, 500)],
        )
    }
}

#[test]
fn receipt_lifecycle_and_refusals() {
    let sandbox = start();
    let year = today().year();
    let created = send(&sandbox, &receipt("NYGTA", "call-1"), &demo()).unwrap();
    assert_eq!(created.receipt_number.as_str(), format!("NYGTA-{year}-1"));
    assert_eq!(created.call_id.as_deref(), Some("call-1"));

    assert_eq!(
        code(&send(&sandbox, &receipt("NYGTA", "call-1"), &demo()).unwrap_err()),
        "338"
    );
    assert_eq!(
        code(&send(&sandbox, &receipt("bad!", "call-2"), &demo()).unwrap_err()),
        "337"
    );
    assert_eq!(
        code(&send(&sandbox, &receipt("SBX", "call-3"), &demo()).unwrap_err()),
        "336"
    );

    let found = send(
        &sandbox,
        &QueryReceipt::new(ReceiptSelector::OrderNumber("ORD-R".into())),
        &demo(),
    )
    .unwrap();
    assert_eq!(found.receipt_number, created.receipt_number);
    let missing = ReceiptSelector::ReceiptNumber(ReceiptNumber::new("NYGTA-1999-9"));
    assert_eq!(
        code(&send(&sandbox, &QueryReceipt::new(missing), &demo()).unwrap_err()),
        "339"
    );

    let mut email = SendReceipt::new(created.receipt_number.clone());
    email.email = Some(ReceiptEmail {
        to: Some("vevo@example.invalid".into()),
        ..ReceiptEmail::default()
    });
    send(&sandbox, &email, &demo()).unwrap();
    assert_eq!(
        code(
            &send(
                &sandbox,
                &SendReceipt::new(ReceiptNumber::new("NYGTA-1999-9")),
                &demo()
            )
            .unwrap_err()
        ),
        "339"
    );

    let reversal = send(
        &sandbox,
        &StornoReceipt::new(created.receipt_number.clone()),
        &demo(),
    )
    .unwrap();
    assert_eq!(
        reversal.reversed_receipt_number,
        Some(created.receipt_number.clone())
    );
    let original = send(
        &sandbox,
        &QueryReceipt::new(ReceiptSelector::ReceiptNumber(
            created.receipt_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    assert!(original.reversed);
    sandbox.stop();
}

#[test]
fn taxpayer_table() {
    let sandbox = start();
    let known = send(&sandbox, &QueryTaxpayer::new("13421739").unwrap(), &demo()).unwrap();
    assert_eq!(known.valid, Some(true));
    assert!(known.name.unwrap().contains("FELELŐSSÉGŰ"));
    let unknown = send(&sandbox, &QueryTaxpayer::new("99999999").unwrap(), &demo()).unwrap();
    assert_eq!(unknown.valid, Some(false));
}
