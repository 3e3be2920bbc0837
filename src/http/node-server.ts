import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from './client-error.ts';

/**
 * How long an idle keep-alive connection stays open. Longer than the clients' own idle limits (browsers
 * and Node agents give up after a few seconds to a few minutes), so that the client, not the server,
 * closes an idle connection: with Node's 5 s default a request sent just as the server closed the socket
 * is lost to the client as a reset (ECONNRESET), which a busy kiosk or a slow tablet hits.
 */
const KEEP_ALIVE_MS = 65_000;

/** The app on Node's HTTP server, as the product and the browser tests run it. */
export function serveApp(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string, onListen?: (info: AddressInfo) => void): ServerType {
  const server = serve({ fetch, port, hostname }, onListen);
  const http = server as Server; // serve() without createServer options makes an http.Server
  http.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a request arriving late on an idle connection is cut off.
  http.headersTimeout = KEEP_ALIVE_MS + 1_000;
  answerClientErrors(http);
  return server;
}
