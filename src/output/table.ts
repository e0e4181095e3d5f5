/**
 * A column aligner for kubectl-style tables: an upper-case header row, then one row per object, no
 * borders. It follows the `text/tabwriter` set-up kubectl prints with (printers.GetNewTabWriter:
 * minwidth 6, padding 3, padded with spaces): every column but the last is padded to its widest
 * cell plus three spaces, and to at least six characters; the last column is not padded, so no line
 * ends in spaces.
 */

/** Spaces after the widest cell of a column (`tabwriterPadding`). */
const COLUMN_PADDING = 3;
/** A padded column is never narrower than this (`tabwriterMinWidth`). */
const MIN_COLUMN_WIDTH = 6;

/**
 * The table as text, one line per row and each line ending in `\n`. Headers are upper-cased; cells
 * have tabs and line breaks turned into spaces so one object stays on one line. Rows shorter than
 * the header get empty cells.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [headers.map((h) => h.toUpperCase()), ...rows.map((row) => headers.map((_, i) => oneLine(row[i] ?? '')))];
  const widths = headers.map((_, column) =>
    Math.max(MIN_COLUMN_WIDTH, ...lines.map((line) => displayWidth(line[column] ?? '') + COLUMN_PADDING)),
  );
  return lines
    .map((line) => {
      const padded = line.map((cell, column) =>
        column === line.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell)),
      );
      return `${padded.join('').trimEnd()}\n`;
    })
    .join('');
}

/** Width in characters (code points), as tabwriter counts runes. */
function displayWidth(text: string): number {
  return [...text].length;
}

function oneLine(cell: string): string {
  return cell.replace(/[\t\r\n]+/g, ' ');
}
