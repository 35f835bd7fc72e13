/** One API call with failures turned into TriagedErrors, and how an object is named in messages. */
import type { ObjectRef } from '../../ports/kubernetes.js';
import type { ApiRequest, ApiResponse, KubeClient } from './client.js';
import { errorFromException, errorFromResponse } from './errors.js';

export function describeRef(ref: Pick<ObjectRef, 'apiVersion' | 'kind' | 'namespace' | 'name'>): string {
  return `${ref.apiVersion} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Resolves with 2xx responses (and any status listed in `accept`); throws a TriagedError otherwise. */
export async function call(client: KubeClient, action: string, request: ApiRequest, accept: readonly number[] = []): Promise<ApiResponse> {
  let response: ApiResponse;
  try {
    response = await client.request(request);
  } catch (error) {
    throw errorFromException(action, error, request.signal);
  }
  if ((response.status >= 200 && response.status < 300) || accept.includes(response.status)) return response;
  throw errorFromResponse(action, response);
}
