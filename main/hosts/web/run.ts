import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCaseService, type CaseServiceOptions } from '../../core/case';
import { startWebHost } from './server';

/**
 * Entry of the browser host when Electron is not available (npm start) and of the e2e tests.
 * build.mjs bundles it with the same esbuild settings as Electron's main, so the tests exercise the
 * core exactly as the desktop app ships it. Paths default to the working directory: scripts run it
 * from the project root.
 */
const USAGE = 'usage: node out/main/casefile-web.cjs (--library <root> | --project <dir>) [--port N] [--seeds <dir>] [--static <dir>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      library: { type: 'string' },
      project: { type: 'string' },
      port: { type: 'string', default: '0' },
      seeds: { type: 'string' },
      static: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (values.library && values.project)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const location: CaseServiceOptions['location'] = values.project
    ? { kind: 'project', dir: path.resolve(values.project) }
    : { kind: 'library', root: path.resolve(values.library ?? process.env.CASEFILE_HOME ?? path.join(os.homedir(), 'Casefile')) };

  const service = createCaseService({
    location,
    host: 'web',
    seedsDir: path.resolve(values.seeds ?? 'seeds'),
  });
  const logInternalError = (method: string, error: unknown): void => {
    console.error(`[casefile] ${method} failed:`, error);
  };
  const host = await startWebHost({
    handlers: service.handlers,
    staticDir: path.resolve(values.static ?? path.join('out', 'renderer')),
    port,
    onInternalError: logInternalError,
  });
  const where = location.kind === 'project' ? location.dir : location.root;
  process.stdout.write(`Casefile is serving ${where} at ${host.url}\n`);
  process.stderr.write('Open that address in a browser on this machine. Press Ctrl+C to lock the case and stop.\n');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  await service.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
