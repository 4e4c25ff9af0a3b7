<?php
/**
 * domains.php <directory>: every WordPress gettext call under <directory> takes literal strings
 * and the text domain 'libinvoice-woocommerce', so xgettext sees every string and WordPress
 * finds its translation. Prints one line per offending call; exits 1 when there is one.
 */

declare(strict_types=1);

const DOMAIN = 'libinvoice-woocommerce';

/** Function => indexes (0-based) of its literal text arguments, and its argument count. */
const FUNCTIONS = [
    '__' => [[0], 2], '_e' => [[0], 2], 'esc_html__' => [[0], 2], 'esc_html_e' => [[0], 2],
    'esc_attr__' => [[0], 2], 'esc_attr_e' => [[0], 2],
    '_x' => [[0, 1], 3], '_ex' => [[0, 1], 3], 'esc_html_x' => [[0, 1], 3], 'esc_attr_x' => [[0, 1], 3],
    '_n' => [[0, 1], 4], '_nx' => [[0, 1, 3], 5], '_n_noop' => [[0, 1], 3], '_nx_noop' => [[0, 1, 2], 4],
    // Not scanned by xgettext, so never used for the plugin's own strings.
    'translate' => [[], -1], 'gettext' => [[], -1], '_' => [[], -1],
];

$problems = [];
$calls = 0;
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($argv[1], FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
    if ($file->getExtension() !== 'php' || str_contains($file->getPathname(), '/vendor/')) {
        continue;
    }
    $tokens = array_values(array_filter(
        token_get_all((string) file_get_contents($file->getPathname())),
        static fn ($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)
    ));
    foreach ($tokens as $i => $token) {
        if (!is_array($token) || !in_array($token[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true)) {
            continue;
        }
        $name = strtolower(ltrim($token[1], '\\'));
        if (!isset(FUNCTIONS[$name]) || ($tokens[$i + 1] ?? null) !== '(') {
            continue;
        }
        $before = $tokens[$i - 1] ?? null;
        if (is_array($before) && in_array($before[0], [T_FUNCTION, T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_NEW], true)) {
            continue;
        }
        ++$calls;
        [$texts, $count] = FUNCTIONS[$name];
        $where = $file->getPathname() . ':' . $token[2] . ': ' . $name . '()';
        if ($count < 0) {
            $problems[] = "$where: use __() and its kin, which xgettext extracts";
            continue;
        }
        // Split the arguments at the call's own commas.
        $arguments = [[]];
        $depth = 0;
        for ($j = $i + 2; $j < count($tokens); ++$j) {
            $t = $tokens[$j];
            if (in_array($t, ['(', '[', '{'], true) || (is_array($t) && in_array($t[0], [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES], true))) {
                ++$depth;
            } elseif (in_array($t, [')', ']', '}'], true)) {
                if ($depth-- === 0) {
                    break;
                }
            } elseif ($t === ',' && $depth === 0) {
                $arguments[] = [];
                continue;
            }
            $arguments[count($arguments) - 1][] = $t;
        }
        if (end($arguments) === []) {
            array_pop($arguments); // A trailing comma.
        }
        $literal = static fn (array $argument): ?string => count($argument) === 1 && is_array($argument[0]) && $argument[0][0] === T_CONSTANT_ENCAPSED_STRING
            ? (string) eval('return ' . $argument[0][1] . ';')
            : null;
        if (count($arguments) !== $count) {
            $problems[] = "$where: takes $count arguments, the last the text domain";
            continue;
        }
        foreach ($texts as $index) {
            if ($literal($arguments[$index]) === null) {
                $problems[] = "$where: argument " . ($index + 1) . ' must be a literal string (xgettext cannot read a variable)';
            }
        }
        if ($literal($arguments[$count - 1]) !== DOMAIN) {
            $problems[] = "$where: the text domain must be the literal '" . DOMAIN . "'";
        }
    }
}
foreach ($problems as $problem) {
    echo $problem, "\n";
}
fwrite(STDERR, sprintf("%d gettext calls, %d with a problem\n", $calls, count($problems)));
exit($problems === [] ? 0 : 1);
