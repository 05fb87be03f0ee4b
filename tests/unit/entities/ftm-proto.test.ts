import { describe, expect, it } from 'vitest';
import { edgeEnds, ftmProblem, isEdgeSchema, kindOfSchema } from '../../../main/core/entities/ftm';
import { importFtm } from '../../../main/core/entities/io';
import type { EntityBook } from '../../../main/core/entities/model';

// Names every plain object inherits: a lookup table indexed by them without an own-property check finds
// Object.prototype's members instead of "no such schema".
const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('FtM schema names that are Object.prototype members', () => {
  it('are unknown schemas, not crashes or edges', () => {
    for (const schema of INHERITED) {
      for (const properties of [{}, { name: ['x'] }]) {
        expect(ftmProblem({ id: 'x', schema, properties }), schema).toBe(`schema "${schema}" is not one Casefile reads`);
      }
      expect(isEdgeSchema(schema), schema).toBe(false);
      expect(edgeEnds(schema), schema).toBeNull();
      expect(kindOfSchema(schema, ''), schema).toBe('other');
    }
  });

  it('cost one line each in an import, never the whole import', async () => {
    const committed: unknown[] = [];
    let n = 0;
    const book = {
      records: () => ({ entities: [], relationships: [] }),
      newEntityRecord: (input: object) => ({ id: `e${++n}`, createdAt: '', updatedAt: '', ...input }),
      commitImport: (_label: string, ops: unknown[]) => {
        committed.push(...ops);
        return Promise.resolve();
      },
    } as unknown as EntityBook;
    const content = [
      JSON.stringify({ id: 'p1', schema: 'Person', properties: { name: ['Ada Reporter'] } }),
      ...INHERITED.map((schema) => `{"id":"${schema}1","schema":"${schema}","properties":{"name":["x"]}}`),
      JSON.stringify({ id: 'p2', schema: 'Person', properties: { name: ['Ben Editor'] } }),
    ].join('\n');
    const report = await importFtm(book, content, 'tester');
    expect(report.entitiesCreated).toBe(2);
    expect(report.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(report.errors[0]?.message).toBe('schema "__proto__" is not one Casefile reads');
    expect(committed).toHaveLength(2);
  });
});
