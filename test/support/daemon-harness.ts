/**
 * Starts the real daemon against loopback peers: the Kubernetes API fake, the Slack Web API fake
 * and (optionally) fauxqs for SQS. Tests talk to it over HTTP as Alertmanager and Slack would.
 * A pinned clock moves the daemon and the Kubernetes fake into the past (backfilled Prometheus
 * data); `beforeStart` seeds the cluster and starts the evidence peers the config points at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { loadConfig } from '../../src/app/config.js';
import { Daemon, type DaemonOptions } from '../../src/app/daemon.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import { startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { signedBlockAction } from '../../src/sim/slack-api/interaction.js';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackApiOptions } from '../../src/sim/slack-api/server.js';

export const SIGNING_SECRET = 'harness-signing-secret-0123456789';
export const APPROVER = 'U0APPROVER1';
export const CHANNEL = 'C0123ABCD';

export interface Harness {
  readonly daemon: Daemon;
  readonly kube: KubeApiServer;
  readonly slack: FakeSlackApi;
  readonly sqs?: { readonly server: FauxqsServer; readonly queueUrl: string; readonly dlqName: string };
  readonly logLines: Record<string, unknown>[];
  readonly baseUrl: string;
  click(approvalId: string, decision: 'approve' | 'deny', userId: string, thread: { channel: string; ts: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly sqs?: boolean;
  /** Daemon config over the harness defaults. */
  readonly env?: Record<string, string>;
  /** Set in process.env for the harness's life: what SDKs read themselves (AWS endpoints, credentials). */
  readonly processEnv?: Record<string, string>;
  /** The daemon's and the Kubernetes fake's time (default the system clock). */
  readonly clock?: Clock;
  /**
   * Runs once the Kubernetes fake is up and before the daemon starts; returns more daemon config.
   * What it sets in process.env (endpoints the AWS SDK reads itself) is undone by close().
   */
  readonly beforeStart?: (kube: KubeApiServer) => Promise<Record<string, string> | undefined>;
  /** The alarm queue's redrive maxReceiveCount (default 3). */
  readonly maxReceiveCount?: number;
  /** Options of the fake Slack Web API (latency). */
  readonly slack?: FakeSlackApiOptions;
  /** `false`: the Kubernetes fake without its controller simulation (benchmarks seeding hundreds of workloads). */
  readonly kubeControllers?: false;
  /** SQS polling and redelivery timings of the daemon (fault tests shorten them). */
  readonly sqsTimings?: DaemonOptions['sqs'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? systemClock;
  const now = (): number => clock.now();
  const dir = await mkdtemp(join(tmpdir(), 'triaged-test-'));
  const kube = await startKubeApiServer({ now, controllers: options.kubeControllers ?? { readyDelayMs: 100, now } });
  const slack = await startFakeSlackApi(options.slack);
  let sqs: Harness['sqs'];
  const saved = { ...process.env };
  Object.assign(process.env, options.processEnv);
  if (options.sqs) {
    const server = await startFauxqs({ port: 0, logger: false, messageSpies: { bufferSize: 1000 } });
    const dlq = server.createQueue('triaged-alarms-dlq');
    const { queueUrl } = server.createQueue('triaged-alarms', {
      attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: options.maxReceiveCount ?? 3 }) },
    });
    Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: server.address, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    sqs = { server, queueUrl, dlqName: dlq.queueName };
  }
  const releasePeers = async (): Promise<void> => {
    await slack.close();
    await kube.close();
    await sqs?.server.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await rm(dir, { recursive: true, force: true });
  };
  const logLines: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let daemon: Daemon;
  try {
    const config = loadConfig({
      PORT: '0',
      TRIAGED_STORE_PATH: join(dir, 'triaged.db'),
      TRIAGED_CLUSTER_NAME: 'test',
      TRIAGED_LOG_LEVEL: 'info',
      TRIAGED_KUBERNETES_WATCH: 'false',
      TRIAGED_APPROVERS: APPROVER,
      TRIAGED_VERIFY_DEADLINE_SECONDS: '20',
      TRIAGED_SHUTDOWN_GRACE_SECONDS: '5',
      SLACK_BOT_TOKEN: 'xoxb-test-harness-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      TRIAGED_SLACK_CHANNEL: CHANNEL,
      TRIAGED_SLACK_API_URL: slack.url,
      ...(sqs ? { TRIAGED_SQS_QUEUE_URL: sqs.queueUrl, AWS_REGION: 'us-east-1' } : {}),
      ...options.env,
      ...(await options.beforeStart?.(kube)),
    });
    daemon = new Daemon(config, { kubernetesServer: kube.url, logDestination, verifyPollMs: 50, clock, ...(options.sqsTimings ? { sqs: options.sqsTimings } : {}) });
  } catch (error) {
    await releasePeers();
    throw error;
  }
  try {
    await daemon.start();
  } catch (error) {
    await daemon.stop();
    await releasePeers();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${daemon.port}`;
  return {
    daemon,
    kube,
    slack,
    ...(sqs ? { sqs } : {}),
    logLines,
    baseUrl,
    click(approvalId, decision, userId, thread) {
      const request = signedBlockAction({ signingSecret: SIGNING_SECRET, approvalId, decision, userId, channel: thread.channel, messageTs: thread.ts, timestampSeconds: Math.floor(clock.now() / 1000) });
      return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    },
    async close() {
      await daemon.stop();
      await releasePeers();
    },
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails naming what it waited for. */
export async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
