import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { CasefileError } from '../../../shared/api/result';
import { OpenCase, createCaseService, defaultResearcher } from '../../core/case';
import { translateVaultErrors } from '../../core/case/errors';
import { changePassphrase, verifyVault } from '../../core/vault';
import { startWebHost } from '../web/server';
import { importProgress } from './import-progress';
import { sourcesTable } from './output';
import { entityCommands } from './entity-commands';
import { dossierCommands } from './dossier-commands';
import { passageCommands } from './passage-commands';
import { readPassphrase } from './passphrase';
import { searchCommands } from './search-commands';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: { min: number; max?: number };
  run(positionals: string[], values: Values): Promise<number>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const passphraseFileOption = { 'passphrase-file': { type: 'string' } } as const;

export function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

export function print(values: Values, json: unknown, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

async function currentPassphrase(values: Values): Promise<string> {
  return readPassphrase({ envVar: 'CASEFILE_PASSPHRASE', file: str(values, 'passphrase-file'), prompt: 'Passphrase', confirm: false });
}

export async function withCase<T>(dir: string, values: Values, work: (opened: OpenCase) => Promise<T>): Promise<T> {
  const passphrase = await currentPassphrase(values);
  const opened = await OpenCase.open(path.resolve(dir), passphrase, { researcher: defaultResearcher() });
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

function ensureRendererBuilt(): string {
  const staticDir = path.join(REPO_ROOT, 'out', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write('Building the user interface first (npm run build)…\n');
    const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
    if (built.status !== 0) throw new CasefileError('INTERNAL', 'The user interface could not be built; run "npm run build" to see why.');
  }
  return staticDir;
}

export const COMMANDS: Command[] = [
  {
    name: 'init',
    usage: 'init <dir> [--name N] [--demo]',
    summary: 'Create a new encrypted case in <dir> (with --demo: the five sample sources).',
    options: { name: { type: 'string' }, demo: { type: 'boolean' }, ...passphraseFileOption },
    positionals: { min: 1, max: 1 },
    async run([dir = ''], values) {
      const target = path.resolve(dir);
      const name = str(values, 'name') ?? path.basename(target);
      const passphrase = await readPassphrase({
        envVar: 'CASEFILE_PASSPHRASE',
        file: str(values, 'passphrase-file'),
        prompt: 'New passphrase',
        confirm: true,
      });
      if (passphrase.length < 8) throw new CasefileError('BAD_INPUT', 'Use a passphrase of at least 8 characters.');
      const opened = await OpenCase.create(target, name, passphrase, { researcher: defaultResearcher() });
      try {
        if (values.demo) await opened.importPaths([path.join(REPO_ROOT, 'seeds')]);
        const summary = opened.summary();
        print(values, { ...summary, dir: target }, `Created case "${summary.name}" in ${target} (${summary.sourceCount} sources).`);
      } finally {
        await opened.close();
      }
      return 0;
    },
  },
  {
    name: 'import',
    usage: 'import <dir> <paths…> [--json]',
    summary: 'Import files and folders (recursively) into the case.',
    options: passphraseFileOption,
    positionals: { min: 2 },
    async run([dir = '', ...paths], values) {
      const progress = importProgress(process.stderr);
      const report = await withCase(dir, values, (opened) => opened.importPaths(paths, progress.follow));
      progress.end();
      const lines = [
        `Imported ${report.imported.length}, skipped ${report.duplicates.length} exact duplicate(s), ${report.failed.length} failed.`,
        ...report.imported.map((s) => `  + ${s.id}  ${s.title}`),
        ...report.duplicates.map((d) => `  = ${d.file} is already in the case as ${d.existingId} (${d.existingTitle})`),
        ...report.failed.map((f) => `  ! ${f.file}: ${f.reason}`),
      ];
      print(values, report, lines.join('\n'));
      return report.failed.length > 0 ? 1 : 0;
    },
  },
  {
    name: 'sources',
    usage: 'sources <dir> [--json]',
    summary: 'List the sources in the case.',
    options: passphraseFileOption,
    positionals: { min: 1, max: 1 },
    async run([dir = ''], values) {
      const sources = await withCase(dir, values, async (opened) => opened.listSources());
      print(values, sources, sources.length ? sourcesTable(sources) : 'No sources yet.');
      return 0;
    },
  },
  {
    name: 'serve',
    usage: 'serve <dir> [--port P]',
    summary: 'Serve the workbench for this case folder on 127.0.0.1 (browser host).',
    options: { port: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run([dir = ''], values) {
      const port = Number(str(values, 'port') ?? '0');
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CasefileError('BAD_INPUT', 'The port must be a number from 0 to 65535.');
      const staticDir = ensureRendererBuilt();
      const service = createCaseService({
        location: { kind: 'project', dir: path.resolve(dir) },
        host: 'web',
        seedsDir: path.join(REPO_ROOT, 'seeds'),
      });
      const host = await startWebHost({ handlers: service.handlers, staticDir, port });
      process.stdout.write(`Casefile is serving ${path.resolve(dir)} at ${host.url}\n`);
      process.stderr.write('Open that address in a browser on this machine. Press Ctrl+C to lock the case and stop.\n');
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await service.close();
      return 0;
    },
  },
  {
    name: 'verify',
    usage: 'verify <dir>',
    summary: 'Check every encrypted file and the journal of the case; prints OK or what is wrong.',
    options: passphraseFileOption,
    positionals: { min: 1, max: 1 },
    async run([dir = ''], values) {
      const passphrase = await currentPassphrase(values);
      const report = await translateVaultErrors(() => verifyVault(path.resolve(dir), passphrase));
      const text = report.ok
        ? `OK (${report.checkedFiles} files checked)`
        : report.problems.map((p) => `${p.file}: ${p.problem}`).join('\n');
      print(values, report, text);
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'passwd',
    usage: 'passwd <dir> [--new-passphrase-file F]',
    summary: 'Change the passphrase (new one from CASEFILE_NEW_PASSPHRASE, a file or a prompt).',
    options: { ...passphraseFileOption, 'new-passphrase-file': { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run([dir = ''], values) {
      const current = await currentPassphrase(values);
      const next = await readPassphrase({
        envVar: 'CASEFILE_NEW_PASSPHRASE',
        file: str(values, 'new-passphrase-file'),
        prompt: 'New passphrase',
        confirm: true,
      });
      if (next.length < 8) throw new CasefileError('BAD_INPUT', 'Use a passphrase of at least 8 characters.');
      await translateVaultErrors(() => changePassphrase(path.resolve(dir), current, next));
      print(values, { changed: true }, 'Passphrase changed.');
      return 0;
    },
  },
  ...passageCommands(),
  ...searchCommands(),
  ...dossierCommands(),
  ...entityCommands(),
];

export async function runCommand(command: Command, positionals: string[], values: Values): Promise<number> {
  const { min, max } = command.positionals;
  if (positionals.length < min || (max !== undefined && positionals.length > max)) {
    throw new CasefileError('BAD_INPUT', `Usage: npm run cli -- ${command.usage}`);
  }
  return command.run(positionals, values);
}
