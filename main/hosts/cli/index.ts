#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CasefileError } from '../../../shared/api/result';
import { runCommand, COMMANDS } from './commands';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`).join('\n')}

Passphrases come from CASEFILE_PASSPHRASE, --passphrase-file F, or a hidden prompt on a terminal.
Add --debug to any command to see stack traces.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new CasefileError('BAD_INPUT', `Unknown command "${name}". Run "npm run cli -- help" for the list.`);
  if (rest.some((arg) => arg === '--passphrase' || arg.startsWith('--passphrase='))) {
    throw new CasefileError('BAD_INPUT', 'Passphrases are never taken as arguments; use CASEFILE_PASSPHRASE or --passphrase-file.');
  }
  const config: ParseArgsConfig = {
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { debug: { type: 'boolean' }, json: { type: 'boolean' }, ...command.options },
  };
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new CasefileError('BAD_INPUT', `${(error as Error).message.split('\n')[0]} Usage: npm run cli -- ${command.usage}`);
  }
  return runCommand(command, parsed.positionals, parsed.values as Record<string, string | boolean | string[] | undefined>);
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (debug) console.error(error);
    const message = error instanceof CasefileError || error instanceof Error ? error.message : String(error);
    const known = error instanceof CasefileError;
    process.stderr.write(`casefile: ${known ? message : `unexpected error: ${message} (run with --debug for details)`}\n`);
    process.exitCode = known ? 1 : 70;
  },
);
