//! Order lines → invoice lines: the VAT rate from the shop's tax data, shipping and fees split
//! per rate, and the documented rounding order applied to every line.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::buyer::BuyerTax;
use crate::document::{Line, TaxStatus, VatRate};
use crate::error::{FieldPath, MappingError};
use crate::money::{Currency, div_half_away, normalized, pow10, round_half_away};
use crate::order::{Order, Refund, TaxAmount};
use crate::settings::{
    DiscountDisplay, RoundingPolicy, ShopSettings, VatPolicy, is_hungarian_rate,
};

/// The rounding order chosen for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingOrder {
    NetFirst,
    GrossFirst,
}

impl RoundingOrder {
    pub fn for_buyer(policy: RoundingPolicy, status: TaxStatus) -> Self {
        let net_first = match policy {
            RoundingPolicy::NetFirst => true,
            RoundingPolicy::GrossFirst => false,
            RoundingPolicy::Auto => status.is_business(),
        };
        if net_first {
            Self::NetFirst
        } else {
            Self::GrossFirst
        }
    }
}

/// One priced piece of the order at a single VAT rate, as the shop computed it (unrounded to
/// the invoice's scale).
#[derive(Debug, Clone)]
pub struct Charge<'a> {
    pub name: Cow<'a, str>,
    pub sku: Option<&'a str>,
    pub quantity: Decimal,
    pub unit: &'a str,
    pub vat_rate: VatRate,
    pub net: Decimal,
    pub tax: Decimal,
}

/// Everything the line rules need besides the order.
pub struct LineContext<'a> {
    pub order: &'a Order,
    pub settings: &'a ShopSettings,
    /// The buyer's tax status and whether they are outside the EU: what decides a 0% code.
    pub buyer_status: TaxStatus,
    pub buyer_outside_eu: bool,
    pub currency: Currency,
    pub rounding: RoundingOrder,
    /// The order's tax rates, resolved once: most lines share a few of them.
    rates: Vec<OrderRate<'a>>,
}

/// One of the order's tax rates, with its `afakulcs` when that does not depend on the line: a
/// non-zero rate the shop may invoice. (A 0% code depends on the line's tax class, and a refused
/// rate is refused with the path of a line that uses it.)
struct OrderRate<'a> {
    id: &'a str,
    percent: Decimal,
    vat_rate: Option<VatRate>,
}

/// What a line's VAT rate is for the 0% rules: goods or services.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Supply {
    Goods,
    Services,
}

/// The `afakulcs` of a non-zero shop rate, or why the shop cannot invoice it.
fn percent_rate(policy: &VatPolicy, percent: Decimal) -> Result<VatRate, String> {
    if policy.subject_exempt_seller {
        return Err(format!(
            "a subject-exempt (AAM) seller charged {percent}% VAT"
        ));
    }
    let normalized = percent.normalize();
    if !is_hungarian_rate(normalized) && !policy.oss {
        return Err(format!(
            "{percent}% is not a Hungarian VAT rate; enable settings.vat.oss to invoice another member state's VAT"
        ));
    }
    Ok(VatRate::Percent(normalized))
}

impl<'a> LineContext<'a> {
    pub fn new(
        order: &'a Order,
        settings: &'a ShopSettings,
        buyer: &BuyerTax,
        rounding: RoundingOrder,
    ) -> Self {
        let rates = order
            .tax_rates
            .iter()
            .map(|rate| OrderRate {
                id: &rate.id,
                percent: rate.rate_percent,
                vat_rate: (!rate.rate_percent.is_zero())
                    .then(|| percent_rate(&settings.vat, rate.rate_percent).ok())
                    .flatten(),
            })
            .collect();
        Self {
            order,
            settings,
            buyer_status: buyer.status,
            buyer_outside_eu: buyer.outside_eu,
            currency: order.currency,
            rounding,
            rates,
        }
    }

