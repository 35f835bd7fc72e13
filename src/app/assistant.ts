/**
 * Wiring of the DevOps assistant (docs/assistant.md) for the daemon: the GitHub webhook route and
 * CI failure analysis, the post-deploy watcher fed by a ReplicaSet informer, the daily report
 * schedule, and the auto-restart policy as an onFinding hook. Builds; the daemon starts and stops.
 */
import { GitHubActionsClient } from '../adapters/github/actions.js';
import { ResilientInformer, type KubernetesAdapter } from '../adapters/kubernetes/index.js';
import { AutoRestartPolicy } from '../core/assistant/auto-restart.js';
import { CiFailureAnalyzer } from '../core/assistant/ci-failures.js';
import { postDailyReport } from '../core/assistant/health-report.js';
import { PostDeployWatcher } from '../core/assistant/post-deploy.js';
import { DEFAULT_THRESHOLDS } from '../core/assistant/post-deploy-checks.js';
import { CronSchedule, type Timers } from '../core/assistant/schedule.js';
import type { ApprovalService } from '../core/approvals.js';
import { TriagedError, errorMessage } from '../domain/errors.js';
import type { Approval, Finding } from '../domain/incident.js';
import type { Clock } from '../ports/clock.js';
import type { SignalSource } from '../ports/evidence.js';
import type { AlarmSink } from '../ports/intake.js';
import type { IssueTracker } from '../ports/issues.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { IncidentStore } from '../ports/store.js';
import { createGithubWebhookHandler } from '../sources/github/webhook.js';
import type { Config } from './config.js';
import type { RouteHandler } from './http-server.js';

export interface AssistantDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  /** The intake (wrapped so a standby does not act): CI deploy failures and failing rollouts go here. */
  readonly sink: AlarmSink;
  readonly kubernetes: KubernetesAdapter;
  /** The evidence's signal source (Prometheus) for post-deploy error ratio and latency. */
  readonly signals?: SignalSource;
  /** Carries out what a policy (auto-restart) decides, as a click would. */
  readonly approvals: Pick<ApprovalService, 'approveAs'>;
  readonly issueTracker?: IssueTracker;
  readonly timers?: Timers;
}

