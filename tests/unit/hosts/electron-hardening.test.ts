import { EventEmitter } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../main/core/api/dispatch';
import { buildBridge } from '../../../main/hosts/electron/bridge-api';
import { FORBIDDEN_RESULT, isTrustedSender, registerIpc, type SenderEvent } from '../../../main/hosts/electron/ipc';
import { menuTemplate } from '../../../main/hosts/electron/menu';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, isAppUrl } from '../../../main/hosts/electron/protocol';
import {
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
  openExternalWithConfirm,
  secureWebPreferences,
  type ExternalLinkDeps,
} from '../../../main/hosts/electron/security';
import { mainWindowOptions } from '../../../main/hosts/electron/window';
import { CONTENT_SECURITY_POLICY } from '../../../main/hosts/web/static';
import { ipcChannel } from '../../../shared/api/bridge';
import { METHOD_NAMES } from '../../../shared/api/contract';

// The hardening modules take Electron's objects as parameters; loading the real module here would mean
// the code under test depends on the binary, which is exactly what must not happen.
vi.mock('electron', () => {
  throw new Error('electron must not be loaded by the hardening modules');
});

function fakeLinks(response: number): ExternalLinkDeps & { opened: string[]; asked: string[] } {
  const opened: string[] = [];
  const asked: string[] = [];
  return {
    opened,
    asked,
    shell: { openExternal: async (url: string) => void opened.push(url) },
    dialog: {
      showMessageBox: (async (...args: unknown[]) => {
        const options = args[args.length - 1] as { detail: string };
        asked.push(options.detail);
        return { response, checkboxChecked: false };
      }) as ExternalLinkDeps['dialog']['showMessageBox'],
    },
  };
}

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  fire(name: string, extra: Record<string, unknown> = {}): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => void (prevented = true), ...extra });
    return prevented;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Electron webPreferences', () => {
  it('isolate, sandbox and strip Node from the renderer', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });

  it('registers app:// as a secure standard scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, bypassCSP: false } });
  });
});

describe('web contents hardening', () => {
  it('prevents navigation, redirects and webviews, and denies new windows', async () => {
    const links = fakeLinks(0);
    const contents = new FakeContents();
    hardenWebContents(contents as never, links);
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-navigate', { url: 'app://casefile/other.html' })).toBe(true);
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://example.org/story' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await flush();
    // Web links are offered to the browser behind a confirmation; the user said Cancel, so nothing opened.
    expect(links.asked.some((d) => d.startsWith('https://example.org/story'))).toBe(true);
    expect(links.asked.some((d) => d.includes('file:'))).toBe(false);
    expect(links.opened).toEqual([]);
  });

  it('opens only http(s) links, and only after the user confirms', async () => {
    const yes = fakeLinks(1);
    expect(await openExternalWithConfirm('https://example.org/a', yes)).toBe(true);
    expect(yes.opened).toEqual(['https://example.org/a']);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://casefile/x', 'not a url']) {
      expect(await openExternalWithConfirm(url, yes), url).toBe(false);
    }
    expect(yes.asked).toHaveLength(1);
    const no = fakeLinks(0);
    expect(await openExternalWithConfirm('http://example.org/b', no)).toBe(false);
    expect(no.opened).toEqual([]);
  });
});

describe('session hardening', () => {
  type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
  const captured: {
    beforeRequest?: BeforeRequest;
    request?: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
    check?: (wc: unknown, permission: string) => boolean;
    device?: () => boolean;
  } = {};
  const fakeSession = {
    webRequest: { onBeforeRequest: (handler: BeforeRequest) => void (captured.beforeRequest = handler) },
    setPermissionRequestHandler: (h: typeof captured.request) => void (captured.request = h),
    setPermissionCheckHandler: (h: typeof captured.check) => void (captured.check = h),
    setDevicePermissionHandler: (h: typeof captured.device) => void (captured.device = h),
  };
  hardenSession(fakeSession as never);

  const cancelled = (url: string): boolean | undefined => {
    let answer: boolean | undefined;
    captured.beforeRequest?.({ url }, (response) => (answer = response.cancel));
    return answer;
  };

  it('cancels every request that is not the app itself', () => {
    for (const url of ['https://example.org/', 'http://127.0.0.1:8080/', 'ws://localhost/', 'file:///etc/passwd', 'ftp://x/', 'app://evil/index.html', 'app://casefile.evil/x', 'devtools://devtools/bundled/x']) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of ['app://casefile/index.html', 'app://casefile/assets/app.js', 'data:image/png;base64,AA', 'blob:app://casefile/1234']) {
      expect(cancelled(url), url).toBe(false);
    }
    expect(isAllowedRequestUrl('devtools://devtools/x', { allowDevTools: true })).toBe(true);
  });

  it('denies permission requests and checks, and devices', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'display-capture', 'unknown']) {
      let granted: boolean | undefined;
      captured.request?.({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(captured.check?.({}, permission), permission).toBe(false);
    }
    expect(captured.device?.()).toBe(false);
  });
});

