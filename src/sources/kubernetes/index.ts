/** The Kubernetes alarm source and its pure parsers. */
export { KubernetesAlarmSource, type KubernetesAlarmSourceOptions } from './source.js';
export { CHAOS_LABEL, eventAlarm, podAlarms, type AlarmContext, type EventAlarmContext, type PodAlarmContext } from './pod-alarms.js';
