// Preloaded into the benchmarked daemon (`node --import`): answers each IPC message with the
// process's memory and its event-loop delay since the last 'reset', so the bench's own heap never counts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import process from 'node:process';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const ms = (ns) => Number((ns / 1e6).toFixed(2));

process.on('message', (message) => {
  if (message === 'reset') delay.reset();
  const memory = process.memoryUsage();
  process.send?.({
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    lagMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), samples: delay.count },
  });
});
// The daemon keeps the loop alive; the probe's channel must not.
process.channel?.unref();