describe('IPC', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as unknown as SenderEvent;

  it('trusts only the top frame of app://casefile', () => {
    expect(isTrustedSender(frame('app://casefile/index.html'))).toBe(true);
    expect(isTrustedSender(frame('app://casefile/index.html', { url: 'app://casefile/index.html' }))).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(frame('app://casefile.evil/index.html'))).toBe(false);
    expect(isTrustedSender(frame('file:///app/out/renderer/index.html'))).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as unknown as SenderEvent)).toBe(false);
    expect(isAppUrl('app://user:pw@casefile/')).toBe(false);
  });

  it('registers one handler per contract method and refuses untrusted senders before dispatch', async () => {
    const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) => void registered.set(channel, handler),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    let called = 0;
    const handlers = {
      'app.info': async () => {
        called += 1;
        return { version: '1.0.0', host: 'electron', researcher: 'r' };
      },
    } as unknown as Handlers;
    const unregister = registerIpc(ipcMain as never, handlers);
    expect([...registered.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());

    const info = registered.get(ipcChannel('app.info'));
    expect(await info?.(frame('https://evil.example/'), {})).toEqual(FORBIDDEN_RESULT);
    expect(await info?.(frame('app://casefile/index.html', { url: 'x' }), {})).toEqual(FORBIDDEN_RESULT);
    expect(FORBIDDEN_RESULT).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(called).toBe(0);
    expect(await info?.(frame('app://casefile/index.html'), {})).toEqual({
      ok: true,
      value: { version: '1.0.0', host: 'electron', researcher: 'r' },
    });
    expect(await registered.get(ipcChannel('sources.read'))?.(frame('app://casefile/'), { id: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    unregister();
    expect(registered.size).toBe(0);
  });

  it('the preload bridge has exactly one function per method, each on its own channel', async () => {
    const sent: Array<[string, unknown]> = [];
    const bridge = buildBridge(async (channel, input) => {
      sent.push([channel, input]);
      return { ok: true, value: null };
    });
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true);
    await bridge['sources.read']({ id: 'a' });
    await bridge['case.lock'](undefined);
    expect(sent).toEqual([
      [ipcChannel('sources.read'), { id: 'a' }],
      [ipcChannel('case.lock'), {}],
    ]);
  });
});

describe('app:// protocol', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'casefile-proto-'));
    await mkdir(path.join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>Casefile</title>');
    await writeFile(path.join(root, 'renderer', 'assets', 'a.css'), 'body{}');
    await writeFile(path.join(root, 'secret.txt'), 'TOP SECRET');
    handler = createAppProtocolHandler(path.join(root, 'renderer'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the renderer with the CSP and nosniff headers', async () => {
    const res = await handler(new Request('app://casefile/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Casefile</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const css = await handler(new Request('app://casefile/assets/a.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses other hosts, other verbs and anything outside the renderer folder', async () => {
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://casefile/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    for (const url of ['app://casefile/../secret.txt', 'app://casefile/%2e%2e/secret.txt', 'app://casefile/assets/..%2f..%2fsecret.txt', 'app://casefile/..%5csecret.txt']) {
      const res = await handler(new Request(url));
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('TOP SECRET');
    }
  });
});

describe('application menu', () => {
  const roles = (template: ReturnType<typeof menuTemplate>): string[] =>
    JSON.stringify(template).match(/"role":"[A-Za-z]+"/g)?.map((r) => r.slice(8, -1)) ?? [];

  it('uses the standard roles and leaves developer tools out of packaged builds', () => {
    const packaged = roles(menuTemplate({ isMac: false, isPackaged: true, appName: 'Casefile' }));
    expect(packaged).toEqual(expect.arrayContaining(['quit', 'editMenu', 'windowMenu', 'zoomIn', 'togglefullscreen']));
    expect(packaged).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ isMac: false, isPackaged: false, appName: 'Casefile' }))).toContain('toggleDevTools');
    expect(roles(menuTemplate({ isMac: true, isPackaged: true, appName: 'Casefile' }))).toEqual(
      expect.arrayContaining(['about', 'hide', 'quit', 'close']),
    );
  });
});
