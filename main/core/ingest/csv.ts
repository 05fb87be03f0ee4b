import Papa from 'papaparse';
import { decodeText } from './text-decode';
import { normalizeText } from './normalize';
import { emptySource, IngestError, type ExtractedSource } from './types';

/**
 * CSV/TSV rendered as readable text, chosen so any quoted passage carries its column names:
 *   line 1: the header cells joined by " | "
 *   then one line per data row: "Column: value | Column: value" (empty cells left out).
 * The first row is always taken as the header (spreadsheets exported for journalists almost always have one);
 * a header cell that is blank becomes "Column N". Line breaks inside a cell become spaces so one row stays
 * one line.
 */
export function extractCsv(bytes: Uint8Array, fileName: string): ExtractedSource {
  const decoded = decodeText(bytes);
  const result = emptySource('csv');
  result.encoding = decoded.encoding;
  if (decoded.replacedBytes > 0) result.metadata.replacedBytes = String(decoded.replacedBytes);
  const source = decoded.text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(source, {
    delimiter: /\.tsv$/i.test(fileName) ? '\t' : '',
    skipEmptyLines: 'greedy',
  });
  const rows = parsed.data.filter((r) => Array.isArray(r));
  if (rows.length === 0) throw new IngestError('This .csv file has no rows.');
  const header = (rows[0] ?? []).map((h, i) => cell(h) || `Column ${i + 1}`);
  const lines = [header.join(' | ')];
  let columns = header.length;
  for (const row of rows.slice(1)) {
    columns = Math.max(columns, row.length);
    const parts: string[] = [];
    row.forEach((v, i) => {
      const value = cell(v);
      if (value) parts.push(`${header[i] ?? `Column ${i + 1}`}: ${value}`);
    });
    if (parts.length) lines.push(parts.join(' | '));
  }
  result.text = normalizeText(lines.join('\n'));
  result.metadata.rows = String(rows.length - 1);
  result.metadata.columns = String(columns);
  result.metadata.delimiter = parsed.meta.delimiter === '\t' ? 'tab' : parsed.meta.delimiter;
  result.metadata.columnNames = header.join(' | ');
  return result;
}

function cell(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s*[\r\n]+\s*/g, ' ').trim() : '';
}
