/** Credentials for the Prometheus HTTP API as an Authorization header, read per request so a rotated token file is picked up. */
import { readFile } from 'node:fs/promises';
import { TriagedError, errorMessage } from '../../domain/errors.js';

export type PrometheusAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  /** A mounted token (a projected service-account token, a Secret), re-read on every request because it rotates. */
  | { readonly kind: 'bearer-file'; readonly path: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export async function authorizationHeader(auth: PrometheusAuth | undefined): Promise<Record<string, string>> {
  if (auth === undefined) return {};
  switch (auth.kind) {
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'bearer-file':
      return { authorization: `Bearer ${await readTokenFile(auth.path)}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
  }
}

async function readTokenFile(path: string): Promise<string> {
  let token: string;
  try {
    token = (await readFile(path, 'utf8')).trim();
  } catch (cause) {
    throw new TriagedError('EVIDENCE_FAILED', `Prometheus bearer token file ${path} cannot be read: ${errorMessage(cause)}`, { cause, retryable: false, context: { path } });
  }
  if (token === '') throw new TriagedError('EVIDENCE_FAILED', `Prometheus bearer token file ${path} is empty`, { retryable: false, context: { path } });
  return token;
}
