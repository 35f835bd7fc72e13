/** The fake Kubernetes API server and its seeds (see server.ts and scenarios.ts). */
export { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions, type RecordedRequest } from './server.js';
export type { Controllers, ControllerOptions, CrashProfile } from './controllers.js';
export type { Faults, FailRule } from './faults.js';
export type { KubeObj } from './objects.js';
export type { ObjectStore, StoreEvent } from './store.js';
export * from './scenarios.js';
