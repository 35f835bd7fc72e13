/** The MCP tools through the SDK's own Client over an in-memory transport pair. */
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpDeps } from '../../src/app/mcp/deps.js';
import { createMcpServer } from '../../src/app/mcp/server.js';
import { summarizeClusterHealth } from '../../src/domain/health.js';
import { parseSnapshot } from '../../src/domain/snapshot-parse.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { baseDeps, DB_PASSWORD, fakeMetrics, seededStore, SLACK_TOKEN, spyOn } from './fixtures.js';

const CORPUS = new URL('../fixtures/snapshots/oom-killed/go-resizer-limit-too-low-flat.json', import.meta.url);
const CHAOS = new URL('../../chaos/', import.meta.url).pathname;

const open: { client: Client; store: IncidentStore }[] = [];

async function connect(deps: McpDeps, store: IncidentStore): Promise<Client> {
  const server = createMcpServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  open.push({ client, store });
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; isError: boolean; json: () => Record<string, unknown> }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  return { text, isError: result.isError === true, json: () => JSON.parse(text) as Record<string, unknown> };
}

afterEach(async () => {
  for (const { client, store } of open.splice(0)) {
    await client.close();
    await store.close();
  }
});

describe('MCP tools', () => {
  it('lists the seven tools, each with an input schema and read-only annotations', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['cluster_health', 'diagnose_snapshot', 'get_incident', 'investigate_target', 'list_chaos_scenarios', 'list_incidents', 'query_prometheus']);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(tool.description?.length).toBeGreaterThan(20);
    }
    const list = tools.find((t) => t.name === 'list_incidents');
    expect(Object.keys(list?.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['status', 'severity', 'namespace', 'sinceHours', 'limit']));
  });

  it('list_incidents filters on a real SQLite store and never shows the raw alarm', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const all = (await call(client, 'list_incidents')).json();
    expect(all.total).toBe(3);
    const open = (await call(client, 'list_incidents', { status: 'open', includeDrills: false })).json();
    expect((open.incidents as { id: string }[]).map((i) => i.id)).toEqual(['inc-1']);
    const recent = (await call(client, 'list_incidents', { sinceHours: 1.5 })).json();
    expect((recent.incidents as { id: string }[]).map((i) => i.id)).toEqual(['inc-3', 'inc-1']);
    const chaos = (await call(client, 'list_incidents', { namespace: 'triaged-chaos-crash-loop' })).json();
    expect(chaos).toMatchObject({ total: 1, incidents: [{ id: 'inc-3', drill: true, target: 'triaged-chaos-crash-loop/Deployment/order-worker' }] });
    expect(JSON.stringify(all)).not.toContain(SLACK_TOKEN);
  });

  it('rejects input outside the schema', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const bad = await call(client, 'list_incidents', { limit: 1000 });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/limit/);
  });

  it('get_incident returns the incident, its latest finding and approvals with secrets redacted', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const result = await call(client, 'get_incident', { id: 'inc-1' });
    expect(result.isError).toBe(false);
    expect(result.json()).toMatchObject({
      incident: { id: 'inc-1', status: 'open', alarm: 'KubePodCrashLooping' },
      finding: { playbook: 'pod-crash', diagnosis: { category: 'oom-killed' } },
      approvals: [{ id: 'apr-1', action: 'rollout-restart', status: 'pending' }],
    });
    expect(result.text).not.toContain(SLACK_TOKEN);
    expect(result.text).not.toContain(DB_PASSWORD);
    expect(result.text).not.toContain('authorization');
    const missing = await call(client, 'get_incident', { id: 'nope' });
    expect(missing).toMatchObject({ isError: true, text: expect.stringContaining('no incident') });
  });

  it('diagnose_snapshot diagnoses a corpus snapshot given inline, as an object or as text', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const text = await readFile(CORPUS, 'utf8');
    const asObject = (await call(client, 'diagnose_snapshot', { snapshot: JSON.parse(text) as unknown })).json();
    expect(asObject).toMatchObject({ diagnosis: { category: 'oom-killed' } });
    const asText = (await call(client, 'diagnose_snapshot', { snapshot: text })).json();
    expect(asText).toEqual(asObject);
    const invalid = await call(client, 'diagnose_snapshot', { snapshot: { version: 2 } });
    expect(invalid).toMatchObject({ isError: true, text: expect.stringContaining('version') });
  });

  it('investigate_target captures through the injected function and diagnoses, writing nothing', async () => {
    const spied = spyOn(await seededStore());
    const snapshot = parseSnapshot(await readFile(CORPUS, 'utf8'));
    const targets: unknown[] = [];
    const client = await connect(
      baseDeps(spied.store, {
        capture: async (target) => {
          targets.push(target);
          return snapshot;
        },
      }),
      spied.store,
    );
    const result = (await call(client, 'investigate_target', { namespace: 'media', kind: 'Deployment', name: 'resizer' })).json();
    expect(targets).toEqual([{ namespace: 'media', kind: 'Deployment', name: 'resizer' }]);
    expect(result).toMatchObject({ diagnosis: { category: 'oom-killed' } });
    expect(spied.calls).toEqual([]);
    expect(await call(client, 'investigate_target', { kind: 'Pod', name: 'x' })).toMatchObject({ isError: true });
    expect(await call(client, 'investigate_target', { namespace: 'a', kind: 'Pod', name: 'x"; rm -rf' })).toMatchObject({ isError: true });
  });

  it('query_prometheus translates a question, runs it and returns the PromQL with bounded series', async () => {
    const store = await seededStore();
    const metrics = fakeMetrics(3);
    const client = await connect(baseDeps(store, { metrics }), store);
    const answer = (await call(client, 'query_prometheus', { question: 'p99 latency of deployment checkout in namespace shop', maxSeries: 2 })).json();
    expect(answer.promql).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[1h])))');
    expect(metrics.queries).toEqual([answer.promql]);
    expect(answer).toMatchObject({ kind: 'instant', seriesTotal: 3, note: expect.stringContaining('2 of 3'), series: [{ value: 0.42 }, { value: 0.42 }] });

    const graph = (await call(client, 'query_prometheus', { promql: 'up', range: '2h' })).json();
    expect(graph).toMatchObject({ kind: 'range', rangeSeconds: 7200, stepSeconds: 60 });
    expect((graph.series as { points: unknown[] }[])[0]?.points.length).toBeLessThanOrEqual(30);

    const refused = (await call(client, 'query_prometheus', { question: 'delete pod checkout-abc' })).json();
    expect(refused).toMatchObject({ error: 'cannot translate', suggestions: expect.any(Array) });
    expect(metrics.queries).toHaveLength(2);
    expect(await call(client, 'query_prometheus', { question: 'cpu by namespace', promql: 'up' })).toMatchObject({ isError: true });
  });

  it('query_prometheus without Prometheus says so and shows the query it would run', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store), store);
    const result = await call(client, 'query_prometheus', { question: 'restarts by namespace over 2h' });
    expect(result).toMatchObject({ isError: true, text: expect.stringContaining('increase(kube_pod_container_status_restarts_total[2h])') });
  });

  it('cluster_health summarises what the injected reader returns', async () => {
    const store = await seededStore();
    const snapshot = parseSnapshot(await readFile(new URL('../fixtures/snapshots/node-pressure/memory-pressure-evictions.json', import.meta.url), 'utf8'));
    const objects = snapshot.kubernetes?.objects ?? [];
    const client = await connect(
      baseDeps(store, { clusterHealth: async () => summarizeClusterHealth(objects.filter((o) => o.kind === 'Pod'), objects.filter((o) => o.kind === 'Node')) }),
      store,
    );
    const health = (await call(client, 'cluster_health')).json() as { nodes: { withConditions: { conditions: string[] }[] } };
    expect(health.nodes.withConditions.flatMap((n) => n.conditions).join(' ')).toContain('MemoryPressure');
  });

  it('list_chaos_scenarios reads the table of chaos/README.md', async () => {
    const store = await seededStore();
    const client = await connect(baseDeps(store, { chaosDir: CHAOS }), store);
    const { scenarios } = (await call(client, 'list_chaos_scenarios')).json() as { scenarios: { scenario: string; category: string; start: string }[] };
    expect(scenarios).toHaveLength(9);
    expect(scenarios[0]).toMatchObject({ scenario: 'memory-leak', category: 'memory-leak', start: 'kubectl apply -f chaos/memory-leak/' });
    expect(new Set(scenarios.map((s) => s.scenario)).size).toBe(8);
  });

  it('truncates output above the limit with a note, keeping the JSON valid', async () => {
    const store = await seededStore(60);
    const client = await connect(baseDeps(store, { maxOutputChars: 3000 }), store);
    const result = await call(client, 'list_incidents', { limit: 100 });
    expect(result.text.length).toBeLessThanOrEqual(3000);
    const json = result.json() as { total: number; incidents: unknown[]; truncated: string };
    expect(json.total).toBe(63);
    expect(json.incidents.length).toBeLessThan(63);
    expect(json.truncated).toMatch(/incidents: \d+ of 63 shown/);
  });

  it('no tool writes: every tool called, only read methods of the store were used', async () => {
    const spied = spyOn(await seededStore());
    const snapshot = parseSnapshot(await readFile(CORPUS, 'utf8'));
    const client = await connect(
      baseDeps(spied.store, { capture: async () => snapshot, metrics: fakeMetrics(), clusterHealth: async () => summarizeClusterHealth([], []), chaosDir: CHAOS }),
      spied.store,
    );
    const { tools } = await client.listTools();
    const args: Record<string, Record<string, unknown>> = {
      get_incident: { id: 'inc-1' },
      diagnose_snapshot: { snapshot: JSON.stringify(snapshot) },
      investigate_target: { namespace: 'media', kind: 'Deployment', name: 'resizer' },
      query_prometheus: { question: 'cpu by namespace' },
    };
    for (const tool of tools) expect((await call(client, tool.name, args[tool.name] ?? {})).isError, tool.name).toBe(false);
    expect(spied.calls.length).toBeGreaterThan(0);
    expect(spied.writes()).toEqual([]);
    expect(tools.map((t) => t.name).filter((n) => /create|delete|patch|apply|approve|restart|scale|cordon|notify|post/.test(n))).toEqual([]);
  });
});