export interface Startable {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface Assistant {
  /** `POST /webhooks/github` when TRIAGED_GITHUB_WEBHOOK_SECRET is set. */
  readonly routes: Readonly<Record<string, RouteHandler>>;
  /** Leader-only parts (start with the sources): the ReplicaSet watch and the report schedule. */
  readonly sources: readonly Startable[];
  /** Call from the engine's onFinding: the auto-restart policy (a no-op when the list is empty). */
  readonly onFinding: (finding: Finding, approvals: readonly Approval[]) => void;
  readonly postDeploy: PostDeployWatcher;
  readonly ciAnalyzer?: CiFailureAnalyzer;
}

export function buildAssistant(deps: AssistantDeps): Assistant {
  const { config, clock, logger, notifier, store } = deps;
  const log = logger.child({ part: 'assistant' });
  const routes: Record<string, RouteHandler> = {};
  let ciAnalyzer: CiFailureAnalyzer | undefined;
  if (config.TRIAGED_GITHUB_WEBHOOK_SECRET) {
    if (!config.TRIAGED_GITHUB_TOKEN) throw new TriagedError('CONFIG_INVALID', 'invalid configuration: TRIAGED_GITHUB_TOKEN is required with TRIAGED_GITHUB_WEBHOOK_SECRET (to read the failed jobs and their logs)');
    const analyzer = new CiFailureAnalyzer({
      jobs: new GitHubActionsClient({ token: config.TRIAGED_GITHUB_TOKEN, ...(config.TRIAGED_GITHUB_API_URL ? { baseUrl: config.TRIAGED_GITHUB_API_URL } : {}) }),
      notifier,
      ...(deps.issueTracker ? { issues: deps.issueTracker } : {}),
      sink: deps.sink,
      clock,
      logger: log,
      maxLogBytes: config.TRIAGED_CI_LOG_MAX_KB * 1024,
      ...(config.TRIAGED_CI_DEPLOY_NAMESPACE ? { deployNamespace: config.TRIAGED_CI_DEPLOY_NAMESPACE } : {}),
    });
    ciAnalyzer = analyzer;
    routes['POST /webhooks/github'] = createGithubWebhookHandler({ secret: config.TRIAGED_GITHUB_WEBHOOK_SECRET, onWorkflowRun: async (run) => void (await analyzer.analyze(run, AbortSignal.timeout(120_000))), logger: log });
  }

  const postDeploy = new PostDeployWatcher({
    kubernetes: deps.kubernetes.reader,
    ...(deps.signals ? { signals: deps.signals } : {}),
    sink: deps.sink,
    notifier,
    clock,
    ...(deps.timers ? { timers: deps.timers } : {}),
    logger: log,
    windowMs: config.TRIAGED_POSTDEPLOY_WINDOW_MINUTES * 60_000,
    thresholds: { ...DEFAULT_THRESHOLDS, maxErrorRatio: config.TRIAGED_POSTDEPLOY_ERROR_RATIO },
  });
  const sources: Startable[] = [];
  if (config.TRIAGED_POSTDEPLOY_WINDOW_MINUTES > 0) {
    const namespaces = config.TRIAGED_WATCH_NAMESPACES.length > 0 ? config.TRIAGED_WATCH_NAMESPACES : [undefined];
    const informers = namespaces.map(
      (namespace) =>
        new ResilientInformer({
          client: deps.kubernetes.client,
          resources: deps.kubernetes.resources,
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          ...(namespace ? { namespace } : {}),
          onEvent: (event) => {
            if (event.type !== 'DELETED') postDeploy.observeReplicaSet(event.object);
          },
          logger: log,
          clock,
        }),
    );
    sources.push({
      name: 'post-deploy checks',
      start: async () => {
        for (const informer of informers) await informer.start();
      },
      stop: async () => {
        for (const informer of informers) await informer.stop();
        await postDeploy.stop();
      },
    });
  }
  if (config.TRIAGED_REPORT_CRON !== 'off') {
    let schedule: CronSchedule;
    try {
      schedule = new CronSchedule({
        name: 'daily health report',
        cron: config.TRIAGED_REPORT_CRON,
        timeZone: config.TRIAGED_REPORT_TIMEZONE,
        clock,
        ...(deps.timers ? { timers: deps.timers } : {}),
        logger: log,
        run: async () => void (await postDailyReport({ kubernetes: deps.kubernetes.reader, store, clock, cluster: config.TRIAGED_CLUSTER_NAME, notifier, logger: log, timeZone: config.TRIAGED_REPORT_TIMEZONE })),
      });
    } catch (error) {
      throw new TriagedError('CONFIG_INVALID', `invalid configuration: TRIAGED_REPORT_CRON ${JSON.stringify(config.TRIAGED_REPORT_CRON)}: ${errorMessage(error)}`, { cause: error });
    }
    sources.push({ name: 'daily report schedule', start: () => schedule.start(), stop: () => schedule.stop() });
  }

  const autoRestart = new AutoRestartPolicy({
    workloads: config.TRIAGED_AUTO_RESTART,
    maxRestarts: config.TRIAGED_AUTO_RESTART_MAX,
    windowMs: config.TRIAGED_AUTO_RESTART_WINDOW_MINUTES * 60_000,
    store,
    notifier,
    approvals: deps.approvals,
    clock,
    logger: log,
  });
  const onFinding = (finding: Finding, approvals: readonly Approval[]): void => {
    if (autoRestart.enabled) void autoRestart.onFinding(finding, approvals);
  };
  return { routes, sources, onFinding, postDeploy, ...(ciAnalyzer ? { ciAnalyzer } : {}) };
}
