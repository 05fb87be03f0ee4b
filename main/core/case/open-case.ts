import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportReport } from '../../../shared/api/contract';
import { CasefileError } from '../../../shared/api/result';
import type { CaseSummary } from '../../../shared/domain/case';
import type { SourceListItem, SourceSummary } from '../../../shared/domain/source';
import { DEFAULT_LIMITS, createExtractor, type Extractor, type IngestLimits } from '../ingest';
import { createVault, openVault } from '../vault';
import type { DbOp, Vault, VaultOptions } from '../vault/api';
import { readCaseMeta, sourceRecord, sourceRecords, toSummary } from './case-db';
import { toCasefileError, translateVaultErrors } from './errors';
import { ImportJobs, type ImportJob } from './import-jobs';
import { queuedFromBytes, sizeProblem, type ImportContext, type IncomingFile, type QueuedFile } from './import-sources';
import { SimilarityIndex } from './similarity-index';
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
  /** maxFileBytes defaults to CASEFILE_MAX_FILE_MB (megabytes) when set, else the ingest default. */
  ingest?: Partial<IngestLimits>;
}

/** The per-file import limit: the caller's option, else CASEFILE_MAX_FILE_MB, else the ingest default. */
export function maxFileBytesFrom(ingest: Partial<IngestLimits> | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (ingest?.maxFileBytes !== undefined) return ingest.maxFileBytes;
  const mb = Number(env.CASEFILE_MAX_FILE_MB);
  if (env.CASEFILE_MAX_FILE_MB && Number.isFinite(mb) && mb > 0) return Math.floor(mb * 1024 * 1024);
  return DEFAULT_LIMITS.maxFileBytes;
}

/** An unlocked case: the only holder of its vault (and so of its keys) until close(). */
export class OpenCase {
  private extractor: Extractor | null = null;

  /** The case's vault; its commit() also tells onCommit observers what changed. */
  readonly vault: Vault;
  private readonly commitObservers = new Set<CommitObserver>();
  private readonly closeHooks: (() => Promise<void>)[] = [];
  /** Near-duplicate signatures of every source (derived data, encrypted aux file). */
  readonly similarity: SimilarityIndex;
  readonly imports: ImportJobs;
  readonly maxFileBytes: number;

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
    this.maxFileBytes = maxFileBytesFrom(options.ingest);
    this.similarity = new SimilarityIndex(this.vault);
    this.imports = new ImportJobs({ context: () => this.importContext(), similarity: this.similarity });
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

  /** Every source with its similar sources (near-duplicates and shared passages), oldest import first. */
  async listSources(): Promise<SourceListItem[]> {
    await this.similarity.ready();
    const records = sourceRecords(this.vault);
    const titles = new Map(records.map((r) => [r.id, r.title]));
    return records
      .map((r) => ({ ...toSummary(r), similar: this.similarity.refs(r.id, (id) => titles.get(id)) }))
      .sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.title.localeCompare(b.title));
  }

  /** The context import and revision code work in (created lazily: the extractor starts worker threads). */
  importContext(): ImportContext {
    this.extractor ??= createExtractor({ ...this.options.ingest, maxFileBytes: this.maxFileBytes });
    return { vault: this.vault, extractor: this.extractor, researcher: this.options.researcher, maxFileBytes: this.maxFileBytes };
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

  /** Imports files already in memory as one job, and waits for its report. */
  async importFiles(files: readonly IncomingFile[]): Promise<ImportReport> {
    const job = this.imports.start(files.length);
    await job.add(files.map(queuedFromBytes));
    job.finish();
    return this.reportOf(job);
  }

  /**
   * Imports files and folders from disk (recursively, in a stable order) as one job. Each file is stat'ed first and
   * read only when its turn comes; files over the size limit are refused without being read.
   */
  async importPaths(paths: readonly string[], onJob?: (job: ImportJob) => void): Promise<ImportReport> {
    const files: QueuedFile[] = [];
    for (const p of paths) await collectFiles(path.resolve(p), files);
    const job = this.imports.start(files.length);
    onJob?.(job);
    const tooBig = files.flatMap((f) => {
      const reason = sizeProblem(f.size, this.maxFileBytes);
      return reason ? [{ file: f.path ?? f.name, reason }] : [];
    });
    const refused = new Set(tooBig.map((t) => t.file));
    await job.add([], tooBig);
    // Queued in slices so the job's byte limit paces reading, not the length of the list.
    const accepted = files.filter((f) => !refused.has(f.path ?? f.name));
    for (let i = 0; i < accepted.length && job.running; i += 50) await job.add(accepted.slice(i, i + 50));
    job.finish();
    return this.reportOf(job);
  }

  private async reportOf(job: ImportJob): Promise<ImportReport> {
    const report = await job.ended;
    const status = job.status();
    if (status.state !== 'failed') return report;
    // Callers of a one-shot import expect the fault itself (disk full, tampering), as before jobs existed.
    const fault = toCasefileError(job.lastFault);
    throw fault instanceof Error ? fault : new CasefileError('DISK', status.error ?? 'The import stopped.');
  }

  async close(): Promise<void> {
    await this.imports.stopAll();
    await translateVaultErrors(() => this.similarity.close()).catch(() => undefined);
    for (const hook of this.closeHooks.splice(0)) await hook().catch(() => undefined);
    const extractor = this.extractor;
    this.extractor = null;
    await extractor?.close();
    await translateVaultErrors(() => this.vault.close());
  }
}

/** Queued files hold only a size; the bytes wait on disk until the job reaches them. */
function diskFile(name: string, full: string, size: number): QueuedFile {
  return { name, path: full, size, read: () => readFile(full) };
}

async function collectFiles(target: string, into: QueuedFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(target, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CasefileError('NOT_FOUND', `No such file or folder: ${target}`);
      throw error;
    }
    into.push(diskFile(path.basename(target), target, (await stat(target)).size));
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) await collectFiles(full, into);
    else if (entry.isFile()) into.push(diskFile(entry.name, full, (await stat(full)).size));
  }
}
