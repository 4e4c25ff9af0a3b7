<?php
declare(strict_types=1);

namespace LibInvoice\Tests;

use LibInvoice\ConfigException;
use LibInvoice\Exception;
use LibInvoice\InternalException;
use LibInvoice\MappingException;
use LibInvoice\RejectedException;
use LibInvoice\TransportException;
use LibInvoice\UnknownOutcomeException;
use LibInvoice\UnsupportedException;
use PHPUnit\Framework\TestCase;

use function LibInvoice\map_order;

/** The exception tree, and the panic boundary. */
final class ExceptionTest extends TestCase
{
    public function testEveryExceptionIsALibInvoiceException(): void
    {
        self::assertSame(\Exception::class, get_parent_class(Exception::class));
        foreach ([MappingException::class, RejectedException::class, UnsupportedException::class, TransportException::class,
            UnknownOutcomeException::class, ConfigException::class, InternalException::class] as $class) {
            self::assertSame(Exception::class, get_parent_class($class), $class);
        }
    }

    public function testPropertiesArePublicAndNullByDefault(): void
    {
        $mapping = new MappingException('made in PHP');
        self::assertNull($mapping->fieldPath);
        $rejected = new RejectedException('made in PHP');
        self::assertNull($rejected->vendorCode);
        self::assertNull($rejected->vendorMessage);
    }

    public function testAThrownExceptionHasTheCallersFileAndLine(): void
    {
        try {
            $line = __LINE__ + 1;
            map_order('[]', '{}');
            self::fail('an empty order was accepted');
        } catch (MappingException $e) {
            self::assertSame(__FILE__, $e->getFile());
            self::assertSame($line, $e->getLine());
            self::assertStringContainsString('LibInvoice\map_order', $e->getTraceAsString());
        }
    }

    public function testAPanicBecomesAnInternalException(): void
    {
        if (!function_exists('LibInvoice\__debug_panic')) {
            self::markTestSkipped('built without the test-hooks feature');
        }
        try {
            \LibInvoice\__debug_panic();
            self::fail('no exception');
        } catch (InternalException $e) {
            self::assertStringStartsWith('libinvoice panicked: deliberate panic', $e->getMessage());
        }
        // The process goes on, and so does the extension.
        self::assertNotSame('', \LibInvoice\version());
    }
}
