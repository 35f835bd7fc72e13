/**
 * Rules on container states: image-pull, bad-config, crash-loop and init-container-failure, and
 * dependency-failure when a crashing container's last words are a connection error.
 * OOM kills and probe kills are judged by memory.ts and probes.ts.
 */
import { containerProblems } from '../container-problems.js';
import type { DiagnosisContext } from '../context.js';
import { score, type Finding } from '../finding.js';
import { eventEvidence, eventsOfPods, groupProblems, podCount, problemEvidence, type ProblemGroup } from '../grouping.js';
import { quote } from '../logs.js';
import { createIssue, rolloutRestart, targetOf } from '../remedies.js';

function pullHint(messages: string): string {
  if (/not found|manifest unknown|does not exist|NotFound/i.test(messages)) return 'the image or tag does not exist';
  if (/unauthorized|denied|forbidden|authentication required|401|403/i.test(messages)) return 'the registry refused the credentials';
  if (/no such host|dial tcp|i\/o timeout|connection refused|TLS handshake/i.test(messages)) return 'the registry cannot be reached';
  if (/InvalidImageName|invalid reference format/i.test(messages)) return 'the image name is invalid';
  if (/toomanyrequests|rate limit/i.test(messages)) return 'the registry rate-limits pulls';
  return 'the pull fails';
}

function imagePull(ctx: DiagnosisContext, group: ProblemGroup): Finding {
  const { lead, workload } = group;
  const events = eventsOfPods(ctx, group.pods, ['Failed', 'BackOff', 'ErrImagePull', 'InspectFailed'], /pull|image/i);
  const messages = [lead.container.waiting?.message ?? '', ...events.map((e) => e.message)].join(' ');
  const where = lead.container.init ? 'init container' : 'container';
  return {
    category: 'image-pull',
    score: score(group.weight + (events.length > 0 ? 0.05 : 0)),
    summary: `${workload.name}: ${podCount(group.pods)} cannot pull image ${lead.container.image || '(unknown)'} for ${where} ${lead.container.name} (${lead.container.waiting?.reason}): ${pullHint(messages)}`,
    target: targetOf(workload),
    evidence: [...problemEvidence(group), ...eventEvidence(events)],
    remediations: createIssue('image-pull', targetOf(workload), `${workload.name}: image ${lead.container.image} cannot be pulled`, `Pods of ${workload.kind} ${workload.namespace}/${workload.name} report ${lead.container.waiting?.reason}: ${pullHint(messages)}. Fix the image reference or the pull secret.`),
    explains: ['probe-failure', 'service-no-endpoints'],
  };
}