    /// The invoice line for a charge, in the document's rounding order.
    pub fn line(&self, charge: Charge<'a>) -> Line<'a> {
        to_line(charge, self.rounding, self.currency)
    }

    /// The `afakulcs` for a shop rate, or the 0% code the shop's policy gives.
    fn vat_rate(
        &self,
        percent: Decimal,
        tax_class: Option<&str>,
        path: &FieldPath<'_>,
    ) -> Result<VatRate, MappingError> {
        let policy = &self.settings.vat;
        if !percent.is_zero() {
            return percent_rate(policy, percent).map_err(|reason| MappingError::new(path, reason));
        }
        if policy.subject_exempt_seller {
            return Ok(VatRate::Code("AAM".to_owned()));
        }
        let class = tax_class.unwrap_or_default();
        if let Some(code) = policy.zero_rate_by_tax_class.get(class) {
            return Ok(VatRate::Code(code.clone()));
        }
        let supply = if policy.service_tax_classes.iter().any(|c| c == class) {
            Supply::Services
        } else {
            Supply::Goods
        };
        let code = match self.buyer_status {
            TaxStatus::EuBusiness if supply == Supply::Goods => Some(&policy.eu_business_goods),
            TaxStatus::EuBusiness => Some(&policy.eu_business_services),
            _ if self.buyer_outside_eu => Some(&policy.outside_eu),
            _ => policy.domestic.as_ref(),
        };
        code.map(|code| VatRate::Code(code.clone())).ok_or_else(|| {
            MappingError::new(
                path,
                format!("a 0% line needs a VAT code: set settings.vat.zero_rate_by_tax_class[\"{class}\"] or settings.vat.domestic"),
            )
        })
    }

    /// The `afakulcs` of a line taxed at `rate` (`None`: untaxed).
    fn line_vat_rate(
        &self,
        rate: Option<&OrderRate<'_>>,
        tax_class: Option<&str>,
        path: &FieldPath<'_>,
    ) -> Result<VatRate, MappingError> {
        match rate {
            Some(OrderRate {
                vat_rate: Some(vat_rate),
                ..
            }) => Ok(vat_rate.clone()),
            _ => self.vat_rate(
                rate.map_or(Decimal::ZERO, |rate| rate.percent),
                tax_class,
                path,
            ),
        }
    }

    /// The order's rate a tax entry refers to.
    fn rate(&self, tax: &TaxAmount, path: &FieldPath<'_>) -> Result<&OrderRate<'a>, MappingError> {
        self.rates
            .iter()
            .find(|rate| same_id(rate.id, &tax.rate_id))
            .ok_or_else(|| {
                MappingError::new(
                    path.field("rate_id"),
                    format!(
                        "refers to tax rate `{}`, which the order does not list",
                        tax.rate_id
                    ),
                )
            })
    }

    /// Checks that a shop's tax amount is the rate applied to the net, within one minor unit.
    fn check_tax(
        &self,
        net: Decimal,
        tax: Decimal,
        percent: Decimal,
        path: &FieldPath<'_>,
    ) -> Result<(), MappingError> {
        let tolerance = self.currency.minor_unit();
        let differs = exact_tax_differs(net, tax, percent, tolerance)
            .unwrap_or_else(|| (percent_of(net, percent) - tax).abs() > tolerance);
        if differs {
            return Err(tax_mismatch(net, tax, percent, path));
        }
        Ok(())
    }

    /// A product line: one charge at the single rate its taxes name, as an invoice line; and the
    /// discounts per rate when they are shown as lines of their own.
    pub fn product_lines(&self) -> Result<(Vec<Line<'a>>, Vec<Charge<'a>>), MappingError> {
        // Room for the shipping and fee lines that follow, so the products are not moved.
        let mut products = Vec::with_capacity(
            self.order.line_items.len()
                + self.order.shipping_lines.len()
                + self.order.fee_lines.len(),
        );
        let mut discounts: Vec<Charge> = Vec::new();
        let separate = self.settings.discounts == DiscountDisplay::SeparateLines;
        let line_items = FieldPath::Root("line_items");
        for (index, item) in self.order.line_items.iter().enumerate() {
            let path = line_items.index(index);
            if item.quantity <= Decimal::ZERO {
                return Err(MappingError::new(
                    path.field("quantity"),
                    format!("quantity {} must be positive", item.quantity),
                ));
            }
            let name = trimmed(&item.name);
            if name.is_empty() {
                return Err(MappingError::new(path.field("name"), "a line needs a name"));
            }
            let rate = self.single_rate(&item.taxes, &path)?;
            let vat_rate =
                self.line_vat_rate(rate, item.tax_class.as_deref(), &path.field("taxes"))?;
            let (net, tax) = if separate {
                (item.subtotal, item.subtotal_tax)
            } else {
                (item.total, item.total_tax)
            };
            self.check_tax(net, tax, vat_rate.percent(), &path.field("total_tax"))?;
            if separate && (item.subtotal != item.total || item.subtotal_tax != item.total_tax) {
                let discount = Charge {
                    name: Cow::Borrowed(&self.settings.labels.discount),
                    sku: None,
                    quantity: Decimal::ONE,
                    unit: &self.settings.labels.service_unit,
                    vat_rate: vat_rate.clone(),
                    net: item.total - item.subtotal,
                    tax: item.total_tax - item.subtotal_tax,
                };
                match discounts.iter_mut().find(|d| d.vat_rate == vat_rate) {
                    Some(existing) => {
                        existing.net += discount.net;
                        existing.tax += discount.tax;
                    }
                    None => discounts.push(discount),
                }
            }
            products.push(self.line(Charge {
                name: Cow::Borrowed(name),
                sku: non_blank(item.sku.as_deref()),
                quantity: item.quantity,
                unit:
                    non_blank(item.unit.as_deref()).unwrap_or(&self.settings.invoice.default_unit),
                vat_rate,
                net,
                tax,
            }));
        }
        Ok((products, discounts))
    }

    /// Shipping lines (free ones left out), then fees, each split per VAT rate, onto `lines`.
    pub fn shipping_and_fee_lines(&self, lines: &mut Vec<Line<'a>>) -> Result<(), MappingError> {
        let shipping_lines = FieldPath::Root("shipping_lines");
        for (index, shipping) in self.order.shipping_lines.iter().enumerate() {
            if shipping.total.is_zero() && shipping.total_tax.is_zero() {
                continue;
            }
            let name = labelled(&self.settings.labels.shipping, &shipping.method_title);
            self.push_split_lines(
                &name,
                shipping.total,
                shipping.total_tax,
                &shipping.taxes,
                None,
                &shipping_lines.index(index),
                lines,
            )?;
        }
        let fee_lines = FieldPath::Root("fee_lines");
        for (index, fee) in self.order.fee_lines.iter().enumerate() {
            let path = fee_lines.index(index);
            if fee.name.trim().is_empty() {
                return Err(MappingError::new(path.field("name"), "a fee needs a name"));
            }
            self.push_split_lines(
                &labelled(&self.settings.labels.fee, &fee.name),
                fee.total,
                fee.total_tax,
                &fee.taxes,
                fee.tax_class.as_deref(),
                &path,
                lines,
            )?;
        }
        Ok(())
    }

    /// The refunded lines of a partial refund, negated: what a corrective invoice subtracts.
    pub fn refund_lines(
        &self,
        refund: &'a Refund,
        path: &str,
    ) -> Result<Vec<Line<'a>>, MappingError> {
        let mut lines = Vec::with_capacity(refund.lines.len());
        let refund_path = FieldPath::Root(path);
        let lines_path = refund_path.field("lines");
        for (index, line) in refund.lines.iter().enumerate() {
            let path = lines_path.index(index);
            if line.quantity <= Decimal::ZERO {
                return Err(MappingError::new(
                    path.field("quantity"),
                    format!("refunded quantity {} must be positive", line.quantity),
                ));
            }
            let rate = self.single_rate(&line.taxes, &path)?;
            let vat_rate = self.line_vat_rate(rate, None, &path.field("taxes"))?;
            self.check_tax(
                line.total,
                line.total_tax,
                vat_rate.percent(),
                &path.field("total_tax"),
            )?;
            lines.push(self.line(Charge {
                name: Cow::Borrowed(line.name.trim()),
                sku: None,
                quantity: -line.quantity,
                unit: &self.settings.invoice.default_unit,
                vat_rate,
                net: -line.total,
                tax: -line.total_tax,
            }));
        }
        Ok(lines)
    }

    /// The one rate of a product line (a product cannot carry two VAT rates); `None`: untaxed.
    fn single_rate(
        &self,
        taxes: &[TaxAmount],
        path: &FieldPath<'_>,
    ) -> Result<Option<&OrderRate<'a>>, MappingError> {
        let taxes_path = path.field("taxes");
        let mut found: Option<&OrderRate<'a>> = None;
        for (index, tax) in taxes.iter().enumerate() {
            let rate = self.rate(tax, &taxes_path.index(index))?;
            match found {
                Some(previous) if previous.percent != rate.percent && !tax.total.is_zero() => {
                    return Err(MappingError::new(
                        taxes_path,
                        format!(
                            "a product line carries several VAT rates ({}% and {}%)",
                            previous.percent, rate.percent
                        ),
                    ));
                }
                Some(_) => {}
                None => found = Some(rate),
            }
        }
        Ok(found)
    }

