import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ipcChannel } from '../../../shared/api/bridge';
import { METHOD_NAMES } from '../../../shared/api/contract';

/**
 * A sandboxed preload gets `require` for 'electron' only and no Node globals. Bundle it as build.mjs does and
 * run it in an empty context with exactly that, so a stray Node import or global fails here, not in the app.
 */
describe('preload bundle', () => {
  it('runs with nothing but require("electron") and exposes only the contract methods', async () => {
    const result = await build({
      entryPoints: ['main/hosts/electron/preload.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const exposed: Record<string, unknown> = {};
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (channel: string) => {
          invoked.push(channel);
          return { ok: true, value: null };
        },
      },
    };
    const requireInSandbox = (name: string): unknown => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    runInNewContext(code, { require: requireInSandbox, module: { exports: {} }, exports: {} });

    expect(Object.keys(exposed)).toEqual(['casefile']);
    const bridge = exposed.casefile as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.values(bridge).some((value: unknown) => value === electron.ipcRenderer)).toBe(false);
    await bridge['session.state']?.({});
    expect(invoked).toEqual([ipcChannel('session.state')]);
  });
});