function badConfig(ctx: DiagnosisContext, group: ProblemGroup): Finding {
  const { lead, workload } = group;
  const events = eventsOfPods(ctx, group.pods, ['Failed', 'FailedMount'], /not found|couldn't find|missing|invalid|executable|no such file/i);
  const cause = lead.container.waiting?.reason
    ? `${lead.container.waiting.reason}${lead.container.waiting.message ? `: ${lead.container.waiting.message.slice(0, 160)}` : ''}`
    : lead.log
      ? `it exits and its log names a configuration problem: "${quote(lead.log.lines, 1)}"`
      : `it exits with code ${lead.container.lastTerminated?.exitCode ?? lead.container.terminated?.exitCode} (command cannot be run)`;
  return {
    category: 'bad-config',
    score: score(group.weight + (events.length > 0 ? 0.05 : 0)),
    summary: `${workload.name}'s container ${lead.container.name} cannot start because of its configuration (${podCount(group.pods)}): ${cause}`,
    target: targetOf(workload),
    evidence: [...problemEvidence(group), ...eventEvidence(events)],
    remediations: createIssue('bad-config', targetOf(workload), `${workload.name}: container ${lead.container.name} misconfigured`, `${cause}. Provide the missing ConfigMap, Secret, key or setting, or fix the command.`),
    explains: ['crash-loop', 'probe-failure', 'service-no-endpoints'],
    ...(lead.missing ? { missing: [lead.missing] } : {}),
  };
}

function crashLoop(ctx: DiagnosisContext, group: ProblemGroup): Finding {
  const { lead, workload } = group;
  const t = lead.container.lastTerminated ?? lead.container.terminated;
  const restarts = Math.max(...group.problems.map((p) => p.container.restartCount));
  const logPart = lead.log ? `; previous log: "${quote(lead.log.lines, 1)}"` : '';
  const events = eventsOfPods(ctx, group.pods, ['BackOff']);
  const target = targetOf(workload);
  return {
    category: 'crash-loop',
    score: score(group.weight),
    summary: `${workload.name}'s container ${lead.container.name} keeps crashing (${podCount(group.pods)}, up to ${restarts} restarts, last exit ${t?.exitCode ?? '?'} ${t?.reason ?? ''})${logPart}`,
    target,
    evidence: [...problemEvidence(group), ...eventEvidence(events, 1)],
    remediations: [
      ...rolloutRestart(workload, 'a restart clears a bad in-memory or on-disk state if the crash depends on it; it does not fix a code bug', 'low'),
      ...createIssue('crash-loop', target, `${workload.name}: container ${lead.container.name} crash-loops (exit ${t?.exitCode ?? '?'})`, `Exit ${t?.exitCode ?? '?'} ${t?.reason ?? ''} after ${restarts} restarts.${lead.log ? `\nLog:\n${lead.log.lines.slice(-5).join('\n')}` : ''}`),
    ],
    explains: ['probe-failure', 'service-no-endpoints'],
    ...(lead.missing ? { missing: [lead.missing] } : {}),
  };
}

function initFailure(ctx: DiagnosisContext, group: ProblemGroup): Finding {
  const { lead, workload } = group;
  const t = lead.container.lastTerminated ?? lead.container.terminated;
  const how = t ? `exit ${t.exitCode} ${t.reason}`.trim() : lead.container.waiting?.reason || 'never completes';
  const target = targetOf(workload);
  return {
    category: 'init-container-failure',
    score: score(group.weight),
    summary: `${workload.name}'s init container ${lead.container.name} fails (${how}, ${podCount(group.pods)}), so the main containers never start${lead.log ? `; log: "${quote(lead.log.lines, 1)}"` : ''}`,
    target,
    evidence: [...problemEvidence(group), ...eventEvidence(eventsOfPods(ctx, group.pods, ['BackOff', 'Failed']), 1)],
    remediations: createIssue('init-container-failure', target, `${workload.name}: init container ${lead.container.name} fails`, `Init container ${lead.container.name}: ${how}.${lead.log ? `\nLog:\n${lead.log.lines.slice(-5).join('\n')}` : ''}`),
    explains: ['crash-loop', 'probe-failure', 'service-no-endpoints'],
    ...(lead.missing ? { missing: [lead.missing] } : {}),
  };
}

function crashOnDependency(group: ProblemGroup): Finding {
  const { lead, workload } = group;
  const target = targetOf(workload);
  return {
    category: 'dependency-failure',
    score: score(group.weight),
    summary: `${workload.name}'s container ${lead.container.name} exits after failing to reach a dependency (${podCount(group.pods)}): "${quote(lead.log?.lines ?? [], 1)}"`,
    target,
    evidence: problemEvidence(group),
    remediations: createIssue('dependency-failure', target, `${workload.name}: a dependency is unreachable`, `The container's last log lines are connection errors:\n${(lead.log?.lines ?? []).slice(-5).join('\n')}`),
    explains: ['crash-loop', 'probe-failure'],
  };
}

type Builder = (ctx: DiagnosisContext, group: ProblemGroup) => Finding;

const BUILDERS: Readonly<Record<'image-pull' | 'bad-config' | 'crash-loop' | 'init-container-failure' | 'dependency-failure', Builder>> = {
  'image-pull': imagePull,
  'bad-config': badConfig,
  'crash-loop': crashLoop,
  'init-container-failure': initFailure,
  'dependency-failure': (_ctx, group) => crashOnDependency(group),
};

export function containerRules(ctx: DiagnosisContext): Finding[] {
  const kinds = Object.keys(BUILDERS) as (keyof typeof BUILDERS)[];
  return groupProblems(ctx, containerProblems(ctx), kinds).map((group) => BUILDERS[group.kind as keyof typeof BUILDERS](ctx, group));
}
