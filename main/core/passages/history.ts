import type { HistoryEntry, HistoryState } from '../../../shared/domain/passage';
import type { CaseDb, DbOp, Vault } from '../vault/api';

interface Step extends HistoryEntry {
  forward: DbOp[];
  inverse: DbOp[];
}

/** Plenty for a working session; older steps fall off so memory stays bounded. */
const MAX_STEPS = 500;

/** The ops that put back what `ops` will overwrite, computed from the state before they run. */
export function inverseOps(db: Readonly<CaseDb>, ops: readonly DbOp[]): DbOp[] {
  const inverse: DbOp[] = [];
  for (const op of ops) {
    if (op.op === 'meta') {
      inverse.push({ op: 'meta', key: op.key, value: structuredClone(db.meta[op.key] ?? null) });
      continue;
    }
    const prior = db.tables[op.table]?.[op.id];
    inverse.push(
      prior === undefined
        ? { op: 'delete', table: op.table, id: op.id }
        : { op: 'put', table: op.table, id: op.id, value: structuredClone(prior) },
    );
  }
  // Several ops may touch the same record; undoing them in reverse restores the oldest value last.
  return inverse.reverse();
}

/**
 * Undo/redo for one open case and one session: each step keeps its forward ops and their inverse, computed
 * when it was done. Every step is one vault commit, so an undo is as atomic and durable as the action was.
 */
export class History {
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];

  constructor(private readonly vault: Vault) {}

  /** Commits `ops` and records them as one undoable step. */
  async apply(entry: HistoryEntry, ops: DbOp[]): Promise<void> {
    if (ops.length === 0) return;
    const inverse = inverseOps(this.vault.db, ops);
    await this.vault.commit(ops);
    this.undoStack.push({ ...entry, forward: ops.map((op) => structuredClone(op)), inverse });
    if (this.undoStack.length > MAX_STEPS) this.undoStack.shift();
    this.redoStack.length = 0;
  }

  async undo(): Promise<HistoryEntry | null> {
    return this.move(this.undoStack, this.redoStack, 'inverse');
  }

  async redo(): Promise<HistoryEntry | null> {
    return this.move(this.redoStack, this.undoStack, 'forward');
  }

  private async move(from: Step[], to: Step[], direction: 'forward' | 'inverse'): Promise<HistoryEntry | null> {
    const step = from.at(-1);
    if (!step) return null;
    // Pop only after the commit succeeded, so a disk error leaves the step where the user can retry it.
    await this.vault.commit(step[direction]);
    from.pop();
    to.push(step);
    return entryOf(step);
  }

  state(): HistoryState {
    const undo = this.undoStack.at(-1);
    const redo = this.redoStack.at(-1);
    return {
      undo: undo ? entryOf(undo) : null,
      redo: redo ? entryOf(redo) : null,
      undoDepth: this.undoStack.length,
      redoDepth: this.redoStack.length,
    };
  }
}

function entryOf(step: Step): HistoryEntry {
  return { label: step.label, sourceIds: [...step.sourceIds], codebook: step.codebook };
}
