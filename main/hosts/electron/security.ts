import type { BaseWindow, Dialog, Session, Shell, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './protocol';

/**
 * The renderer shows untrusted documents (leaked files, scraped pages), so it gets no Node, no Electron
 * internals and a sandboxed process; it reaches main only through the preload's named functions.
 * Each line below follows Electron's security checklist.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Spellcheck would fetch dictionaries from Google's CDN: a network request the journalist never asked for.
    spellcheck: false,
  };
}

/** URL schemes a page may load at all. data:/blob: never leave the machine; everything else is refused. */
export function isAllowedRequestUrl(url: string, options: { allowDevTools?: boolean } = {}): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  if (options.allowDevTools && url.startsWith('devtools:')) return true;
  return false;
}

/**
 * Writing text the user chose to copy (citations, quotes) is the one capability granted: it sends nothing
 * anywhere. Camera, microphone, location, notifications, clipboard *reading*, devices: all refused.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

type SessionLike = {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/** Applied to every session the app creates: nothing reaches the network, no permission is granted. */
export function hardenSession(session: SessionLike, options: { allowDevTools?: boolean } = {}): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, options) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
}

export interface ExternalLinkDeps {
  shell: Pick<Shell, 'openExternal'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  /** The window the confirmation is attached to, when there is one. */
  parent?: () => BaseWindow | null | undefined;
}

/** Only web links leave the app; file:, javascript:, smb: and custom schemes could run or leak things. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Opening a link from a source reveals the journalist's IP address to that site (and may tip off the
 * subject), so it always takes an explicit confirmation that says so. Resolves true if the link was opened.
 */
export async function openExternalWithConfirm(url: string, deps: ExternalLinkDeps): Promise<boolean> {
  if (!isExternalWebUrl(url)) return false;
  const options = {
    type: 'warning' as const,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    title: 'Open link outside Casefile?',
    message: 'Open this link in your web browser?',
    detail: `${url}\n\nThe site will see your IP address and that this link was visited. Casefile itself stays offline.`,
  };
  const parent = deps.parent?.();
  const { response } = parent ? await deps.dialog.showMessageBox(parent, options) : await deps.dialog.showMessageBox(options);
  if (response !== 1) return false;
  await deps.shell.openExternal(url);
  return true;
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents: the app's window never navigates away from app://casefile, never opens
 * another window and never hosts a <webview>. Web links are offered to the system browser instead.
 */
export function hardenWebContents(contents: ContentsLike, deps: ExternalLinkDeps): void {
  const offerExternal = (url: string): void => {
    if (isExternalWebUrl(url)) void openExternalWithConfirm(url, deps).catch(() => undefined);
  };
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    offerExternal(event.url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    offerExternal(url);
    return { action: 'deny' };
  });
}
