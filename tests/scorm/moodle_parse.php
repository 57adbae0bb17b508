<?php
// Reads one imsmanifest.xml with Moodle's own parser and prints what it found as JSON.
//
//   php moodle_parse.php MOODLE_DIR MANIFEST
//
// Runs the part of Moodle's SCORM import that needs no database: the pre-pass and xml2Array of
// scorm_parse_scorm(), then scorm_get_manifest() from MOODLE_DIR/mod/scorm/datamodels/scormlib.php.
// Prints {"scoes": ..., "warnings": [...]} or {"fatal": "...", "warnings": [...]} when PHP stops.

// The few Moodle functions and globals scormlib.php calls, with the same effect on NCName identifiers.
function addslashes_js($text) {
    return str_replace(['\\', '\'', '"', "\n", "\r", "\0", '</'], ['\\\\', '\\\'', '\\"', '\\n', '\\r', '\\0', '<\/'],
        $text);
}

function get_string($identifier, $component) {
    return $identifier;
}

class coursebuild_output_stub {
    public function notification($message) {
        return '';
    }
}

$OUTPUT = new coursebuild_output_stub();
$warnings = [];
set_error_handler(function ($number, $message) use (&$warnings) {
    $warnings[] = $message;
    return true;
});

require($argv[1] . '/mod/scorm/datamodels/scormlib.php');

$text = preg_replace('/&(?!\w{2,6};)/', '&amp;', file_get_contents($argv[2]));
try {
    $parser = new xml2Array();
    $blocks = $parser->parse($text);
    $scoes = new stdClass();
    $scoes->version = '';
    $scoes = scorm_get_manifest($blocks, $scoes);
    echo json_encode(['scoes' => $scoes, 'warnings' => $warnings]);
} catch (Throwable $error) {
    echo json_encode(['fatal' => $error->getMessage(), 'warnings' => $warnings]);
}
