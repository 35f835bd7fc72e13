/** Reading a webhook's raw body with a size limit, shared by the HTTP sources (signatures need the exact bytes). */
import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      req.resume();
      return reject(new BodyTooLarge(`body over ${maxBytes} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit keep draining (without buffering) so the socket stays readable for the 413.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else reject(new BodyTooLarge(`body over ${maxBytes} bytes`));
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
