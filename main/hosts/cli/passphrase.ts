import { readFile } from 'node:fs/promises';
import { CasefileError } from '../../../shared/api/result';

export interface PassphraseSource {
  envVar: string;
  file: string | undefined;
  prompt: string;
  /** Ask twice on a TTY (new passphrases), so a typo cannot lock the user out. */
  confirm: boolean;
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          cleanup();
          stderr.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          cleanup();
          stderr.write('\n');
          reject(new CasefileError('BAD_INPUT', 'Cancelled.'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    const cleanup = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

/**
 * Passphrases never come from a plain argument (it would sit in shell history and the process list):
 * only from an environment variable, a file, or a hidden prompt.
 */
export async function readPassphrase(source: PassphraseSource): Promise<string> {
  const fromEnv = process.env[source.envVar];
  if (fromEnv) {
    // Child processes (Chromium for PDF export) inherit the environment: the secret must not go with it.
    delete process.env[source.envVar];
    return fromEnv;
  }
  if (source.file) {
    const text = await readFile(source.file, 'utf8').catch(() => {
      throw new CasefileError('NOT_FOUND', `Cannot read the passphrase file ${source.file}.`);
    });
    // The first line only: a trailing blank line in the file must not become part of the passphrase.
    const line = text.split(/\r?\n/)[0] ?? '';
    if (!line) throw new CasefileError('BAD_INPUT', `The passphrase file ${source.file} is empty.`);
    return line;
  }
  if (!process.stdin.isTTY) {
    throw new CasefileError(
      'BAD_INPUT',
      `No passphrase given: set ${source.envVar}, pass a file with the passphrase option, or run in a terminal to be asked.`,
    );
  }
  const first = await promptHidden(`${source.prompt}: `);
  if (source.confirm) {
    const second = await promptHidden('Type it again: ');
    if (first !== second) throw new CasefileError('BAD_INPUT', 'The two passphrases do not match.');
  }
  return first;
}
