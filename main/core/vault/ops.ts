import type { CaseDb, DbOp } from './api';

function checkName(kind: string, value: unknown): string {
  // "__proto__" would reach the object's prototype instead of a key.
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || value === '__proto__') {
    throw new TypeError(`A database ${kind} must be a non-empty string (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/** Rejects malformed ops before anything is written, so a commit is all-or-nothing. */
export function validateOps(ops: readonly DbOp[]): void {
  if (!Array.isArray(ops)) throw new TypeError('commit() takes an array of operations.');
  for (const op of ops) {
    switch (op?.op) {
      case 'put':
        checkName('table', op.table);
        checkName('id', op.id);
        if (op.value === undefined) throw new TypeError('A put operation needs a value.');
        break;
      case 'delete':
        checkName('table', op.table);
        checkName('id', op.id);
        break;
      case 'meta':
        checkName('meta key', op.key);
        break;
      default:
        throw new TypeError(`Unknown database operation ${JSON.stringify((op as { op?: unknown })?.op)}.`);
    }
  }
}

/** Applies ops already round-tripped through JSON, so memory matches exactly what a replay will rebuild. */
export function applyOps(db: CaseDb, ops: readonly DbOp[]): void {
  for (const op of ops) {
    if (op.op === 'meta') {
      if (op.value === undefined) delete db.meta[op.key];
      else db.meta[op.key] = op.value;
    } else if (op.op === 'put') {
      (db.tables[op.table] ??= {})[op.id] = op.value;
    } else {
      const table = db.tables[op.table];
      if (table) delete table[op.id];
    }
  }
}
