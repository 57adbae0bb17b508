#!/usr/bin/env node
// Validates xAPI statements with Learning Locker's @learninglocker/xapi-validation, an xAPI validator
// written independently of coursebuild, so the cmi5 tests do not judge statements by our own reading
// of the xAPI spec alone.
//
//   node validate-xapi-statements.js statements.json    (or the JSON on standard input)
//
// The input is a JSON array of statements (a single statement object is taken as a list of one). The
// output, on stdout, is a JSON array with one entry per statement that has problems:
//   [{"index": 3, "id": "…", "problems": [{"path": "statement.result.duration", "warning": "TypeWarning",
//     "expected": "Duration", "data": "5 seconds"}]}]
// Exit status: 0 when every statement is valid, 1 when any is not, 2 when the input cannot be read.
'use strict';

const fs = require('fs');
const validate = require('@learninglocker/xapi-validation').default;

function readInput() {
  const file = process.argv[2];
  const text = file && file !== '-' ? fs.readFileSync(file, 'utf8') : fs.readFileSync(0, 'utf8');
  const data = JSON.parse(text);
  return Array.isArray(data) ? data : [data];
}

function describe(warning) {
  const problem = { path: (warning.path || []).join('.'), warning: warning.name };
  if (warning.typeName) problem.expected = warning.typeName;
  if (warning.data !== undefined) problem.data = warning.data;
  return problem;
}

let statements;
try {
  statements = readInput();
} catch (error) {
  process.stderr.write(`validate-xapi-statements: cannot read the statements: ${error.message}\n`);
  process.exit(2);
}

const report = [];
statements.forEach((statement, index) => {
  const warnings = validate(statement);
  if (warnings.length) {
    report.push({ index, id: statement && statement.id, problems: warnings.map(describe) });
  }
});
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
process.exit(report.length ? 1 : 0);
