/**
 * Child process of the lock race test: loads, says "ready", waits for a "go" line on stdin (so two children start
 * taking the lock at the same instant), tries to take the lock once and prints one JSON line: {held: true} or
 * {held: false, code}. A holder then waits for a "release" line, which the parent sends once the other child has
 * given up, checks that the lock file is still its own, releases it and prints {released: true, kept}.
 * argv: case folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { acquireLock } from '../../../main/core/vault/lock';
import { nodeFs } from '../../../main/core/vault/fs';

const [dir] = process.argv.slice(2) as [string];
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (line: string) => process.stdout.write(`${line}\n`);

say('ready');
void (async () => {
  await lines.next();
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(nodeFs, dir);
  } catch (error) {
    say(JSON.stringify({ held: false, code: (error as { code?: string }).code }));
    process.exit(0);
  }
  say(JSON.stringify({ held: true }));
  await lines.next();
  const text = await readFile(path.join(dir, 'casefile.lock'), 'utf8').catch(() => '');
  const kept = text.split('\n')[0] === String(process.pid);
  await lock.release();
  say(JSON.stringify({ released: true, kept }));
  process.exit(0);
})();
