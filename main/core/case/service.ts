import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MethodName } from '../../../shared/api/contract';
import { HISTORY_METHODS } from '../../../shared/api/history-methods';
import { CasefileError } from '../../../shared/api/result';
import type { SessionState } from '../../../shared/domain/case';
import type { Handlers } from '../api/dispatch';
import type { IngestLimits } from '../ingest';
import { readVaultHeader } from '../vault';
import type { VaultOptions } from '../vault/api';
import { folderDir, folderForNewCase, listCaseFolders, type CaseLocation } from './case-locations';
import type { CaseContext } from './context';
import { OpenCase } from './open-case';
import { sourceHandlers } from './source-handlers';
import { passageHandlers } from '../passages/handlers';
import { searchHandlers } from '../search/handlers';
import { entityHandlers } from '../entities/handlers';
import { dossierHandlers } from '../dossier/handlers';
import type { IncomingFile } from './import-sources';
import type { PdfPrinter } from '../dossier/printer';

export interface CaseServiceOptions {
  location: CaseLocation;
  host: 'electron' | 'web';
  /** Folder holding the demo case's sample documents. */
  seedsDir: string;
  researcher?: string;
  /** Idle minutes before the case locks itself; 0 turns auto-lock off. */
  autoLockMinutes?: number;
  vault?: VaultOptions;
  ingest?: Partial<IngestLimits>;
  version?: string;
  /** PDF engine for dossier exports (Electron passes its printToPDF); default: headless Chromium. */
  pdfPrinter?: PdfPrinter;
}

export interface CaseService {
  readonly handlers: Handlers;
  close(): Promise<void>;
}

const DEFAULT_AUTO_LOCK_MINUTES = 15;
/** Calls that only look at the session must not keep an idle case unlocked. */
const PASSIVE_METHODS = new Set(['session.state', 'app.info']);

export function defaultResearcher(): string {
  try {
    return process.env.CASEFILE_RESEARCHER || os.userInfo().username || 'researcher';
  } catch {
    return 'researcher';
  }
}

export function createCaseService(options: CaseServiceOptions): CaseService {
  const researcher = options.researcher ?? defaultResearcher();
  const autoLockMinutes = options.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
  const openOptions = { researcher, vault: options.vault, ingest: options.ingest };
  let current: OpenCase | null = null;
  let lastFolder: string | null = options.location.kind === 'project' ? path.basename(options.location.dir) : null;
  let idleTimer: NodeJS.Timeout | null = null;
  // Open/close run one at a time so a double-click cannot open the same vault twice.
  const serial = oneAtATime();
  let inHistoryOrder = oneAtATime();

  const lock = async (): Promise<void> => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const closing = current;
    current = null;
    // Each open case has its own history order: a change that never settled must not hold up the next case's.
    inHistoryOrder = oneAtATime();
    await closing?.close();
  };

  /** The case's own setting wins over the host's default. */
  const effectiveAutoLock = (): number => current?.autoLockMinutes() ?? autoLockMinutes;

  const touch = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const minutes = effectiveAutoLock();
    if (!current || minutes <= 0) return;
    idleTimer = setTimeout(() => void serial(lock), minutes * 60_000);
    idleTimer.unref();
  };

  const requireOpen = (): OpenCase => {
    if (!current) throw new CasefileError('CASE_LOCKED', 'The case is locked. Unlock it to continue.');
    return current;
  };

  const context: CaseContext = { requireOpen, researcher };

  const state = async (): Promise<SessionState> => {
    const cases = await listCaseFolders(options.location);
    const phase = current ? 'open' : cases.length > 0 ? 'locked' : 'no-case';
    return {
      mode: options.location.kind,
      phase,
      folder: current ? path.basename(current.dir) : (lastFolder ?? cases[0]?.folder ?? null),
      openCase: current?.summary() ?? null,
      cases,
      demoAvailable: (await seedNames(options.seedsDir)).length > 0,
      autoLockMinutes: effectiveAutoLock(),
    };
  };

  const handlers: Handlers = {
    'app.info': async () => ({ version: options.version ?? '0.0.0', host: options.host, researcher }),
    'session.state': state,
    'case.create': (input) =>
      serial(async () => {
        // Refuse before locking, so a failed create never closes the case the user is working in.
        const dir = await folderForNewCase(options.location, input.folder);
        if (await readVaultHeader(dir).catch(() => null)) {
          throw new CasefileError('CASE_EXISTS', 'This folder already holds a case; unlock it instead.');
        }
        await lock();
        const opened = await OpenCase.create(dir, input.name, input.passphrase, openOptions);
        current = opened;
        lastFolder = path.basename(dir);
        if (input.demo) await opened.importFiles(await seedFiles(options.seedsDir));
        touch();
        return opened.summary();
      }),
    'case.unlock': (input) =>
      serial(async () => {
        const dir = folderDir(options.location, input.folder, lastFolder);
        await lock();
        current = await OpenCase.open(dir, input.passphrase, openOptions);
        lastFolder = path.basename(dir);
        touch();
        return current.summary();
      }),
    'case.setAutoLock': async (input) => {
      await requireOpen().setAutoLockMinutes(input.minutes);
      touch();
      return { autoLockMinutes: input.minutes };
    },
    'case.lock': () =>
      serial(async () => {
        await lock();
        return { locked: true as const };
      }),
    // Each feature contributes its own handlers; TypeScript checks that together they cover the contract.
    ...sourceHandlers(context),
    ...passageHandlers(context),
    ...searchHandlers(context),
    ...entityHandlers(context),
    ...dossierHandlers(context, { pdfPrinter: options.pdfPrinter }),
  };


  const tracked = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => [
      method,
      async (input: never) => {
        if (!PASSIVE_METHODS.has(method)) touch();
        const run = (): Promise<unknown> => (handler as (i: never) => Promise<unknown>)(input);
        // In arrival order: an edit reads the case before it commits, and an undo must not overtake it (history-methods.ts).
        return HISTORY_METHODS.has(method as MethodName) ? inHistoryOrder(run) : run();
      },
    ]),
  ) as unknown as Handlers;

  return { handlers: tracked, close: () => serial(lock) };
}

/** A FIFO: each piece of work starts when the one before it has settled, whatever its outcome. */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
}

async function seedNames(seedsDir: string): Promise<string[]> {
  try {
    return (await readdir(seedsDir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

async function seedFiles(seedsDir: string): Promise<IncomingFile[]> {
  const names = await seedNames(seedsDir);
  return Promise.all(
    names.map(async (name) => ({ name, path: `seeds/${name}`, bytes: await readFile(path.join(seedsDir, name)) })),
  );
}
