/**
 * `npm run bench`: the daemon against loopback peers with realistic latencies (peers.ts) —
 * alarm → Slack latency over the six playbooks, a 10,000-alarm storm, 500 incidents at once,
 * memory and event-loop lag in a child process, diagnosis time over the corpus, the store's raw
 * write rate. Prints a table, then, last, one JSON line with every figure.
 */
import { execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { diagnose } from '../src/domain/diagnosis/index.js';
import { percentile } from '../src/domain/timeseries.js';
import { loadCorpus } from './corpus.js';
import { benchLatency, LATENCY_ALARMS } from './latency.js';
import { benchMemory } from './memory.js';
import { LATENCY, startEvidencePeers } from './peers.js';
import { startRig } from './rig.js';
import { benchStorm } from './storm.js';
import { benchStore } from './store.js';
import { benchThroughput, THROUGHPUT_INCIDENTS } from './throughput.js';

const THROUGHPUT_CONCURRENCY = 16;
const MEMORY_PODS = 5000;

function machine(): Record<string, string> {
  const sh = (command: string): string => execSync(command, { encoding: 'utf8' }).trim();
  return { nproc: sh('nproc'), memory: sh("free -h | awk '/^Mem:/ {print $2\" total, \"$7\" available\"}'"), cpu: sh("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo"), node: process.version, date: new Date().toISOString() };
}

function benchDiagnose(): { snapshots: number; p50Ms: number; p95Ms: number } {
  const corpus = loadCorpus();
  for (let i = 0; i < 3; i += 1) for (const item of corpus) diagnose(item.snapshot);
  const timings: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    for (const item of corpus) {
      const started = performance.now();
      diagnose(item.snapshot);
      timings.push(performance.now() - started);
    }
  }
  return { snapshots: corpus.length, p50Ms: Number((percentile(timings, 50) ?? 0).toFixed(3)), p95Ms: Number((percentile(timings, 95) ?? 0).toFixed(3)) };
}

async function section<T>(name: string, run: () => Promise<T>): Promise<T> {
  process.stderr.write(`bench: ${name}…\n`);
  const started = performance.now();
  const result = await run();
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result)}\n`);
  return result;
}

const host = machine();
const diagnosis = benchDiagnose();
const store = await section('store write rate', () => benchStore());
const workloads = Array.from({ length: THROUGHPUT_INCIDENTS }, (_, i) => ({ namespace: 'bench', name: `svc-${i}` }));
const peers = await section('evidence peers', () => startEvidencePeers(workloads));
let latency, storm, throughput;
try {
  latency = await section(`latency (${LATENCY_ALARMS} alarms)`, async () => {
    const h = await startRig({ workloads: LATENCY_ALARMS, peers });
    try {
      return await benchLatency(h);
    } finally {
      await h.close();
    }
  });
  storm = await section('storm (10,000 alarms)', async () => {
    const h = await startRig({ workloads: 1, peers, sqs: true });
    try {
      return await benchStorm(h);
    } finally {
      await h.close();
    }
  });
  throughput = await section(`throughput (${THROUGHPUT_INCIDENTS} incidents)`, async () => {
    const h = await startRig({ workloads: THROUGHPUT_INCIDENTS, peers, env: { TRIAGED_MAX_CONCURRENT_INVESTIGATIONS: String(THROUGHPUT_CONCURRENCY) } });
    try {
      return await benchThroughput(h, THROUGHPUT_CONCURRENCY);
    } finally {
      await h.close();
    }
  });
} finally {
  await peers.close();
}
const memory = await section(`memory (${MEMORY_PODS} pods)`, () => benchMemory(MEMORY_PODS));

const row = (label: string, value: string, goal = ''): void => console.log(`${label.padEnd(46)}${value.padEnd(34)}${goal}`);
console.log(`\nmachine: ${host.nproc} CPUs (${host.cpu}), ${host.memory}, Node ${host.node}, ${host.date}`);
console.log(`peers: Kubernetes fake ${LATENCY.kubernetesMs.join('–')} ms; ${peers.prometheusKind}; Logs Insights fake ${LATENCY.logsInsightsMs.join('–')} ms until Complete; X-Ray fake behind a ${LATENCY.xrayMs.join('–')} ms proxy; Slack fake ${LATENCY.slackMs} ms\n`);
row('figure', 'measured', 'goal');
row('alarm → Slack finding p50 / p95', `${latency.e2eMs.p50} / ${latency.e2eMs.p95} ms (n=${latency.e2eMs.n})`);
row('  playbooks', Object.entries(latency.byPlaybook).map(([k, v]) => `${k} ${v}`).join(', '));
row('  evidence time / critical path p50 / p95', `${latency.evidenceVsCriticalPath.p50} / ${latency.evidenceVsCriticalPath.p95}×`, '≤ 1.1×');
row('  alarm → Slack / slowest step p50 / p95', `${latency.e2eVsSlowestStep.p50} / ${latency.e2eVsSlowestStep.p95}×`);
row('  alarm → Slack / sequential sum p50 / p95', `${latency.e2eVsSequential.p50} / ${latency.e2eVsSequential.p95}×`, '< 1');
row('  sequential sum of steps p50 / p95', `${latency.sequentialMs.p50} / ${latency.sequentialMs.p95} ms`);
row('storm: incidents / investigations / threads', `${storm.incidents} / ${storm.investigations} / ${storm.slackThreads}`, '1 / 1 / 1');
row('storm: intake rate (AM + SQS mixed)', `${storm.alarmsPerSecond} alarms/s (${storm.seconds} s)`, '≥ 2,000/s');
row('storm: Alertmanager alone', `${storm.alertmanagerAlarmsPerSecond} alarms/s`);
row('store: fsync’d inserts (bench/store.ts)', `${store.insertsPerSecond}/s, lookups ${store.lookupsPerSecond}/s`);
row(`throughput: ${throughput.incidents} incidents, concurrency ${throughput.concurrency}`, `${throughput.findingsPosted} posted in ${throughput.drainSeconds} s`);
row('  findings/s, peak queue depth', `${throughput.findingsPerSecond}/s, ${throughput.peakQueueDepth}`);
row('  priority inversions, mean post rank crit/warn', `${throughput.priorityInversions}, ${throughput.meanPostRank.critical} / ${throughput.meanPostRank.warning}`, '0');
row('memory: RSS idle', `${memory.idleRssMiB} MiB`, '< 150 MiB');
row(`memory: RSS watching ${memory.pods} pods (synced/peak)`, `${memory.watchingRssMiB.afterSync} / ${memory.watchingRssMiB.peakDuringChurn} MiB`, '< 400 MiB');
row('  churn events', String(memory.churnEvents));
row('event-loop lag during a full relist p99 / max', `${memory.relist.lagP99Ms} / ${memory.relist.lagMaxMs} ms`);
row('  daemon runtime', memory.runtime);
row('diagnose per snapshot p50 / p95', `${diagnosis.p50Ms} / ${diagnosis.p95Ms} ms (${diagnosis.snapshots} snapshots)`);
console.log(JSON.stringify({ machine: host, peers: { ...LATENCY, prometheus: peers.prometheusKind }, latency, storm, throughput, memory, diagnose: diagnosis, store }));