    /// A shipping or fee line onto `lines`, one line per rate its tax is split over. The net of
    /// each part is its tax grossed back at its own rate; a net the taxed parts do not explain
    /// goes to a listed 0% part, or is refused beyond rounding.
    // `name` is a `Cow` so that each line's copy of a borrowed name stays borrowed.
    #[allow(clippy::too_many_arguments, clippy::ptr_arg)]
    fn push_split_lines(
        &self,
        name: &Cow<'a, str>,
        net: Decimal,
        total_tax: Decimal,
        taxes: &[TaxAmount],
        tax_class: Option<&str>,
        path: &FieldPath<'_>,
        lines: &mut Vec<Line<'a>>,
    ) -> Result<(), MappingError> {
        let charge = |vat_rate: VatRate, net: Decimal, tax: Decimal| Charge {
            name: name.clone(),
            sku: None,
            quantity: Decimal::ONE,
            unit: &self.settings.labels.service_unit,
            vat_rate,
            net,
            tax,
        };
        let taxes_path = path.field("taxes");
        let unit = self.currency.minor_unit();
        let check_sum = |tax_sum: Decimal| {
            if (tax_sum - total_tax).abs() > unit {
                return Err(MappingError::new(
                    taxes_path,
                    format!("the taxes add up to {tax_sum}, but total_tax is {total_tax}"),
                ));
            }
            Ok(())
        };
        // One rate, the usual case, without collecting the parts.
        if let [tax] = taxes {
            let tax_path = taxes_path.index(0);
            let rate =
                self.line_vat_rate(Some(self.rate(tax, &tax_path)?), tax_class, &tax_path)?;
            check_sum(tax.total)?;
            self.check_tax(net, tax.total, rate.percent(), &path.field("total_tax"))?;
            lines.push(self.line(charge(rate, net, tax.total)));
            return Ok(());
        }
        let mut parts: Vec<(VatRate, Decimal)> = Vec::new();
        for (index, tax) in taxes.iter().enumerate() {
            let tax_path = taxes_path.index(index);
            let rate = self.rate(tax, &tax_path)?;
            parts.push((
                self.line_vat_rate(Some(rate), tax_class, &tax_path)?,
                tax.total,
            ));
        }
        check_sum(parts.iter().map(|(_, tax)| *tax).sum())?;
        if parts.is_empty() {
            let rate = self.vat_rate(Decimal::ZERO, tax_class, &taxes_path)?;
            lines.push(self.line(charge(rate, net, Decimal::ZERO)));
            return Ok(());
        }
        let mut charges: Vec<Charge> = Vec::new();
        let mut zero_part: Option<VatRate> = None;
        for (rate, tax) in parts {
            if rate.percent().is_zero() {
                zero_part = Some(rate);
                continue;
            }
            let part_net = round_half_away(tax * Decimal::ONE_HUNDRED / rate.percent(), 2);
            charges.push(charge(rate, part_net, tax));
        }
        let mut remainder = net - charges.iter().map(|c| c.net).sum::<Decimal>();
        match zero_part {
            Some(rate) if !remainder.is_zero() => {
                charges.push(charge(rate, remainder, Decimal::ZERO));
            }
            Some(_) => {}
            None => {
                // A tax rounded to the minor unit pins its net only to within half a unit grossed
                // back at the rate (10 Ft at 5%): spread the rounding remainder within those
                // bounds, widest first.
                let mut widest_first: Vec<usize> = (0..charges.len()).collect();
                widest_first.sort_by_key(|&index| charges[index].vat_rate.percent());
                for index in widest_first {
                    let part = &mut charges[index];
                    let slack = unit * Decimal::ONE_HUNDRED
                        / (Decimal::TWO * part.vat_rate.percent())
                        + unit;
                    let taken = remainder.clamp(-slack, slack);
                    part.net += taken;
                    remainder -= taken;
                }
                if !remainder.is_zero() {
                    return Err(MappingError::new(
                        path.field("total"),
                        format!(
                            "net {net} cannot be split over the rates: their taxes leave {remainder} unexplained"
                        ),
                    ));
                }
            }
        }
        lines.extend(charges.into_iter().map(|charge| self.line(charge)));
        Ok(())
    }
}

