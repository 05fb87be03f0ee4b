import type { CustomScheme } from 'electron';
import { lookupStatic, STATIC_SECURITY_HEADERS } from '../web/static';

export const APP_SCHEME = 'app';
export const APP_HOST = 'casefile';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * A standard, secure scheme gives the renderer a real origin (so CSP 'self', fetch and storage behave as on
 * the web) without file://, where any page may read any other local file. bypassCSP stays off: our own
 * CSP headers must bind the renderer too.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, bypassCSP: false, corsEnabled: false },
};

/** Only our own origin counts; WHATWG gives custom schemes an opaque origin, so compare scheme and host. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/** Serves the built renderer for protocol.handle('app', …); plain fetch Request/Response, so it runs in tests. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!isAppUrl(request.url)) return text(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
    const found = await lookupStatic(rendererDir, new URL(request.url).pathname);
    if (found.kind === 'forbidden') return text(403, 'Forbidden.');
    if (found.kind === 'not-found') return text(404, 'Not found.');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), {
      status: 200,
      headers: { ...STATIC_SECURITY_HEADERS, 'Content-Type': found.contentType },
    });
  };
}

function text(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}
