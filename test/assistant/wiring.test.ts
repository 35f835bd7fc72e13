/** The assistant's config keys (defaults, validation) and what buildAssistant mounts for the daemon. */
import { afterEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { rightsizingOptionsFromConfig } from '../../src/app/assistant-config.js';
import { buildAssistant } from '../../src/app/assistant.js';
import { loadConfig } from '../../src/app/config.js';
import { silentLogger } from '../../src/ports/logger.js';
import { FakeTime } from './fake-time.js';
import { RecordingNotifier, RecordingSink } from './support.js';

describe('assistant configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ TRIAGED_POSTDEPLOY_WINDOW_MINUTES: 10, TRIAGED_REPORT_CRON: '0 9 * * *', TRIAGED_REPORT_TIMEZONE: 'UTC', TRIAGED_AUTO_RESTART: [], TRIAGED_AUTO_RESTART_MAX: 3, TRIAGED_AUTO_RESTART_WINDOW_MINUTES: 60, TRIAGED_RIGHTSIZING_WINDOW_DAYS: 7 });
    expect(rightsizingOptionsFromConfig(config)).toMatchObject({ factors: { cpuRequest: 2, memoryRequest: 1.5, cpuLimit: 6, memoryLimit: 3 }, prices: { vcpuHour: 0.04048, gibHour: 0.004445 }, minCoverageSeconds: 86_400 });
  });

  it('names the key of a bad value', () => {
    expect(() => loadConfig({ TRIAGED_REPORT_TIMEZONE: 'Mars/Olympus' })).toThrow(/TRIAGED_REPORT_TIMEZONE: must be an IANA time zone/);
    expect(() => loadConfig({ TRIAGED_AUTO_RESTART: 'shop/checkout' })).toThrow(/TRIAGED_AUTO_RESTART.*namespace\/Deployment\/name/);
    expect(loadConfig({ TRIAGED_AUTO_RESTART: 'shop/Deployment/checkout, shop/Deployment/api' }).TRIAGED_AUTO_RESTART).toEqual(['shop/Deployment/checkout', 'shop/Deployment/api']);
  });
});

describe('buildAssistant', () => {
  const stores: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  const open = () => {
    const store = openSqliteStore({ path: ':memory:' });
    stores.push(store);
    return store;
  };
  const deps = (env: Record<string, string>) => ({
    config: loadConfig(env),
    clock: new FakeTime(0),
    timers: new FakeTime(0),
    logger: silentLogger,
    store: open(),
    notifier: new RecordingNotifier(),
    sink: new RecordingSink(),
    kubernetes: createKubernetesAdapter({ server: 'http://127.0.0.1:1' }),
    approvals: { approveAs: async () => 'failed' as const },
  });

  it('mounts POST /webhooks/github only with a webhook secret (and then needs a token), and refuses a bad cron', () => {
    const without = buildAssistant(deps({}));
    expect(Object.keys(without.routes)).toEqual([]);
    expect(without.sources.map((s) => s.name)).toEqual(['post-deploy checks', 'daily report schedule']);
    const withSecret = buildAssistant(deps({ TRIAGED_GITHUB_WEBHOOK_SECRET: 'It is a secret', TRIAGED_GITHUB_TOKEN: 'ghp_x' }));
    expect(Object.keys(withSecret.routes)).toEqual(['POST /webhooks/github']);
    expect(() => buildAssistant(deps({ TRIAGED_GITHUB_WEBHOOK_SECRET: 'It is a secret' }))).toThrow(/TRIAGED_GITHUB_TOKEN is required/);
    expect(() => buildAssistant(deps({ TRIAGED_REPORT_CRON: 'every morning' }))).toThrow(/TRIAGED_REPORT_CRON/);
    expect(buildAssistant(deps({ TRIAGED_REPORT_CRON: 'off', TRIAGED_POSTDEPLOY_WINDOW_MINUTES: '0' })).sources).toEqual([]);
  });
});
