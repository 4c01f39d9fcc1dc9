import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import { keepBackgroundThreadsLow } from '../../platform/thread-priority.ts';
import { logCrashes } from '../crash-log.ts';
import { exitFlushed } from '../exit-flushed.ts';

export async function serve(config: Config): Promise<void> {
  const signoff = await createSignoff(config, { backgroundCheckpoints: true });
  const address = await signoff.start();
  // The event loop before password hashes and report drawing (see thread-priority.ts); only the
  // server process does this, not the test runner that starts servers in-process.
  const threads = keepBackgroundThreadsLow(config.backgroundNice);
  const http = await signoff.buildHttp();
  logCrashes(process, signoff.log, (code) => void exitFlushed(code));
  http.log.info({ address, database: config.database.dialect, mail: config.mail.transport }, `Signoff listens on ${address} (open ${config.baseUrl})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    http.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    threads.stop();
    await signoff.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
