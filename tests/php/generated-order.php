<?php
// A WooCommerce REST order (as a PHP array) with `$lines` products over three VAT rates, shaped
// and rounded the way WooCommerce emits it — the PHP twin of core/benches/pipeline.rs's
// generator, so the PHP and Rust benchmark figures describe the same work.
declare(strict_types=1);

namespace LibInvoice\Tests;

/** @return array<string, mixed> */
function generated_order(int $lines): array
{
    $rates = [[1, 27], [2, 18], [3, 5]];
    $items = [];
    $total = 0;
    $taxPerRate = [0, 0, 0];
    for ($index = 0; $index < $lines; ++$index) {
        [$rateId, $percent] = $rates[$index % 3];
        $quantity = 1 + $index % 4;
        $net = $quantity * (1000 + 137 * $index);
        $tax = intdiv($net * $percent + 50, 100);
        $total += $net + $tax;
        $taxPerRate[$index % 3] += $tax;
        $items[] = [
            'id' => 100 + $index, 'name' => "Termék $index – „különleges” & <jó>", 'product_id' => 500 + $index,
            'variation_id' => 0, 'quantity' => $quantity, 'tax_class' => '',
            'subtotal' => "$net.00", 'subtotal_tax' => "$tax.00", 'total' => "$net.00", 'total_tax' => "$tax.00",
            'taxes' => [['id' => $rateId, 'total' => "$tax.00", 'subtotal' => "$tax.00"]],
            'meta_data' => [], 'sku' => "SKU-$index", 'price' => $net / $quantity,
            'image' => ['id' => '', 'src' => ''], 'parent_name' => null,
        ];
    }
    $total += 1500 + 405;
    $taxPerRate[0] += 405;
    $taxLines = [];
    foreach ($rates as $i => [$id, $percent]) {
        $taxLines[] = ['id' => 900 + $id, 'rate_code' => "HU-AFA-$id", 'rate_id' => $id, 'label' => 'ÁFA',
            'compound' => false, 'tax_total' => "{$taxPerRate[$i]}.00", 'shipping_tax_total' => '0.00',
            'rate_percent' => $percent, 'meta_data' => []];
    }
    return [
        'id' => 4242, 'parent_id' => 0, 'status' => 'processing', 'currency' => 'HUF', 'version' => '9.8.5',
        'prices_include_tax' => false, 'date_created' => '2026-11-20T10:00:00',
        'date_created_gmt' => '2026-11-20T09:00:00', 'date_paid_gmt' => '2026-11-20T09:01:00',
        'date_completed_gmt' => null, 'discount_total' => '0.00', 'discount_tax' => '0.00',
        'shipping_total' => '1500.00', 'shipping_tax' => '405.00', 'cart_tax' => '0.00',
        'total' => "$total.00", 'total_tax' => '0.00', 'customer_id' => 7,
        'billing' => ['first_name' => 'Anna', 'last_name' => 'Kovács', 'company' => '', 'address_1' => 'Váci út 12.',
            'address_2' => '', 'city' => 'Budapest', 'state' => '', 'postcode' => '1132', 'country' => 'HU',
            'email' => 'anna@example.hu', 'phone' => '+36301234567'],
        'shipping' => ['first_name' => '', 'last_name' => '', 'company' => '', 'address_1' => '', 'address_2' => '',
            'city' => '', 'state' => '', 'postcode' => '', 'country' => ''],
        'payment_method' => 'stripe', 'payment_method_title' => 'Bankkártya', 'transaction_id' => 'pi_1',
        'customer_note' => '', 'number' => '4242',
        'meta_data' => [['id' => 1, 'key' => '_wc_order_attribution', 'value' => ['a' => [1, 2]]]],
        'line_items' => $items, 'tax_lines' => $taxLines,
        'shipping_lines' => [['id' => 77, 'method_title' => 'GLS', 'method_id' => 'flat_rate', 'instance_id' => '1',
            'total' => '1500.00', 'total_tax' => '405.00', 'taxes' => [['id' => 1, 'total' => '405.00', 'subtotal' => '']],
            'meta_data' => []]],
        'fee_lines' => [], 'coupon_lines' => [], 'refunds' => [],
    ];
}

/** The settings the benchmark and the leak check map with. */
function generated_order_settings(): string
{
    return '{"shop_id": "bench-shop"}';
}
