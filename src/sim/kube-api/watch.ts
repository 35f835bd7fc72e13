/**
 * Watch streams: one JSON object per line in a chunked 200 response, resumed from a
 * resourceVersion out of the store's bounded history (410 Expired as an ERROR event when too old),
 * with BOOKMARKs when asked and the initial-events mode of `sendInitialEvents=true`.
 */
import type { ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import type { KubeObj } from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { fieldSelector, fieldValue, labelSelector } from './selectors.js';
import { apiErrors } from './status.js';
import type { EventType, ObjectStore } from './store.js';

export interface WatchRequest {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly query: URLSearchParams;
}

export interface WatchContext {
  readonly store: ObjectStore;
  readonly faults: Faults;
  readonly bookmarkIntervalMs: number;
}

/** A filter over objects from the request's namespace and selectors. */
export function objectFilter(request: WatchRequest): (object: KubeObj) => boolean {
  const labels = labelSelector(request.query.get('labelSelector') ?? undefined);
  const fields = fieldSelector(request.query.get('fieldSelector') ?? undefined);
  return (object) =>
    (!request.namespace || !request.type.namespaced || object.metadata.namespace === request.namespace) &&
    labels((key) => object.metadata.labels?.[key]) &&
    fields((key) => fieldValue(object, key));
}

function bookmark(type: ResourceType, rv: string, initialEventsEnd: boolean): KubeObj {
  return {
    kind: type.kind,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: rv, creationTimestamp: null, ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
  };
}

export function serveWatch(context: WatchContext, request: WatchRequest, res: ServerResponse): void {
  const { store, faults } = context;
  const matches = objectFilter(request);
  const send = (type: EventType | 'BOOKMARK' | 'ERROR', object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const requested = request.query.get('resourceVersion') ?? '';
  const fromRv = requested === '' || requested === '0' ? undefined : Number(requested);
  const history = fromRv === undefined || !Number.isFinite(fromRv) ? undefined : store.eventsSince(fromRv);
  if (faults.takeWatchExpiry() || (fromRv !== undefined && history === undefined)) {
    send('ERROR', apiErrors.expired(requested, store.oldestResourceVersion).status);
    res.end();
    return;
  }

  const bookmarks = request.query.get('allowWatchBookmarks') === 'true' || request.query.get('allowWatchBookmarks') === '1';
  if (fromRv === undefined) {
    for (const object of store.list(request.type, request.namespace).filter(matches)) send('ADDED', object);
    if (request.query.get('sendInitialEvents') === 'true') send('BOOKMARK', bookmark(request.type, store.resourceVersion, true));
  } else {
    for (const event of history ?? []) {
      if (event.resource === request.type && matches(event.object)) send(event.type, event.object);
    }
  }

  const unsubscribe = store.subscribe((event) => {
    if (event.resource !== request.type) return;
    const now = matches(event.object);
    const before = event.previous ? matches(event.previous) : false;
    if (event.type === 'MODIFIED' && before && !now) send('DELETED', event.object);
    else if (event.type === 'MODIFIED' && !before && now) send('ADDED', event.object);
    else if (now) send(event.type, event.object);
  });
  const timers: NodeJS.Timeout[] = [];
  if (bookmarks) timers.push(setInterval(() => send('BOOKMARK', bookmark(request.type, store.resourceVersion, false)), context.bookmarkIntervalMs));
  const timeoutSeconds = Number(request.query.get('timeoutSeconds') ?? '0');
  if (timeoutSeconds > 0) timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));

  const untrack = faults.trackWatch(() => res.destroy());
  res.on('close', () => {
    unsubscribe();
    untrack();
    for (const timer of timers) clearTimeout(timer);
  });
}
