/**
 * Child process of the crash test: opens the case and mutates it at random forever, printing one JSON line before
 * each mutation starts ("begin") and one after its promise resolved ("ack"). The parent SIGKILLs it at random.
 * Imports are mimicked too: documents' blobs are put deferred (not durable yet, so not announced), then one commit
 * names them; its begin line lists the blobs and its ack comes only after that commit resolved.
 * argv: case folder, passphrase, seed, compactAfterRecords.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openVault, type DbOp } from '../../../main/core/vault';

const [dir, passphrase, seedText, compactText] = process.argv.slice(2) as [string, string, string, string];
let seed = Number(seedText) >>> 0;
function rand(): number {
  // mulberry32: reproducible choices for a given seed.
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
// Synchronous, so a line is out before the next step starts and survives the kill that follows.
const say = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function randomOps(counter: number): DbOp[] {
  return Array.from({ length: 1 + Math.floor(rand() * 3) }, (): DbOp => {
    const id = `p${Math.floor(rand() * 40)}`;
    const r = rand();
    if (r < 0.2) return { op: 'delete', table: 'passages', id };
    if (r < 0.3) return { op: 'meta', key: pick(['title', 'owner']), value: `${counter}` };
    return { op: 'put', table: 'passages', id, value: { counter, quote: 'x'.repeat(Math.floor(rand() * 300)), tags: [pick(['a', 'b'])] } };
  });
}

say({ t: 'opening' });
const vault = await openVault(dir, passphrase, { kdf: { memoryKiB: 64, passes: 1 }, allowWeakKdf: true, compactAfterRecords: Number(compactText) });
say({ t: 'ready' });
let current = passphrase;
for (let counter = 0; ; counter++) {
  const r = rand();
  if (r < 0.12) {
    // 1–3 documents of 1–2 blobs each, all deferred and in flight together, like the import pipeline.
    const docs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
      Array.from({ length: 1 + Math.floor(rand() * 2) }, () => randomBytes(pick([0, 100, 65537, Math.floor(rand() * 20_000)]))),
    );
    const names = await Promise.all(docs.map((blobs) => Promise.all(blobs.map((bytes) => vault.putBlob(bytes, { sync: 'deferred' })))));
    const ops = names.map((blobNames, i): DbOp => ({ op: 'put', table: 'docs', id: `d${counter}-${i}`, value: { blobs: blobNames } }));
    const blobs = docs.flatMap((blobs, i) => blobs.map((bytes, j) => ({ name: names[i]![j]!, sha: sha256(bytes) })));
    say({ t: 'begin', kind: 'commit', ops, blobs });
    await vault.commit(ops);
    say({ t: 'ack' });
  } else if (r < 0.45) {
    const ops = randomOps(counter);
    say({ t: 'begin', kind: 'commit', ops });
    await vault.commit(ops);
    say({ t: 'ack' });
  } else if (r < 0.55) {
    // Several commits in flight at once: the queue must keep them in order.
    const batches = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => randomOps(counter));
    const promises = batches.map((ops) => {
      say({ t: 'begin', kind: 'commit', ops });
      return vault.commit(ops);
    });
    for (const promise of promises) {
      await promise;
      say({ t: 'ack' });
    }
  } else if (r < 0.67) {
    const bytes = randomBytes(pick([0, 100, 65536, 65537, Math.floor(rand() * 200_000)]));
    say({ t: 'begin', kind: 'blob', sha: sha256(bytes) });
    const name = await vault.putBlob(bytes);
    say({ t: 'ack', name });
  } else if (r < 0.77) {
    const name = pick(['index', 'cache']);
    const value = rand() < 0.25 ? null : `aux ${counter} ${'y'.repeat(Math.floor(rand() * 2000))}`;
    say({ t: 'begin', kind: 'aux', name, value });
    if (value === null) await vault.deleteAux(name);
    else await vault.putAux(name, Buffer.from(value));
    say({ t: 'ack' });
  } else if (r < 0.9) {
    say({ t: 'begin', kind: 'compact' });
    await vault.compact();
    say({ t: 'ack' });
  } else {
    const next = `pw-${seedText}-${counter}`;
    say({ t: 'begin', kind: 'passphrase', next });
    await vault.changePassphrase(current, next);
    current = next;
    say({ t: 'ack' });
  }
}
