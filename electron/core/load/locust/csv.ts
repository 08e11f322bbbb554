/**
 * The CSV that Locust's `csv` module writes (RFC 4180: quoted fields may hold commas, quotes as
 * "" and line breaks). `parseCsv` reads complete text; `completeRows` reads what a tail has so
 * far and says where the last complete row ends, so a row Locust has only half written yet is
 * left for the next read.
 */

export interface CsvRow {
  /** 1-based line the row starts on, for error messages. */
  line: number;
  fields: string[];
}

/** Rows of the text up to the last complete row, how many characters they took and the line after them. */
export function completeRows(text: string, firstLine = 1): { rows: CsvRow[]; consumed: number; nextLine: number } {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = firstLine;
  let rowLine = firstLine;
  let consumed = 0;
  let nextLine = firstLine;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line += 1;
      rowLine = line;
      consumed = i + 1;
      nextLine = line;
    } else field += char;
  }
  return { rows, consumed, nextLine };
}

/** Every row of a whole file; a last row without its line break still counts. */
export function parseCsv(text: string): CsvRow[] {
  const whole = text.length > 0 && !text.endsWith('\n') ? `${text}\n` : text;
  return completeRows(whole).rows.filter((row) => !(row.fields.length === 1 && row.fields[0] === ''));
}
