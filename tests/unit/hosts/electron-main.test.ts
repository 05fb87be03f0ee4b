import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../../shared/api/bridge';
import { METHOD_NAMES } from '../../../shared/api/contract';

/**
 * main.ts wired against a recording stand-in for Electron (the binary cannot run here): the real case
 * service, IPC registration, protocol and hardening, checked from the outside as Electron would call them.
 */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
  }
  const windows: Array<{ options: Record<string, unknown>; url?: string }> = [];
  class BrowserWindow extends Emitter {
    options: Record<string, unknown>;
    url?: string;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  const calls = {
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipc: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
    beforeRequest: [] as Array<(details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void>,
    sandboxEnabled: false,
    quit: 0,
    menu: null as unknown,
  };
  const app = Object.assign(new Emitter(), {
    name: 'Casefile',
    isPackaged: false,
    getAppPath: () => process.cwd(),
    enableSandbox: () => void (calls.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    quit: () => void (calls.quit += 1),
    exit: () => undefined,
  });
  const defaultSession = {
    webRequest: { onBeforeRequest: (fn: (typeof calls.beforeRequest)[number]) => void calls.beforeRequest.push(fn) },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
  };
  return { app, BrowserWindow, windows, calls, defaultSession };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  dialog: { showMessageBox: async () => ({ response: 0 }) },
  shell: { openExternal: async () => undefined },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => void fake.calls.ipc.set(channel, fn),
    removeHandler: (channel: string) => void fake.calls.ipc.delete(channel),
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (fake.calls.menu = m) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void fake.calls.schemes.push(...schemes),
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) => void fake.calls.protocolHandlers.set(scheme, fn),
  },
  session: { defaultSession: fake.defaultSession },
}));

let home: string;
const trusted = { senderFrame: { url: 'app://casefile/index.html', parent: null } };

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'casefile-electron-main-'));
  process.env.CASEFILE_HOME = home;
  await import('../../../main/hosts/electron/main');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(async () => {
  delete process.env.CASEFILE_HOME;
  await rm(home, { recursive: true, force: true });
});

describe('Electron main process wiring', () => {
  it('registers the privileged scheme, sandboxes every renderer and opens one hardened window on app://', () => {
    expect(fake.calls.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.calls.sandboxEnabled).toBe(true);
    const [window] = fake.windows;
    expect(window?.url).toBe('app://casefile/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.join(process.cwd(), 'out', 'preload', 'preload.cjs'),
    });
    expect(fake.calls.menu).not.toBeNull();
  });

  it('hardens the default session and every new web contents', () => {
    expect(fake.calls.beforeRequest).toHaveLength(1);
    let cancel: boolean | undefined;
    fake.calls.beforeRequest[0]?.({ url: 'https://example.org/' }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(true);
    expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1);
    expect(fake.app.listeners.get('session-created')).toHaveLength(1);
  });

  it('serves the renderer through app:// without leaving the renderer folder', async () => {
    const handler = fake.calls.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const res = await handler?.(new Request('app://casefile/%2e%2e/%2e%2e/package.json'));
    expect([403, 404]).toContain(res?.status);
  });

  it('answers every contract method over IPC from the real service, in library mode at CASEFILE_HOME', async () => {
    expect([...fake.calls.ipc.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
    const state = await fake.calls.ipc.get(ipcChannel('session.state'))?.(trusted, {});
    expect(state).toMatchObject({ ok: true, value: { mode: 'library', phase: 'no-case', demoAvailable: true } });
    const info = await fake.calls.ipc.get(ipcChannel('app.info'))?.(trusted, {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
    const stranger = await fake.calls.ipc.get(ipcChannel('session.state'))?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, {});
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('closes the service before quitting, once', async () => {
    let prevented = 0;
    const event = { preventDefault: () => void (prevented += 1) };
    fake.app.emit('before-quit', event);
    fake.app.emit('before-quit', event);
    expect(prevented).toBe(2);
    await vi.waitFor(() => expect(fake.calls.quit).toBe(1));
    fake.app.emit('before-quit', event);
    expect(prevented).toBe(2);
  });
});
