// The round trip's JS half: reads {course: course data, states: {unit: saved text}} from the file named on the
// command line, decodes each text as the player would for that unit, and prints what it kept and its own encoding.
'use strict';
const fs = require('node:fs');
const { load } = require('./load.js');

const { CoursebuildState: ST } = load('questions.js', 'quiz.js', 'state.js');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const C = input.course;
const out = {};
for (const [unit, text] of Object.entries(input.states)) {
  const rules = C.units[unit];
  const sco = { lessons: rules.lessons.map(i => C.lessons[i]), assessment: rules.assessment ? C.assessment : null };
  const decoded = ST.decode(text, sco);
  out[unit] = { restored: decoded.restored, dropped: decoded.dropped, text: ST.encode(decoded.state, C.version) };
}
process.stdout.write(JSON.stringify(out));
