/**
 * Child process of the lock race test: loads, says "ready", waits for a line on stdin (so two children start
 * taking the lock at the same instant), tries to take the lock once, and if it got it, checks for a while that the
 * lock file is still its own before releasing it. Prints one JSON line: {held, kept} or {held: false, code}.
 * argv: case folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { acquireLock } from '../../../main/core/vault/lock';
import { nodeFs } from '../../../main/core/vault/fs';

const [dir] = process.argv.slice(2) as [string];
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  void (async () => {
    try {
      const lock = await acquireLock(nodeFs, dir);
      let kept = true;
      for (let i = 0; i < 20; i++) {
        const text = await readFile(path.join(dir, 'casefile.lock'), 'utf8').catch(() => '');
        if (text.split('\n')[0] !== String(process.pid)) kept = false;
        await new Promise((r) => setTimeout(r, 10));
      }
      await lock.release();
      process.stdout.write(`${JSON.stringify({ held: true, kept })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ held: false, code: (error as { code?: string }).code })}\n`);
    }
    process.exit(0);
  })();
});
