import { describe, expect, it } from 'vitest';
import { crashCycles } from '../../soak/vault-crash';

describe('crash safety', () => {
  it('after each of 200 SIGKILLs the case opens with the acknowledged passphrase and holds every acknowledged change', async () => {
    const stats = await crashCycles({ kills: 200 });
    expect(stats.kills).toBe(200);
    // The kills must land while work is happening, not only before or after it.
    expect(stats.acknowledged).toBeGreaterThan(400);
    expect(stats.passphraseChanges).toBeGreaterThan(5);
    expect(stats.killedDuringOpen).toBeGreaterThan(5);
    // Imports' deferred blobs: each such acknowledged record's blobs were read back after the kill that followed.
    expect(stats.deferredCommits).toBeGreaterThan(20);
  }, 170_000);
});
