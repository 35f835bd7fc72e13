/**
 * The playbooks and how an alarm picks one: its kind hint first, then words in its name, then
 * what its target is. Each playbook is the investigation an SRE would run by hand for that alarm.
 */
import type { Alarm } from '../../domain/alarm.js';
import {
  configReferencesStep,
  currentLogsStep,
  eventsStep,
  nodesStep,
  previousLogsStep,
  rolloutHistoryStep,
} from '../evidence/kubernetes-collectors.js';
import { resolveScopeStep } from '../evidence/kubernetes-scope.js';
import type { Playbook } from './playbook.js';

export const podCrashPlaybook: Playbook = {
  name: 'pod-crash',
  title: 'Pod crash',
  phases: [[resolveScopeStep], [eventsStep, previousLogsStep, nodesStep, rolloutHistoryStep, configReferencesStep]],
};

export const genericPlaybook: Playbook = {
  name: 'generic',
  title: 'Generic investigation',
  phases: [[resolveScopeStep], [eventsStep, previousLogsStep, currentLogsStep, nodesStep, rolloutHistoryStep]],
};

const PLAYBOOKS: readonly Playbook[] = [podCrashPlaybook, genericPlaybook];

export function playbookByName(name: string): Playbook | undefined {
  return PLAYBOOKS.find((p) => p.name === name);
}

export function selectPlaybook(alarm: Pick<Alarm, 'kind' | 'name' | 'target'>): Playbook {
  if (alarm.kind === 'crash') return podCrashPlaybook;
  const name = alarm.name.toLowerCase();
  if (/crash|backoff|oomkill|restart|imagepull|errimage|createcontainer|failed.?to.?start/.test(name)) return podCrashPlaybook;
  return genericPlaybook;
}
