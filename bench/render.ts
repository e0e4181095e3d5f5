/**
 * `node render.js <results.json> [notes.md] [out.md]`: render a report again from the raw figures a
 * run saved (bench/.data/results/<date>-<mode>.json), optionally with a findings section written by hand
 * (profiles, causes, proposed fixes), without measuring again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReport, type BenchResults } from './report.js';

const [resultsFile, notesFile, outFile] = process.argv.slice(2);
if (!resultsFile) {
  process.stderr.write('usage: node render.js <results.json> [notes.md] [out.md]\n');
  process.exit(2);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
if (notesFile) results.notes = [readFileSync(notesFile, 'utf8').trimEnd()];
const markdown = renderReport(results);
if (outFile) writeFileSync(outFile, markdown);
else process.stdout.write(markdown);
