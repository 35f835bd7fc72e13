/**
 * Builds the investigation's evidence sources from the config: Kubernetes always; Prometheus when
 * its URL is set, else Container Insights when Logs Insights is enabled; Logs Insights error lines
 * and X-Ray when enabled. What is not configured is named, so every finding can say so.
 */
import { readFileSync } from 'node:fs';
import { ContainerInsightsEvidence } from '../adapters/aws/container-insights-signals.js';
import { LogsInsightsClient } from '../adapters/aws/logs-insights.js';
import { createLogsSdkClient, createXRaySdkClient } from '../adapters/aws/sdk-clients.js';
import { XRayClient } from '../adapters/aws/xray.js';
import { PrometheusClient } from '../adapters/prometheus/client.js';
import { PrometheusSignals } from '../adapters/prometheus/signals.js';
import { TriagedError } from '../domain/errors.js';
import type { EvidencePorts } from '../core/playbooks/playbook.js';
import type { KubernetesReader } from '../ports/kubernetes.js';
import type { Config } from './config.js';

export interface Evidence {
  readonly ports: EvidencePorts;
  /** Sources not configured, as they appear in a finding's missing evidence. */
  readonly unconfigured: readonly string[];
  /** The raw Prometheus client, for PromQL asked directly (MCP, reports). */
  readonly prometheus?: PrometheusClient;
  close(): void;
}

export function buildEvidence(config: Config, kubernetes: KubernetesReader): Evidence {
  const region = config.AWS_REGION ? { region: config.AWS_REGION } : {};
  const prometheus = config.TRIAGED_PROMETHEUS_URL ? prometheusClient(config, config.TRIAGED_PROMETHEUS_URL) : undefined;
  const logsSdk = config.TRIAGED_LOGS_INSIGHTS_ENABLED ? createLogsSdkClient(region) : undefined;
  const insights = logsSdk
    ? new ContainerInsightsEvidence(new LogsInsightsClient({ client: logsSdk }), config.TRIAGED_CLUSTER_NAME, config.TRIAGED_LOGS_APP_LOG_GROUPS)
    : undefined;
  const xraySdk = config.TRIAGED_XRAY_ENABLED ? createXRaySdkClient(region) : undefined;
  const signals = prometheus ? new PrometheusSignals(prometheus) : insights;
  const unconfigured = [
    ...(signals ? [] : ['metrics: neither Prometheus (TRIAGED_PROMETHEUS_URL) nor Container Insights (TRIAGED_LOGS_INSIGHTS_ENABLED) is configured']),
  ];
  return {
    ports: {
      kubernetes,
      ...(signals ? { signals } : {}),
      ...(insights ? { errorLogs: insights } : {}),
      ...(xraySdk ? { traces: new XRayClient({ client: xraySdk }) } : {}),
    },
    unconfigured,
    ...(prometheus ? { prometheus } : {}),
    close() {
      prometheus?.close();
      logsSdk?.destroy();
      xraySdk?.destroy();
    },
  };
}

function prometheusClient(config: Config, url: string): PrometheusClient {
  let ca: Buffer | undefined;
  if (config.TRIAGED_PROMETHEUS_CA_FILE) {
    try {
      ca = readFileSync(config.TRIAGED_PROMETHEUS_CA_FILE);
    } catch (error) {
      throw new TriagedError('CONFIG_INVALID', `TRIAGED_PROMETHEUS_CA_FILE: cannot read ${config.TRIAGED_PROMETHEUS_CA_FILE}`, { cause: error });
    }
  }
  return new PrometheusClient({
    url,
    ...(config.TRIAGED_PROMETHEUS_BEARER_TOKEN_FILE ? { auth: { kind: 'bearer-file', path: config.TRIAGED_PROMETHEUS_BEARER_TOKEN_FILE } } : {}),
    ...(ca ? { ca } : {}),
  });
}
