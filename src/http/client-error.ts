import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { ERROR_STATUS, type ErrorCode } from './app-error.ts';
import { errorEnvelope } from './error-handler.ts';

/**
 * Requests Node refuses before the app sees them (headers over its 16 KB limit, a malformed request
 * line) get the same error envelope as everything else instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [code, message]: [ErrorCode, string] =
      err.code === 'HPE_HEADER_OVERFLOW' ? ['HEADERS_TOO_LARGE', 'request headers are larger than 16 KB'] : ['VALIDATION_FAILED', 'malformed HTTP request'];
    const status = ERROR_STATUS[code];
    const body = JSON.stringify(errorEnvelope(code, message, randomUUID()));
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
