<?php
// Describes the LibInvoice API as reflection sees it: functions, classes, parents, methods,
// parameters (name, type, optionality, default, by-reference), return types, declared
// properties. Included by StubTest for the loaded extension; run as
// `php -n describe-api.php <stub>` it describes the stub file instead, in a process without
// the extension.
declare(strict_types=1);

namespace LibInvoice\Tests;

/** The extension-only test hooks are not part of the public API. */
const HIDDEN_FUNCTIONS = ['libinvoice\__debug_panic', 'libinvoice\__debug_json_reads'];

/**
 * @param iterable<\ReflectionFunction> $functions
 * @param iterable<\ReflectionClass> $classes
 * @return array<string, mixed>
 */
function describe_api(iterable $functions, iterable $classes): array
{
    $api = [];
    foreach ($functions as $function) {
        $name = strtolower($function->getName());
        if (!in_array($name, HIDDEN_FUNCTIONS, true)) {
            $api["function $name"] = describe_signature($function);
        }
    }
    foreach ($classes as $class) {
        $methods = [];
        foreach ($class->getMethods() as $method) {
            if ($method->getDeclaringClass()->getName() === $class->getName()) {
                $methods[strtolower($method->getName())] = ['static' => $method->isStatic()] + describe_signature($method);
            }
        }
        ksort($methods);
        $properties = [];
        foreach ($class->getProperties() as $property) {
            if ($property->getDeclaringClass()->getName() === $class->getName()) {
                $properties[] = $property->getName();
            }
        }
        sort($properties);
        $api['class ' . $class->getName()] = [
            'parent' => $class->getParentClass() ? $class->getParentClass()->getName() : null,
            'final' => $class->isFinal(),
            'methods' => $methods,
            'properties' => $properties,
        ];
    }
    ksort($api);
    return $api;
}

/** @return array{parameters: list<array<string, mixed>>, returns: ?string} */
function describe_signature(\ReflectionFunctionAbstract $function): array
{
    $parameters = [];
    foreach ($function->getParameters() as $parameter) {
        $parameters[] = [
            'name' => $parameter->getName(),
            'type' => $parameter->getType() === null ? null : (string) $parameter->getType(),
            'optional' => $parameter->isOptional(),
            'default' => $parameter->isOptional() ? var_export($parameter->getDefaultValue(), true) : null,
            'by_reference' => $parameter->isPassedByReference(),
        ];
    }
    $returns = $function->getReturnType();
    return ['parameters' => $parameters, 'returns' => $returns === null ? null : (string) $returns];
}

if (PHP_SAPI === 'cli' && realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    require $argv[1];
    $ours = fn (string $name) => str_starts_with(strtolower($name), 'libinvoice\\')
        && !str_starts_with(strtolower($name), 'libinvoice\\tests\\');
    $functions = array_filter(get_defined_functions()['user'], $ours);
    $classes = array_filter(get_declared_classes(), $ours);
    echo json_encode(describe_api(
        array_map(fn ($name) => new \ReflectionFunction($name), $functions),
        array_map(fn ($name) => new \ReflectionClass($name), $classes),
    ), JSON_THROW_ON_ERROR);
}
