<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/describe-api.php';

/**
 * php-ext/stubs/libinvoice.stub.php against the loaded extension (see describe-api.php for
 * what is compared). The extension declares an argument that takes an array or a JSON string
 * as `mixed`; there the stub's narrower `array|string` is the documentation, so a type the
 * extension reports as `mixed` is not compared.
 */
final class StubTest extends TestCase
{
    public function testTheStubDescribesTheLoadedExtension(): void
    {
        $extension = new \ReflectionExtension('libinvoice');
        $loaded = describe_api($extension->getFunctions(), $extension->getClasses());

        $command = sprintf('%s -n %s %s', escapeshellarg(PHP_BINARY), escapeshellarg(__DIR__ . '/describe-api.php'),
            escapeshellarg(dirname(__DIR__, 2) . '/php-ext/stubs/libinvoice.stub.php'));
        $json = shell_exec($command);
        self::assertIsString($json, 'the stub could not be described');
        $stub = json_decode($json, true, 512, JSON_THROW_ON_ERROR);

        self::assertSame(array_keys($loaded), array_keys($stub), 'the same functions and classes');
        foreach ($loaded as $name => $description) {
            self::assertSame($description, self::mixedWhereLoadedIs($stub[$name], $description), $name);
        }
    }

    /**
     * `$stub` with each parameter or return type replaced by `mixed` where `$loaded` has
     * `mixed` in the same place.
     */
    private static function mixedWhereLoadedIs(mixed $stub, mixed $loaded): mixed
    {
        if (!is_array($stub) || !is_array($loaded)) {
            return $stub;
        }
        foreach ($stub as $key => $value) {
            if (!array_key_exists($key, $loaded)) {
                continue;
            }
            $stub[$key] = in_array($key, ['type', 'returns'], true) && $loaded[$key] === 'mixed'
                ? 'mixed'
                : self::mixedWhereLoadedIs($value, $loaded[$key]);
        }
        return $stub;
    }
}
