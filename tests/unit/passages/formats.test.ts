import { describe, expect, it } from 'vitest';
import { BOM, csvField, parseCsv, toCsv } from '../../../main/core/passages/csv';
import { inverseOps } from '../../../main/core/passages/history';
import { buildQdc, parseQdc } from '../../../main/core/passages/qdc';

describe('CSV (RFC 4180)', () => {
  it('quotes only what needs quoting and round-trips awkward values', () => {
    const rows = [
      ['plain', 'with, comma', 'with "quotes"', 'line\nbreak', 'crlf\r\nbreak', 'Genève « é »', 'אברהם', 'شركة', '👩‍💻', ''],
      ['', ' leading space', 'trailing space ', '""', ',', '"', 'a""b', 'x\ry', 'ok', 'done'],
    ];
    const csv = toCsv(rows);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('plain,"with, comma","with ""quotes""","line\nbreak"');
    expect(parseCsv(csv)).toEqual(rows);
  });
  it('writes numbers and nulls, and neutralises formula-like cells', () => {
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('REFI-QDA codebook', () => {
  it('builds the standard structure and parses it back', () => {
    const codes = [
      { guid: '11111111-1111-4111-8111-111111111111', name: 'A & <B>', color: '#ff0000', description: 'd "q"', children: [
        { guid: '22222222-2222-4222-8222-222222222222', name: 'Child', color: null, description: '', children: [] },
      ] },
    ];
    const xml = buildQdc(codes, 'Casefile');
    expect(xml).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Casefile">');
    expect(xml).toContain('isCodable="true"');
    expect(parseQdc(xml)).toEqual([{ ...codes[0], color: '#FF0000' }]);
  });
  it('accepts prefixed namespaces and <Codes> wrappers around children', () => {
    const xml = `<?xml version="1.0"?><q:CodeBook xmlns:q="urn:QDA-XML:codebook:1.0"><q:Codes>
      <q:Code guid="g1" name="Top" isCodable="true" color="#00ff00"><q:Description>Top-level</q:Description>
        <q:Codes><q:Code guid="g2" name="Inner" isCodable="true"/></q:Codes>
      </q:Code></q:Codes></q:CodeBook>`;
    expect(parseQdc(xml)).toEqual([
      { guid: 'g1', name: 'Top', color: '#00FF00', description: 'Top-level', children: [{ guid: 'g2', name: 'Inner', color: null, description: '', children: [] }] },
    ]);
  });
  it('refuses DTDs, malformed XML, nameless codes and absurd nesting', () => {
    expect(() => parseQdc('<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>')).toThrow(/DTD/);
    expect(() => parseQdc('<CodeBook><Codes>')).toThrow(/malformed XML at line/);
    expect(() => parseQdc('<CodeBook><Codes><Code guid="x"/></Codes></CodeBook>')).toThrow(/no name/);
    const deep = `<CodeBook><Codes>${'<Code name="n">'.repeat(100)}${'</Code>'.repeat(100)}</Codes></CodeBook>`;
    expect(() => parseQdc(deep)).toThrow(/nested/);
  });
});

describe('history inverse ops', () => {
  it('restores prior values, deletes new records, and applies in reverse order', () => {
    const db = { meta: { n: 1 }, tables: { t: { a: { v: 1 } } } };
    const inverse = inverseOps(db, [
      { op: 'put', table: 't', id: 'a', value: { v: 2 } },
      { op: 'put', table: 't', id: 'b', value: { v: 3 } },
      { op: 'delete', table: 't', id: 'a' },
      { op: 'meta', key: 'n', value: 5 },
    ]);
    expect(inverse).toEqual([
      { op: 'meta', key: 'n', value: 1 },
      { op: 'put', table: 't', id: 'a', value: { v: 1 } },
      { op: 'delete', table: 't', id: 'b' },
      { op: 'put', table: 't', id: 'a', value: { v: 1 } },
    ]);
  });
});
