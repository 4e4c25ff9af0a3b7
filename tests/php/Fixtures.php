<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\Client;

/**
 * The example orders and settings, the sandbox's accounts and faults, and a recording persist
 * step.
 */
final class Fixtures
{
    public const DEMO_KEY = 'sandbox-demo-agent-key';
    public const STRICT_KEY = 'sandbox-strict-agent-key';

    public static function root(): string
    {
        return dirname(__DIR__, 2);
    }

    /** @return array<string, mixed> */
    public static function json(string $relative): array
    {
        return json_decode(file_get_contents(self::root() . '/' . $relative), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> */
    public static function order(string $name = 'woocommerce-basic'): array
    {
        return self::json("examples/orders/$name.json");
    }

    /** @return array<string, mixed> */
    public static function settings(): array
    {
        return self::json('examples/settings/demo-shop.json');
    }

    public static function client(string $key = self::DEMO_KEY): Client
    {
        return new Client(getenv('SANDBOX_URL'), $key, null, 2000, 10000);
    }

    /** Adds a fault rule to the sandbox (see sandbox/README.md). */
    public static function faults(array $rule): void
    {
        $control = preg_replace('#/szamla/$#', '/control/faults', getenv('SANDBOX_URL'));
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'header' => 'Content-Type: application/json', 'content' => json_encode($rule),
        ]]);
        if (file_get_contents($control, false, $context) === false) {
            throw new \RuntimeException('the sandbox did not take the fault rule');
        }
    }

    /** A shop id no earlier run used, so external ids never collide. */
    public static function shop(): string
    {
        return 'php-' . bin2hex(random_bytes(4));
    }
}

/** The host's store: keeps every record it is handed. */
final class RecordingStore
{
    /** @var list<array<string, mixed>> */
    public array $records = [];

    public function __invoke(array $record): bool
    {
        $this->records[] = $record;
        return true;
    }
}
