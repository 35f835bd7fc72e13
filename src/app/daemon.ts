/**
 * The composition root: builds every adapter from the config, wires sources → intake → queue →
 * engine → notifier and clicks → approvals → remediation, and owns the lifecycle. Stop runs in the
 * reverse order of start: sources first (no new work), in-flight investigations get a grace period,
 * the store closes last.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DestinationStream } from 'pino';
import { PrometheusTelemetry } from '../adapters/metrics/prometheus-telemetry.js';
import { LeaderElector } from '../adapters/kubernetes/index.js';
import { createSlackApp, type SlackApp } from '../adapters/slack/interactions.js';
import { GitHubIssueTracker } from '../adapters/github/issue-tracker.js';
import { OpenAiCompatibleSummarizer } from '../adapters/llm/openai-compatible.js';
import { LogNotifier } from '../adapters/slack/log-notifier.js';
import { openSqliteStore } from '../adapters/store/sqlite-store.js';
import { ApprovalService } from '../core/approvals.js';
import { InvestigationEngine } from '../core/engine.js';
import { Intake } from '../core/intake.js';
import { InvestigationQueue } from '../core/investigation-queue.js';
import { RemediationExecutor } from '../core/remediation/executor.js';
import { createRemediationHandlers } from '../core/remediation/handlers.js';
import type { Approval, Finding } from '../domain/incident.js';
import { errorMessage } from '../domain/errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { IncidentStore } from '../ports/store.js';
import { createAlertmanagerHandler } from '../sources/alertmanager/receiver.js';
import { KubernetesAlarmSource } from '../sources/kubernetes/source.js';
import { createSqsClient } from '../sources/sqs/client.js';
import { SqsAlarmSource, type SqsAlarmSourceOptions } from '../sources/sqs/source.js';
import type { Config } from './config.js';
import { HttpServer, type RouteHandler } from './http-server.js';
import { buildAssistant, type Assistant } from './assistant.js';
import { buildEvidence } from './evidence.js';
import { buildMcpDeps } from './mcp-deps.js';
import { createMcpHttpHandler, mcpRoutes } from './mcp/http.js';
import { kubernetesFromConfig } from './kubernetes.js';
import { createLogger } from './logger.js';
import { policyFromConfig } from './policy.js';
import { LeaderOnlySink } from './standby-sink.js';
import { StaticApproverDirectory } from './static-approvers.js';

export interface DaemonOptions {
  readonly clock?: Clock;
  /** Where pino writes (tests parse it); stdout by default. */
  readonly logDestination?: DestinationStream;
  /** An explicit Kubernetes API URL instead of the kubeconfig (the demo's simulated cluster). */
  readonly kubernetesServer?: string;
  readonly onFinding?: (finding: Finding, approvals: readonly Approval[]) => void;
  /** How often a remediation's verification polls (default 1 s). */
  readonly verifyPollMs?: number;
  /** Lease timings (defaults 15 s / 10 s / 2 s); tests shorten them. */
  readonly lease?: { readonly leaseDurationMs: number; readonly renewDeadlineMs: number; readonly retryPeriodMs: number };
  /** SQS polling and redelivery timings (defaults: 20 s long poll, 1→30 s error backoff, 5 s→5 min redelivery); tests shorten them. */
  readonly sqs?: Pick<SqsAlarmSourceOptions, 'waitTimeSeconds' | 'errorBackoff' | 'redeliveryBackoff' | 'capacityRecheckMs'>;
}

interface Startable {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export class Daemon {
  readonly logger: Logger;
  readonly store: IncidentStore;
  readonly intake: Intake;
  readonly engine: InvestigationEngine;
  readonly http: HttpServer;
  private readonly queue: InvestigationQueue;
  private readonly approvals: ApprovalService;
  /** CI failures, post-deploy checks, the daily report and auto-restart (built after the engine it feeds). */
  private readonly assistant: Assistant;
  private readonly started: Startable[] = [];
  private readonly leaderElector?: LeaderElector;
  private readonly sources: Startable[] = [];
  private readonly kubernetesSource?: KubernetesAlarmSource;
  private readonly clock: Clock;
  private leading = false;
  private stopping = false;

