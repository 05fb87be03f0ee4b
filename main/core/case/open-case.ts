import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ImportReport } from '../../../shared/api/contract';
import { CasefileError } from '../../../shared/api/result';
import type { CaseSummary } from '../../../shared/domain/case';
import type { SourceSummary } from '../../../shared/domain/source';
import { createExtractor, type Extractor, type IngestLimits } from '../ingest';
import { createVault, openVault } from '../vault';
import type { DbOp, Vault, VaultOptions } from '../vault/api';
import { readCaseMeta, sourceRecord, sourceRecords, toSummary } from './case-db';
import { translateVaultErrors } from './errors';
import { importFiles, type IncomingFile } from './import-sources';
import { searchOf } from '../search/case-search';

export type CommitObserver = (ops: readonly DbOp[]) => void;

/** The same vault, with commit() reporting each applied change set (after it is durable) to `notify`. */
function observeCommits(vault: Vault, notify: CommitObserver): Vault {
  const commit = async (ops: readonly DbOp[]): Promise<void> => {
    await vault.commit(ops);
    notify(ops);
  };
  return new Proxy(vault, {
    get(target, property) {
      if (property === 'commit') return commit;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface OpenCaseOptions {
  researcher: string;
  vault?: VaultOptions;
  ingest?: Partial<IngestLimits>;
}

/** An unlocked case: the only holder of its vault (and so of its keys) until close(). */
export class OpenCase {
  private extractor: Extractor | null = null;

  /** The case's vault; its commit() also tells onCommit observers what changed. */
  readonly vault: Vault;
  private readonly commitObservers = new Set<CommitObserver>();
  private readonly closeHooks: (() => Promise<void>)[] = [];

  private constructor(
    readonly dir: string,
    vault: Vault,
    private readonly options: OpenCaseOptions,
  ) {
    this.vault = observeCommits(vault, (ops) => {
      for (const observer of this.commitObservers) observer(ops);
    });
    // The search index follows every commit from the start, so imports are indexed as they land.
    searchOf(this);
  }

  /**
   * Hook for derived data (the search index): called after each durable commit, whoever made it (imports,
   * passages, undo/redo, entities). Observers must be quick; heavy work belongs in their own queue.
   */
  onCommit(observer: CommitObserver): () => void {
    this.commitObservers.add(observer);
    return () => this.commitObservers.delete(observer);
  }

  /** Work that needs the open vault one last time (e.g. writing the search index) before close() locks it. */
  beforeClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  static async create(dir: string, name: string, passphrase: string, options: OpenCaseOptions): Promise<OpenCase> {
    const vault = await translateVaultErrors(() => createVault(dir, passphrase, options.vault));
    const opened = new OpenCase(dir, vault, options);
    await translateVaultErrors(() =>
      vault.commit([
        { op: 'meta', key: 'name', value: name },
        { op: 'meta', key: 'createdAt', value: new Date().toISOString() },
        { op: 'meta', key: 'createdBy', value: options.researcher },
      ]),
    );
    return opened;
  }

  static async open(dir: string, passphrase: string, options: OpenCaseOptions): Promise<OpenCase> {
    const vault = await translateVaultErrors(() => openVault(dir, passphrase, options.vault));
    return new OpenCase(dir, vault, options);
  }

  summary(): CaseSummary {
    const meta = readCaseMeta(this.vault);
    return { id: this.vault.projectId, name: meta.name, createdAt: meta.createdAt, sourceCount: sourceRecords(this.vault).length };
  }

  autoLockMinutes(): number | null {
    const value = this.vault.db.meta.autoLockMinutes;
    return typeof value === 'number' ? value : null;
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    await translateVaultErrors(() => this.vault.commit([{ op: 'meta', key: 'autoLockMinutes', value: minutes }]));
  }

  listSources(): SourceSummary[] {
    return sourceRecords(this.vault)
      .map(toSummary)
      .sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.title.localeCompare(b.title));
  }

  findSource(idOrTitle: string): SourceSummary {
    const byId = sourceRecord(this.vault, idOrTitle);
    if (byId) return toSummary(byId);
    const byTitle = sourceRecords(this.vault).filter((r) => r.title === idOrTitle);
    if (byTitle.length === 1 && byTitle[0]) return toSummary(byTitle[0]);
    if (byTitle.length > 1) throw new CasefileError('BAD_INPUT', `${byTitle.length} sources are titled "${idOrTitle}"; use an id.`);
    throw new CasefileError('NOT_FOUND', `No source with id or title "${idOrTitle}".`);
  }

  async readSourceText(id: string): Promise<{ source: SourceSummary; text: string }> {
    const record = sourceRecord(this.vault, id);
    if (!record) throw new CasefileError('NOT_FOUND', 'That source is not in this case.');
    const bytes = await translateVaultErrors(() => this.vault.readBlob(record.textBlob));
    return { source: toSummary(record), text: new TextDecoder().decode(bytes) };
  }

  async importFiles(files: readonly IncomingFile[]): Promise<ImportReport> {
    this.extractor ??= createExtractor(this.options.ingest);
    const extractor = this.extractor;
    return translateVaultErrors(() => importFiles({ vault: this.vault, extractor, researcher: this.options.researcher }, files));
  }

  /** Reads files and folders (recursively, in a stable order) from disk for import. */
  async importPaths(paths: readonly string[]): Promise<ImportReport> {
    const files: IncomingFile[] = [];
    for (const p of paths) await collectFiles(path.resolve(p), files);
    return this.importFiles(files);
  }

  async close(): Promise<void> {
    for (const hook of this.closeHooks.splice(0)) await hook().catch(() => undefined);
    const extractor = this.extractor;
    this.extractor = null;
    await extractor?.close();
    await translateVaultErrors(() => this.vault.close());
  }
}

async function collectFiles(target: string, into: IncomingFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(target, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CasefileError('NOT_FOUND', `No such file or folder: ${target}`);
      throw error;
    }
    into.push({ name: path.basename(target), path: target, bytes: await readFile(target) });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) await collectFiles(full, into);
    else if (entry.isFile()) into.push({ name: entry.name, path: full, bytes: await readFile(full) });
  }
}
