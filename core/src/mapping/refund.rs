//! Refunds → what the service needs to undo them: a full refund reverses the invoice (storno),
//! a partial one becomes a corrective invoice with the refunded lines negated.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::build_document;
use crate::document::{DocumentKind, InvoiceDocument};
use crate::error::MappingError;
use crate::order::Order;
use crate::settings::ShopSettings;

/// What a refund requires of the invoice already issued for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundDocument<'a> {
    /// Everything was refunded: reverse the original invoice.
    Storno { original_number: String },
    /// Part was refunded: issue this corrective invoice.
    Corrective(Box<InvoiceDocument<'a>>),
}

/// Maps refund `refund_id` of `order`, whose invoice is `original_number`.
pub fn map_refund<'a>(
    order: &'a Order,
    refund_id: &str,
    settings: &'a ShopSettings,
    issue_date: Date,
    original_number: &str,
) -> Result<RefundDocument<'a>, MappingError> {
    let (index, refund) = order
        .refunds
        .iter()
        .enumerate()
        .find(|(_, refund)| refund.id == refund_id)
        .ok_or_else(|| {
            MappingError::new("refunds", format!("the order has no refund `{refund_id}`"))
        })?;
    let path = format!("refunds[{index}]");
    if refund.amount <= Decimal::ZERO || refund.amount > order.totals.total {
        return Err(MappingError::new(
            format!("{path}.amount"),
            format!(
                "refund {} must be positive and at most the order total {}",
                refund.amount, order.totals.total
            ),
        ));
    }
    if refund.amount == order.totals.total {
        return Ok(RefundDocument::Storno {
            original_number: original_number.to_owned(),
        });
    }
    if refund.lines.is_empty() {
        return Err(MappingError::new(
            format!("{path}.lines"),
            "a partial refund needs the refunded lines to build a corrective invoice",
        ));
    }
    let kind = DocumentKind::Corrective {
        original_number: original_number.to_owned(),
    };
    build_document(
        order,
        settings,
        issue_date,
        kind,
        -refund.amount,
        |context| context.refund_lines(refund, &path),
    )
    .map(|document| RefundDocument::Corrective(Box::new(document)))
}