  constructor(private readonly config: Config, private readonly options: DaemonOptions = {}) {
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    const logger = createLogger(config.TRIAGED_LOG_LEVEL, options.logDestination);
    this.logger = logger;
    const telemetry = new PrometheusTelemetry();
    const store = openSqliteStore({ path: config.TRIAGED_STORE_PATH });
    this.store = store;
    const kubernetes = kubernetesFromConfig(config, options.kubernetesServer);
    const policy = policyFromConfig(config);

    const slack: SlackApp | undefined =
      config.SLACK_BOT_TOKEN && config.TRIAGED_SLACK_CHANNEL
        ? createSlackApp({
            botToken: config.SLACK_BOT_TOKEN,
            ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
            ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
            ...(config.TRIAGED_SLACK_API_URL ? { apiUrl: config.TRIAGED_SLACK_API_URL } : {}),
            channel: config.TRIAGED_SLACK_CHANNEL,
            approvers: config.TRIAGED_APPROVERS,
            cluster: config.TRIAGED_CLUSTER_NAME,
            // Clicks arrive only after start(), by which time the approval service exists.
            onDecision: (event) => this.approvals.decide(event),
            logger,
            clock,
          })
        : undefined;
    const notifier = slack?.notifier ?? new LogNotifier({ logger, cluster: config.TRIAGED_CLUSTER_NAME });

    this.queue = new InvestigationQueue({
      concurrency: config.TRIAGED_MAX_CONCURRENT_INVESTIGATIONS,
      limit: config.TRIAGED_QUEUE_LIMIT,
      onDepthChange: (waiting, running) => telemetry.queueDepth(waiting, running),
    });
    const evidence = buildEvidence(config, kubernetes.reader);
    this.engine = new InvestigationEngine({
      store,
      notifier,
      evidence: evidence.ports,
      clock,
      logger,
      telemetry,
      approvalTtlMs: policy.approvalTtlMs,
      investigationDeadlineMs: config.TRIAGED_INVESTIGATION_DEADLINE_SECONDS * 1000,
      unconfigured: evidence.unconfigured,
      ...(config.TRIAGED_LLM_URL && config.TRIAGED_LLM_MODEL
        ? {
            summary: {
              summarizer: new OpenAiCompatibleSummarizer({
                url: config.TRIAGED_LLM_URL,
                model: config.TRIAGED_LLM_MODEL,
                ...(config.TRIAGED_LLM_API_KEY ? { apiKey: config.TRIAGED_LLM_API_KEY } : {}),
                ...(config.TRIAGED_LLM_API_VERSION ? { apiVersion: config.TRIAGED_LLM_API_VERSION } : {}),
              }),
              timeoutMs: config.TRIAGED_LLM_TIMEOUT_SECONDS * 1000,
              redaction: { emails: config.TRIAGED_LLM_REDACT_EMAILS, ips: config.TRIAGED_LLM_REDACT_IPS },
            },
          }
        : {}),
      onFinding: (finding, offered) => {
        options.onFinding?.(finding, offered);
        for (const approval of offered) void this.approvals.autoApprove(approval);
        this.assistant.onFinding(finding, offered);
      },
    });
    this.intake = new Intake({
      store,
      queue: this.queue,
      investigate: (incident) => this.engine.investigate(incident),
      notifier,
      clock,
      logger,
      telemetry,
      correlationWindowMs: config.TRIAGED_CORRELATION_WINDOW_MINUTES * 60_000,
      duplicateNoticeIntervalMs: 5 * 60_000,
    });
    const issueTracker =
      config.TRIAGED_GITHUB_TOKEN && config.TRIAGED_GITHUB_REPO
        ? new GitHubIssueTracker({ token: config.TRIAGED_GITHUB_TOKEN, repository: config.TRIAGED_GITHUB_REPO, ...(config.TRIAGED_GITHUB_API_URL ? { baseUrl: config.TRIAGED_GITHUB_API_URL } : {}) })
        : undefined;
    const executor = new RemediationExecutor({
      handlers: createRemediationHandlers(issueTracker ? { issueTracker } : {}),
      context: {
        reader: kubernetes.reader,
        writer: kubernetes.writer,
        clock,
        sleep: (ms, signal) => sleep(ms, undefined, { signal }),
        verifyPollMs: options.verifyPollMs ?? 1000,
      },
      store,
      policy,
      telemetry,
      verifyDeadlineMs: config.TRIAGED_VERIFY_DEADLINE_SECONDS * 1000,
    });
    this.approvals = new ApprovalService({
      store,
      notifier,
      approvers: slack?.approvers ?? new StaticApproverDirectory(config.TRIAGED_APPROVERS),
      executor,
      policy,
      clock,
      logger,
    });

    const leaderOnlyIntake = new LeaderOnlySink(this.intake, () => this.leading);
    this.assistant = buildAssistant({ config, clock, logger, store, notifier, sink: leaderOnlyIntake, kubernetes, ...(evidence.ports.signals ? { signals: evidence.ports.signals } : {}), approvals: this.approvals, ...(issueTracker ? { issueTracker } : {}) });
    const routes: Record<string, RouteHandler> = {
      ...this.assistant.routes,
      'POST /webhooks/alertmanager': createAlertmanagerHandler({
        sink: leaderOnlyIntake,
        ...(config.TRIAGED_ALERTMANAGER_TOKEN ? { token: config.TRIAGED_ALERTMANAGER_TOKEN } : {}),
        maxBodyBytes: 1024 * 1024,
        logger,
      }),
    };
    if (slack) routes['POST /slack/events'] = (req, res) => slack.handleHttp(req, res);
    const mcp = config.TRIAGED_MCP_ENABLED && config.TRIAGED_MCP_TOKEN
      ? createMcpHttpHandler(buildMcpDeps({ config, store, kubernetes: kubernetes.reader, evidence, clock, logger }), config.TRIAGED_MCP_TOKEN)
      : undefined;
    if (mcp) Object.assign(routes, mcpRoutes(mcp));
    this.http = new HttpServer({
      port: config.PORT,
      logger,
      routes,
      readiness: () => this.readiness(),
      metrics: () => telemetry.render(),
    });

    if (config.TRIAGED_KUBERNETES_WATCH) {
      const source = new KubernetesAlarmSource({ client: kubernetes.client, resources: kubernetes.resources, sink: this.intake, namespaces: config.TRIAGED_WATCH_NAMESPACES, clock, logger });
      this.kubernetesSource = source;
      this.sources.push({ name: 'kubernetes source', start: () => source.start(), stop: () => source.stop() });
    }
    if (config.TRIAGED_SQS_QUEUE_URL) {
      const client = createSqsClient({ ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}) });
      const source = new SqsAlarmSource({
        client,
        queueUrl: config.TRIAGED_SQS_QUEUE_URL,
        sink: this.intake,
        logger,
        visibilityTimeout: config.TRIAGED_SQS_VISIBILITY_TIMEOUT_SECONDS,
        ...options.sqs,
      });
      this.sources.push({ name: 'sqs source', start: () => source.start(), stop: () => source.stop() });
    }
    this.sources.push(...this.assistant.sources);
    if (config.TRIAGED_LEADER_ELECTION) {
      const namespace = config.POD_NAMESPACE ?? 'triaged';
      this.leaderElector = new LeaderElector({
        client: kubernetes.client,
        namespace,
        leaseName: config.TRIAGED_LEASE_NAME,
        identity: config.POD_NAME ?? hostname(),
        ...(options.lease ?? {}),
        onStartedLeading: () => void this.startSources(),
        onStoppedLeading: () => void this.stopSources(),
        clock,
        logger,
      });
    }
    this.started.push({ name: 'store', start: () => {}, stop: () => store.close() });
    this.started.push({ name: 'evidence clients', start: () => {}, stop: () => evidence.close() });
    this.startables.push(
      { name: 'http server', start: () => this.http.start(), stop: () => this.http.stop() },
      // Open MCP streams would hold the HTTP server's close: they end first.
      ...(mcp ? [{ name: 'mcp sessions', start: () => {}, stop: () => mcp.close() }] : []),
      ...(slack ? [{ name: 'slack', start: () => slack.start(), stop: () => slack.stop() }] : []),
    );
    let expiry: NodeJS.Timeout | undefined;
    this.startables.push({
      name: 'approval expiry',
      start: () => {
        expiry = setInterval(() => void this.approvals.expireStale(clock.now()).catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'expiring approvals failed')), 60_000);
        expiry.unref();
      },
      stop: () => clearInterval(expiry),
    });
  }

  private readonly startables: Startable[] = [];

  get port(): number {
    return this.http.port;
  }

  async start(): Promise<void> {
    for (const part of this.startables) {
      await part.start();
      this.started.push(part);
    }
    if (this.leaderElector) {
      this.leaderElector.start();
      this.started.push({ name: 'leader election', start: () => {}, stop: () => this.leaderElector?.stop() });
    } else {
      await this.startSources();
    }
    this.logger.info({ port: this.port, sources: this.sources.map((s) => s.name), leaderElection: Boolean(this.leaderElector) }, 'triaged started');
  }

  /** Stops intake, lets in-flight investigations finish within the grace period, then closes everything. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.stopSources();
    const grace = this.config.TRIAGED_SHUTDOWN_GRACE_SECONDS * 1000;
    const graceTimer = new AbortController();
    const drained = await Promise.race([
      this.queue.onIdle().then(() => true),
      sleep(grace, false, { signal: graceTimer.signal }).catch(() => false),
    ]);
    graceTimer.abort();
    if (!drained) this.logger.warn({ graceSeconds: grace / 1000, depth: this.queue.depth }, 'investigations still running at shutdown; their alarms will be redelivered');
    this.queue.pause();
    for (const part of [...this.started].reverse()) {
      try {
        await part.stop();
      } catch (error) {
        this.logger.warn({ part: part.name, err: errorMessage(error) }, 'stop failed');
      }
    }
    this.logger.info({}, 'triaged stopped');
  }

  private async startSources(): Promise<void> {
    if (this.leading || this.stopping) return;
    this.leading = true;
    for (const source of this.sources) await source.start();
  }

  private async stopSources(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    for (const source of [...this.sources].reverse()) await source.stop();
  }

  private readiness(): { ready: boolean; checks: Record<string, string> } {
    const checks: Record<string, string> = {};
    checks.role = this.leaderElector ? (this.leaderElector.isLeader ? 'leader' : 'standby') : 'single';
    const kubernetes = this.kubernetesSource && this.leading ? this.kubernetesWatchHealth(this.kubernetesSource) : undefined;
    if (this.kubernetesSource) checks.kubernetes = kubernetes?.check ?? 'idle (standby)';
    checks.queue = `${this.queue.depth} queued`;
    return { ready: !this.stopping && (kubernetes?.ok ?? true), checks };
  }

  /**
   * The staleness watchdog: a relist after a dropped watch or a 410 is routine and keeps the pod
   * ready; a watch that has not synced and shown no list/watch activity for longer than
   * TRIAGED_KUBERNETES_STALE_SECONDS (the API unreachable, failing or throttling every retry) is not.
   */
  private kubernetesWatchHealth(source: KubernetesAlarmSource): { ok: boolean; check: string } {
    const unsynced = source.unsynced;
    if (unsynced.length === 0) return { ok: true, check: 'synced' };
    if (unsynced.some((i) => i.lastActivityAt === 0)) return { ok: false, check: 'syncing' };
    const idleMs = Math.max(...unsynced.map((i) => this.clock.now() - i.lastActivityAt));
    const kinds = unsynced.map((i) => (i.namespace ? `${i.namespace}/${i.kind}` : i.kind)).join(', ');
    if (idleMs > this.config.TRIAGED_KUBERNETES_STALE_SECONDS * 1000) {
      return { ok: false, check: `stale: ${kinds} not synced, no list/watch activity for ${Math.round(idleMs / 1000)} s` };
    }
    return { ok: true, check: `resyncing ${kinds} (last activity ${Math.round(idleMs / 1000)} s ago)` };
  }
}
