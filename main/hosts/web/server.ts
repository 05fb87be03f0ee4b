import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch, type Handlers } from '../../core/api/dispatch';
import { fail, type Result } from '../../../shared/api/result';
import { lookupStatic, STATIC_SECURITY_HEADERS } from './static';

export interface WebHostOptions {
  handlers: Handlers;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 or omitted: any free port. */
  port?: number;
  /** Imports arrive as base64 inside JSON, so this bounds one import batch. */
  maxBodyBytes?: number;
  onInternalError?: (method: string, error: unknown) => void;
}

export interface WebHost {
  /** The URL to open: carries the token once; the server swaps it for a cookie on first use. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-casefile-token';
const TOKEN_PARAM = 'token';
const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
const UNAUTHORIZED =
  'Casefile needs its access token. Open the full address printed in the terminal where Casefile was started (it ends with ?token=…).';

/**
 * The browser host: the same renderer and contract as Electron, over loopback HTTP.
 * Anything else running on this machine, and any web page the user has open, can reach 127.0.0.1,
 * so every request must prove it holds this run's token, come to the right Host (DNS rebinding)
 * and, when a browser says where it comes from, come from our own origin (CSRF).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onInternalError?.('http', error);
      if (!res.headersSent) sendText(res, 500, 'Casefile could not answer this request.');
      else res.destroy();
    });
  });

  // Cookies are shared by every port of a host, so the name carries the port: two instances stay apart.
  const cookieName = (): string => `casefile_${port}`;

  const holdsToken = (candidate: string | undefined): boolean =>
    candidate !== undefined && candidate.length > 0 && timingSafeEqual(digest(candidate), tokenDigest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The renderer's client reads a Result envelope from every /api answer, refusals included.
    const isApi = (req.url ?? '').startsWith('/api/');
    const refuse = (status: number, message: string): void =>
      isApi ? sendResult(res, status, fail('FORBIDDEN', message)) : sendText(res, status, message);

    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return refuse(403, 'Casefile only answers requests addressed to 127.0.0.1 or localhost on its own port.');
    }
    const origin = `http://${host}`;
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return refuse(403, 'Casefile refuses requests coming from other web pages.');
    }

    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';

    if ((method === 'GET' || method === 'HEAD') && url.searchParams.has(TOKEN_PARAM)) {
      if (!holdsToken(url.searchParams.get(TOKEN_PARAM) ?? undefined)) return refuse(401, UNAUTHORIZED);
      url.searchParams.delete(TOKEN_PARAM);
      res.writeHead(302, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return;
    }

    const headerToken = req.headers[TOKEN_HEADER];
    const presented = typeof headerToken === 'string' ? headerToken : readCookie(req.headers.cookie, cookieName());
    if (!holdsToken(presented)) return refuse(401, UNAUTHORIZED);

    if (isApi) {
      if (method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendResult(res, 405, fail('BAD_INPUT', 'Call the API with POST.'));
      }
      const contentType = req.headers['content-type'] ?? '';
      if (!/^application\/json(;|$)/i.test(contentType)) {
        return sendResult(res, 415, fail('BAD_INPUT', 'Send the request body as application/json.'));
      }
      const body = await readBody(req, maxBodyBytes);
      if (body === 'too-large') {
        res.setHeader('Connection', 'close');
        const mb = Math.round(maxBodyBytes / (1024 * 1024));
        return sendResult(res, 413, fail('BAD_INPUT', `The request is larger than ${mb} MB. Import fewer files at a time.`), () =>
          req.destroy(),
        );
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendResult(res, 200, fail('BAD_INPUT', 'The request body is not valid JSON.'));
      }
      let apiMethod: string;
      try {
        apiMethod = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        apiMethod = '';
      }
      const onInternalError = options.onInternalError;
      const result = await dispatch(options.handlers, apiMethod, input, onInternalError ? { onInternalError } : {});
      return sendResult(res, 200, result);
    }

    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed.');
    }
    const found = await lookupStatic(options.staticDir, url.pathname);
    if (found.kind === 'forbidden') return sendText(res, 403, 'Forbidden.');
    if (found.kind === 'not-found') return sendText(res, 404, 'Not found.');
    res.writeHead(200, {
      ...STATIC_SECURITY_HEADERS,
      'Content-Type': found.contentType,
      'Content-Length': String(found.body.length),
    });
    res.end(method === 'HEAD' ? undefined : found.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the case must never be reachable from the network, whatever the firewall says.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

const API_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function sendResult(res: ServerResponse, status: number, result: Result<unknown>, after?: () => void): void {
  const body = JSON.stringify(result);
  res.writeHead(status, { ...API_HEADERS, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body, after);
}

function sendText(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': String(Buffer.byteLength(message)),
  });
  res.end(message);
}
