import {timingSafeEqual} from 'node:crypto';
import {IncomingMessage, ServerResponse} from 'node:http';

// The small HTTP layer of the Facebook-shaped demo server: a route table,
// form bodies, client credentials and replies.

export interface DemoRequest {
  query: Record<string, string | undefined>;
  body: Record<string, string | undefined>;
  headers: IncomingMessage['headers'];
  accessToken?: string;
}

export type Handler = (req: DemoRequest, res: ServerResponse) => void;

/** Answers a request from the route table `METHOD /path` → handler. */
export async function serve(
  routes: Map<string, Handler>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo');
  const route = routes.get(`${req.method} ${url.pathname}`);
  if (!route) return sendJson(res, 404, {error: 'not_found'});
  const query = Object.fromEntries(url.searchParams);
  const body = Object.fromEntries(new URLSearchParams(await readBody(req)));
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  route(
    {
      query,
      body,
      headers: req.headers,
      accessToken: bearer ?? query.access_token,
    },
    res,
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Client credentials from HTTP Basic or the form, as OAuth allows both. */
export function clientOf(req: DemoRequest): {id?: string; secret?: string} {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!basic)
    return {id: req.body.client_id, secret: req.body.client_secret ?? ''};
  const [id, secret = ''] = Buffer.from(basic, 'base64')
    .toString('utf8')
    .split(':')
    .map(decodeURIComponent);
  return {id, secret};
}

/** Compares secrets in constant time. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  json: unknown,
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(json));
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  csp: string,
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}
