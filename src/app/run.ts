/** `triaged run`: the daemon until SIGTERM/SIGINT, then a graceful stop and exit 0. */
import { loadConfig } from './config.js';
import { Daemon } from './daemon.js';

export async function runDaemon(): Promise<number> {
  const config = loadConfig();
  const daemon = new Daemon(config);
  await daemon.start();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      daemon.logger.info({ signal }, 'stopping');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await daemon.stop();
  return 0;
}
