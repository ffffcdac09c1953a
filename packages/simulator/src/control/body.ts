import type { IncomingMessage } from 'node:http';
import { ControlProblem } from './problem.js';

/** Largest request body the control API reads (64 KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * An oversized body is read and discarded up to this many bytes so the client gets its 413 on a
 * clean connection; beyond it the connection is closed after the answer.
 */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`. Throws `ControlProblem`: 413 when the body is
 * larger, 415 when it is declared as something other than JSON, 400 when it is not JSON.
 */
export function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return Promise.reject(
      new ControlProblem('unsupported-media-type', `Send JSON (application/json), not ${type}`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () =>
      new ControlProblem('payload-too-large', `The request body exceeds ${maxBytes} bytes`, {
        headers: { connection: 'close' },
      });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        reject(tooLarge());
      }
    });
    req.on('error', (error) => reject(new ControlProblem('bad-request', error.message, { cause: error })));
    req.on('end', () => {
      if (size > maxBytes) return reject(tooLarge());
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '')
        return reject(new ControlProblem('bad-request', 'The request body is empty; send JSON'));
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(
          new ControlProblem('bad-request', `The request body is not JSON: ${(error as Error).message}`, {
            cause: error,
          }),
        );
      }
    });
  });
}