/// Whether two ids are the same text. Tax rate ids are a few digits: comparing them byte by byte
/// inline costs less than the call to `memcmp` that `==` makes.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(a, b)| a == b)
}

/// The text, unless it is absent, empty or only whitespace.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !trimmed(text).is_empty())
}

/// `text.trim()`, without decoding characters when both ends are ASCII above the space (none of
/// which is whitespace), as product names and SKUs almost always are.
pub(super) fn trimmed(text: &str) -> &str {
    let plain = |byte: Option<&u8>| byte.is_some_and(|&byte| byte > b' ' && byte.is_ascii());
    let bytes = text.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// A line name: the shop's label with the order's own title in brackets, either alone when the
/// other is empty.
fn labelled<'a>(label: &'a str, title: &'a str) -> Cow<'a, str> {
    match (label.trim(), title.trim()) {
        (label, "") => Cow::Borrowed(label),
        ("", title) => Cow::Borrowed(title),
        (label, title) => Cow::Owned([label, " (", title, ")"].concat()),
    }
}

/// The error of a tax that is not its rate of the net. Out of line and cold: building it is
/// rare, and inlined it made every checked line pay for its frame.
#[cold]
#[inline(never)]
fn tax_mismatch(
    net: Decimal,
    tax: Decimal,
    percent: Decimal,
    path: &FieldPath<'_>,
) -> MappingError {
    // Shown as the division spells it (`405.00`, not the rescaled `405.0000`).
    let expected = net * percent / Decimal::ONE_HUNDRED;
    MappingError::new(
        path,
        format!(
            "tax {tax} is not {percent}% of net {net} (that would be {})",
            expected.round_dp(4)
        ),
    )
}

/// Turns a charge into an invoice line in the document's rounding order. Net + VAT = gross holds
/// exactly, and the unit price is the shortest one whose product with the quantity rounds to the
/// net.
pub fn to_line(charge: Charge<'_>, order: RoundingOrder, currency: Currency) -> Line<'_> {
    let percent = charge.vat_rate.percent();
    let (net, vat, gross) = match order {
        RoundingOrder::NetFirst => {
            let net = currency.round(charge.net);
            let vat = currency.round(percent_of(net, percent));
            (net, vat, net + vat)
        }
        RoundingOrder::GrossFirst => {
            let gross = currency.round(charge.net + charge.tax);
            let vat = exact_vat_in_gross(gross, percent, currency.scale()).unwrap_or_else(|| {
                currency.round(gross * percent / (Decimal::ONE_HUNDRED + percent))
            });
            (gross - vat, vat, gross)
        }
    };
    let quantity = normalized(charge.quantity);
    Line {
        name: charge.name,
        sku: charge.sku.map(Cow::Borrowed),
        unit_net_price: unit_price(net, quantity, currency),
        quantity,
        unit: Cow::Borrowed(charge.unit),
        vat_rate: charge.vat_rate,
        net,
        vat,
        gross,
        comment: None,
    }
}

/// Amounts (in minor units, times the quantity's decimals) below this take the integer paths
/// below. Decimal quotients of such amounts carry at least 16 decimals, so they round exactly as
/// the true quotients do, and both paths give the same results.
const EXACT_LIMIT: u64 = 1_000_000_000_000;

/// The mantissa of `value` when its magnitude is below [`EXACT_LIMIT`].
fn small_mantissa(value: Decimal) -> Option<i64> {
    i64::try_from(value.mantissa())
        .ok()
        .filter(|mantissa| mantissa.unsigned_abs() < EXACT_LIMIT)
}

/// The VAT share of `gross` at `percent`, `gross × percent / (100 + percent)`, rounded half away
/// from zero to `scale` in integers: with the percent's mantissa `p` at scale `k`, that is
/// `gross × p / (100 × 10^k + p)`. `None` outside [`EXACT_LIMIT`], and for a zero share, whose
/// sign the decimal arithmetic decides.
fn exact_vat_in_gross(gross: Decimal, percent: Decimal, scale: u32) -> Option<Decimal> {
    let minor_units = small_mantissa(gross)?;
    let rate = i64::try_from(percent.mantissa()).ok()?;
    if gross.scale() != scale || percent.scale() > 4 || !(1..1_000_000).contains(&rate) {
        return None;
    }
    let denominator = 100 * pow10(percent.scale())? + rate;
    let vat = div_half_away(minor_units * rate, denominator);
    if vat == 0 {
        return None;
    }
    // `try_new`, not `new`: its panic path kept `new` from being inlined.
    Decimal::try_new(vat, scale).ok()
}

/// The unit price with the fewest decimals (at least the currency's) that reproduces the net.
pub fn unit_price(net: Decimal, quantity: Decimal, currency: Currency) -> Decimal {
    exact_unit_price(net, quantity, currency.scale())
        .unwrap_or_else(|| searched_unit_price(net, quantity, currency))
}

/// The search of [`searched_unit_price`] in integers, for a net of `n` minor units and a quantity
/// of mantissa `m` at scale `k`: the price with `d` more decimals is `n × 10^(k+d) / m` rounded,
/// and it reproduces the net when its product with the quantity, rounded back, is `n`. `None`
/// outside [`EXACT_LIMIT`] and when no price within 6 more decimals does (the search then
/// settles for the closest).
fn exact_unit_price(net: Decimal, quantity: Decimal, scale: u32) -> Option<Decimal> {
    let minor_units = small_mantissa(net)?;
    let pieces = i64::try_from(quantity.mantissa()).ok()?;
    let quantity_shift = pow10(quantity.scale())?;
    let shifted = minor_units.checked_mul(quantity_shift)?;
    if net.scale() != scale
        || minor_units == 0
        || !(1..100_000).contains(&pieces.abs())
        || shifted.unsigned_abs() >= EXACT_LIMIT
    {
        return None;
    }
    // Within the limits every product below stays under 10^18 and fits an `i64`.
    let mut shift = quantity_shift;
    for digits in 0..7 {
        let unit = div_half_away(minor_units * shift, pieces);
        if div_half_away(unit * pieces, shift) == minor_units {
            return Decimal::try_new(unit, scale + digits).ok();
        }
        shift *= 10;
    }
    None
}

fn searched_unit_price(net: Decimal, quantity: Decimal, currency: Currency) -> Decimal {
    let scale = currency.scale();
    let exact = net / quantity;
    (scale..=scale + 6)
        .map(|digits| round_half_away(exact, digits))
        .find(|unit| currency.round(*unit * quantity) == net)
        .unwrap_or_else(|| round_half_away(exact, scale + 6))
}

/// `amount × percent / 100`. Dividing by 100 only moves the point, so when the scale has room
/// the product is rescaled instead: the same value, without a decimal division.
fn percent_of(amount: Decimal, percent: Decimal) -> Decimal {
    let product = amount * percent;
    let mut shifted = product;
    match shifted.set_scale(product.scale() + 2) {
        Ok(()) => shifted,
        Err(_) => product / Decimal::ONE_HUNDRED,
    }
}

/// Whether `tax` is more than `tolerance` away from `percent` of `net`, compared exactly as
/// integers at the finest of their scales; `None` when a value does not fit.
fn exact_tax_differs(
    net: Decimal,
    tax: Decimal,
    percent: Decimal,
    tolerance: Decimal,
) -> Option<bool> {
    // net × percent / 100 is the product of the mantissas at scale net + percent + 2.
    let product_scale = net.scale() + percent.scale() + 2;
    let scale = product_scale.max(tax.scale()).max(tolerance.scale());
    let at_scale = |mantissa: i128, own_scale: u32| {
        i64::try_from(mantissa)
            .ok()?
            .checked_mul(pow10(scale - own_scale)?)
    };
    let product = i64::try_from(net.mantissa())
        .ok()?
        .checked_mul(i64::try_from(percent.mantissa()).ok()?)?;
    let expected = at_scale(i128::from(product), product_scale)?;
    let difference = expected.checked_sub(at_scale(tax.mantissa(), tax.scale())?)?;
    let tolerance = at_scale(tolerance.mantissa(), tolerance.scale())?;
    Some(difference.unsigned_abs() > tolerance.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn charge(net: Decimal, tax: Decimal, quantity: Decimal, percent: Decimal) -> Charge<'static> {
        Charge {
            name: Cow::Borrowed("x"),
            sku: None,
            quantity,
            unit: "db",
            vat_rate: VatRate::Percent(percent),
            net,
            tax,
        }
    }

    #[test]
    fn trimmed_is_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\tSKU-1\n",
            "x\u{7f}",
            "\u{a0}név\u{3000}",
            "Kávé",
            "ó",
            "a b",
        ] {
            assert_eq!(trimmed(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn gross_first_matches_the_documented_example() {
        // qty 3, gross unit 500 at 27% → net 1181, VAT 319, gross 1500.
        let line = to_line(
            charge(dec!(1181.10), dec!(318.90), dec!(3), dec!(27)),
            RoundingOrder::GrossFirst,
            Currency::huf(),
        );
        assert_eq!(
            (line.net, line.vat, line.gross),
            (dec!(1181), dec!(319), dec!(1500))
        );
        assert_eq!(
            Currency::huf().round(line.unit_net_price * line.quantity),
            line.net
        );
    }

    #[test]
    fn net_first_rounds_net_then_vat() {
        let line = to_line(
            charge(dec!(1181.10), dec!(318.90), dec!(3), dec!(27)),
            RoundingOrder::NetFirst,
            Currency::huf(),
        );
        assert_eq!(
            (line.net, line.vat, line.gross),
            (dec!(1181), dec!(319), dec!(1500))
        );
        let eur = Currency::new("EUR").unwrap();
        let line = to_line(
            charge(dec!(10.005), dec!(0), dec!(1), dec!(19)),
            RoundingOrder::NetFirst,
            eur,
        );
        assert_eq!(
            (line.net, line.vat, line.gross),
            (dec!(10.01), dec!(1.90), dec!(11.91))
        );
    }

    #[test]
    fn unit_price_reproduces_the_net() {
        let huf = Currency::huf();
        assert_eq!(unit_price(dec!(1000), dec!(3), huf), dec!(333.3));
        assert_eq!(unit_price(dec!(1500), dec!(0.5), huf), dec!(3000));
        assert_eq!(unit_price(dec!(1), dec!(1000), huf), dec!(0.001));
    }

    #[test]
    fn percent_of_equals_the_division_by_a_hundred() {
        for (amount, percent) in [
            (dec!(1500.00), dec!(27)),
            (dec!(-1181), dec!(5.5)),
            (dec!(0.01), dec!(18)),
            (dec!(0.0000000000000000000000000001), dec!(27)),
            (dec!(123.456789012345678901234567), dec!(19.5)),
        ] {
            assert_eq!(
                percent_of(amount, percent),
                amount * percent / Decimal::ONE_HUNDRED
            );
        }
    }

    #[test]
    fn integer_tax_check_matches_the_decimal_one() {
        for (net, tax, percent) in [
            (dec!(1500.00), dec!(405.00), dec!(27)),
            (dec!(1500.00), dec!(406.00), dec!(27)),
            (dec!(1500.00), dec!(407.01), dec!(27)),
            (dec!(-1181), dec!(-65), dec!(5.5)),
            (dec!(10.005), dec!(1.90), dec!(19)),
            (dec!(0.01), dec!(0), dec!(18)),
        ] {
            for tolerance in [dec!(1), dec!(0.01)] {
                assert_eq!(
                    exact_tax_differs(net, tax, percent, tolerance),
                    Some((percent_of(net, percent) - tax).abs() > tolerance),
                    "{tax} of {net} at {percent}% within {tolerance}"
                );
            }
        }
    }

    #[test]
    fn integer_unit_prices_match_the_search() {
        for currency in [Currency::huf(), Currency::new("EUR").unwrap()] {
            for minor_units in [-3000i64, -7, -1, 1, 2, 999, 1000, 1181, 12345, 600_000] {
                let net = Decimal::new(minor_units, currency.scale());
                for quantity in [
                    dec!(-4),
                    dec!(-1),
                    dec!(1),
                    dec!(2),
                    dec!(3),
                    dec!(7),
                    dec!(1000),
                    dec!(0.5),
                    dec!(0.333),
                    dec!(-2.75),
                    dec!(99999),
                ] {
                    assert_eq!(
                        unit_price(net, quantity, currency).to_string(),
                        searched_unit_price(net, quantity, currency).to_string(),
                        "{net} / {quantity}"
                    );
                }
            }
        }
    }

    #[test]
    fn integer_vat_in_gross_matches_the_division() {
        for currency in [Currency::huf(), Currency::new("EUR").unwrap()] {
            for minor_units in [-1500i64, -7, -1, 1, 2, 127, 1500, 12345, 999_999_999] {
                let gross = Decimal::new(minor_units, currency.scale());
                for percent in [dec!(27), dec!(18), dec!(5), dec!(5.5), dec!(19), dec!(7.25)] {
                    let divided =
                        currency.round(gross * percent / (Decimal::ONE_HUNDRED + percent));
                    let exact = exact_vat_in_gross(gross, percent, currency.scale());
                    assert!(
                        exact.is_none_or(|vat| vat.to_string() == divided.to_string()),
                        "{gross} at {percent}%"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Across the whole range the integer paths take, they agree with the decimal arithmetic.
        #[test]
        fn integer_paths_agree_with_decimals(
            minor_units in -999_999_999_999i64..1_000_000_000_000,
            pieces in -99_999i64..100_000,
            quantity_scale in 0u32..=3,
            rate in 1i64..1_000_000,
            rate_scale in 0u32..=4,
            huf in proptest::bool::ANY,
        ) {
            let currency = if huf { Currency::huf() } else { Currency::new("EUR").unwrap() };
            let amount = Decimal::new(minor_units, currency.scale());
            let percent = Decimal::new(rate, rate_scale);
            if let Some(vat) = exact_vat_in_gross(amount, percent, currency.scale()) {
                let divided = currency.round(amount * percent / (Decimal::ONE_HUNDRED + percent));
                proptest::prop_assert_eq!(vat.to_string(), divided.to_string());
            }
            let quantity = Decimal::new(pieces, quantity_scale);
            if !quantity.is_zero() {
                proptest::prop_assert_eq!(
                    unit_price(amount, quantity, currency).to_string(),
                    searched_unit_price(amount, quantity, currency).to_string()
                );
            }
            let tax = Decimal::new(minor_units / 4, currency.scale());
            for tolerance in [currency.minor_unit(), Decimal::ONE] {
                if let Some(differs) = exact_tax_differs(amount, tax, percent, tolerance) {
                    proptest::prop_assert_eq!(
                        differs,
                        (percent_of(amount, percent) - tax).abs() > tolerance
                    );
                }
            }
        }
    }
}
