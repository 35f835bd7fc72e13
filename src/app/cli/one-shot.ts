/**
 * `triaged capture` and `triaged investigate`: run the collectors once for an alarm file or a
 * target, with the daemon's configuration, and notify nobody. `capture` writes the snapshot;
 * `investigate` also diagnoses it and prints the finding.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { captureSnapshot } from '../../core/capture.js';
import { ALARM_KINDS, type Alarm, type AlarmKind } from '../../domain/alarm.js';
import { diagnose } from '../../domain/diagnosis/index.js';
import { errorMessage } from '../../domain/errors.js';
import { parseTarget } from '../../domain/target.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { parseAlertmanagerWebhook } from '../../sources/alertmanager/parse.js';
import { parseCloudWatchBody } from '../../sources/cloudwatch/parse.js';
import { loadConfig } from '../config.js';
import { buildEvidence } from '../evidence.js';
import { kubernetesFromConfig } from '../kubernetes.js';
import { formatDiagnosis } from './diagnose.js';
import { parseCommandArgs, type CommandIo, type CommandOptions } from './command.js';

export type OneShotOptions = CommandOptions;

export async function runOneShot(command: 'capture' | 'investigate', args: readonly string[], io: CommandIo, options: OneShotOptions = {}): Promise<number> {
  const values = parseCommandArgs(command, args, { alarm: { type: 'string' }, target: { type: 'string' }, kind: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } }, io);
  if (!values) return 2;
  const clock = options.clock ?? systemClock;
  let alarm: Alarm;
  try {
    alarm = values.alarm ? await alarmFromFile(values.alarm) : manualAlarm(command, values.target, values.kind, clock);
  } catch (error) {
    io.stderr(`triaged ${command}: ${errorMessage(error)}`);
    return 2;
  }

  const config = loadConfig(options.env ?? process.env);
  const kubernetes = kubernetesFromConfig(config, options.kubernetesServer);
  const evidence = buildEvidence(config, kubernetes.reader);
  try {
    const { snapshot, playbook } = await captureSnapshot(alarm, {
      evidence: evidence.ports,
      clock,
      unconfigured: evidence.unconfigured,
      deadlineMs: config.TRIAGED_INVESTIGATION_DEADLINE_SECONDS * 1000,
    });
    const snapshotJson = `${JSON.stringify(snapshot, null, 2)}\n`;
    if (command === 'capture') {
      if (values.out) await writeFile(values.out, snapshotJson);
      else io.stdout(snapshotJson);
      if (values.out) io.stderr(`snapshot of ${playbook.name} playbook written to ${values.out}`);
      return 0;
    }
    if (values.out) await writeFile(values.out, snapshotJson);
    const diagnosis = diagnose(snapshot);
    io.stdout(values.json ? JSON.stringify({ ...diagnosis, playbook: playbook.name, timeline: snapshot.timeline }) : `playbook: ${playbook.name}\n${formatDiagnosis(diagnosis)}`);
    return 0;
  } finally {
    evidence.close();
  }
}

function manualAlarm(command: string, target: string | undefined, kind: string | undefined, clock: Clock): Alarm {
  if (!target) throw new Error('give --alarm FILE or --target namespace/kind/name');
  if (kind !== undefined && !(ALARM_KINDS as readonly string[]).includes(kind)) throw new Error(`--kind must be one of ${ALARM_KINDS.join(', ')}, got "${kind}"`);
  return {
    source: 'manual',
    name: `triaged ${command}`,
    kind: (kind as AlarmKind | undefined) ?? 'unknown',
    severity: 'info',
    state: 'firing',
    target: parseTarget(target),
    startsAt: new Date(clock.now()).toISOString(),
    labels: {},
    raw: { command, target },
  };
}

/** An Alertmanager webhook, a CloudWatch event (EventBridge or SNS), or triaged's plain JSON alarm. */
async function alarmFromFile(path: string): Promise<Alarm> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON`);
  }
  const parsed = json !== null && typeof json === 'object' && 'alerts' in json ? parseAlertmanagerWebhook(json) : parseCloudWatchBody(text);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.reason}`);
  const alarm = parsed.alarms.find((a) => a.state === 'firing') ?? parsed.alarms[0];
  if (!alarm) throw new Error(`${path} holds no alarm to investigate`);
  return alarm;
}
