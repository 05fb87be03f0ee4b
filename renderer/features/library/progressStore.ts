import type { ImportJobStatus } from '../../../shared/api/contract';

/**
 * The running import's latest status, outside React state: the progress panel subscribes to it alone, so four
 * updates a second repaint a few numbers instead of re-rendering the whole workbench (reader included).
 */
export class ImportProgressStore {
  private status: ImportJobStatus | null = null;
  private cancelling = false;
  private snapshot: { status: ImportJobStatus | null; cancelling: boolean } = { status: null, cancelling: false };
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): { status: ImportJobStatus | null; cancelling: boolean } => this.snapshot;

  set(status: ImportJobStatus): void {
    this.status = status;
    this.emit();
  }

  markCancelling(): void {
    this.cancelling = true;
    this.emit();
  }

  private emit(): void {
    this.snapshot = { status: this.status, cancelling: this.cancelling };
    for (const listener of this.listeners) listener();
  }
}
