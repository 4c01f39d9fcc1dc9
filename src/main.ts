// The composition root: config → database → domain services → HTTP and workers. The only file
// that knows every module; each domain is built through its own create*(deps).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createAccounts, organizationNames } from './accounts/index.ts';
import { createAudit } from './audit/index.ts';
import { createCheckpoints, createEvidence, createKeyring } from './evidence/index.ts';
import { createFactors, type MethodFactory } from './factors/index.ts';
import { createPolicies, createReminderScheduler } from './policies/index.ts';
import { createSettings } from './settings/index.ts';
import { createSecretBox } from './platform/crypto/secret-box.ts';
import { buildApp } from './http/app.ts';
import { createMail } from './mail/index.ts';
import { closeReportRenderer, createSignatures } from './signatures/index.ts';
import { createWorkflows, hasSignatureSteps } from './workflows/index.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { connectDatabase, type Database } from './platform/db/connect.ts';
import { transactionsHeldAcrossTurns } from './platform/db/group-commit.ts';
import type { OrgId } from './platform/ids.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { createLogger } from './platform/log.ts';
import { createMetrics } from './platform/metrics.ts';
import { periodicJob } from './platform/periodic-job.ts';
import { createRateLimiter } from './platform/rate-limit.ts';
import { deriveKeys, loadOrCreateSecretKey } from './platform/secret-key.ts';
import { checkDataDir, databaseStartupError, reasonOf, StartupError } from './platform/startup-error.ts';
import { startMetricsServer, type MetricsServer } from './http/metrics-server.ts';

const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

export type Signoff = Awaited<ReturnType<typeof createSignoff>>;

/** Builds every service over one database. Runs migrations first (safe with several instances). */
/**
 * `extraMethods`: second-factor strategies beyond the built-in ones, and `contractMethods`: the
 * method names the API accepts when a test extends them for such a strategy (tests only;
 * `signoff serve` passes neither).
 */
export async function createSignoff(
  config: Config,
  opts: {
    clock?: Clock | undefined;
    logger?: boolean;
    extraMethods?: readonly MethodFactory[];
    contractMethods?: readonly string[];
    /** SQLite's WAL checkpoints in a worker thread, not at a commit (the server: see wal-checkpointer.ts). */
    backgroundCheckpoints?: boolean;
  } = {},
) {
  const clock = opts.clock ?? systemClock;
  // Created first, so nothing logged before the HTTP server starts is lost (CLI and quiet tests: disabled).
  const log = createLogger(config.logLevel, opts.logger !== false);
  // A read-only or full data directory, or a database that does not answer, ends start-up
  // with one line saying what and where (platform/startup-error.ts), not a stack trace.
  checkDataDir(config.dataDir);
  let database: Database;
  try {
    database = connectDatabase(config.database);
  } catch (err) {
    throw databaseStartupError(err, config.database);
  }
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close().catch(() => {});
    throw databaseStartupError(err, config.database);
  }
  if (opts.backgroundCheckpoints) database.checkpointInBackground?.();
  let secret: ReturnType<typeof loadOrCreateSecretKey>;
  try {
    secret = loadOrCreateSecretKey(config);
  } catch (err) {
    await database.close();
    const reason = reasonOf(err);
    throw reason
      ? new StartupError(`cannot create the secret key in ${resolve(config.dataDir)}: ${reason} (SIGNOFF_DATA_DIR, or set SIGNOFF_SECRET_KEY)`)
      : err;
  }
  const keys = deriveKeys(secret.hex);
  const keyring = createKeyring({ secretHex: secret.hex, clock });
  const metrics = createMetrics();
  database.onStatement(() => metrics.dbStatements.inc());
  metrics.gaugeReadOnScrape(
    'signoff_db_transactions_held_across_turns',
    'SQLite transactions that awaited I/O while holding the connection every request shares (expected: 0)',
    async () => transactionsHeldAcrossTurns(database.db),
  );
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const audit = createAudit({ clock });
  let app: FastifyInstance | undefined;
  // Background work (mail worker, schedulers) logs through children of the process's logger,
  // which the HTTP server gets too: one JSON stream, level and redaction from start-up on.
  const backgroundLog = (component: string) => log.child({ component });
  // Mail names the organisation in every message's header (a read accounts offers without its service).
  const organizationName = organizationNames();
  const mail = createMail({
    db: database.db,
    dialect: database.dialect,
    clock,
    config,
    metrics,
    instanceId,
    log: backgroundLog('mail'),
    organizationName: (db, orgId) => organizationName(db, orgId as OrgId),
  });
  const limiter = createRateLimiter({ db: database.db, clock });
  const accounts = createAccounts({
    db: database.db,
    clock,
    audit,
    mail,
    limiter,
    hmacKey: keys.hmacKey,
    config,
    // Asked at the first request, once factors (below) exists.
    enrolledWhen: () => factors.enrolledWhen,
  });
  // Organisation settings sit below factors and policies: both read them, neither knows the other's service.
  const settings = createSettings({ db: database.db, accounts });
  const base = new URL(config.baseUrl);
  const secretBox = createSecretBox([keys.encryptionKey]);
  const factors = createFactors(
    {
      db: database.db,
      clock,
      audit,
      mail,
      limiter,
      accounts,
      hmacKey: keys.hmacKey,
      secretBox,
      config: { siteName: config.siteName, baseUrl: config.baseUrl },
      webauthn: { rpId: base.hostname, rpName: config.siteName, origin: base.origin },
      settings: (orgId) => settings.read(orgId),
      requiresTwoFactor: (orgId, userId) => settings.requiresTwoFactor(orgId, userId),
      twoFactorRequirement: (orgId) => settings.twoFactorRequirement(orgId),
      // Two-person resets where e-signature steps are in force: a read of workflow definitions that needs only the database.
      hasSignatureSteps: (orgId) => hasSignatureSteps(database.db, orgId),
    },
    { extraMethods: opts.extraMethods, contractMethods: opts.contractMethods },
  );
  const policies = createPolicies({ db: database.db, clock, audit, accounts, factors, secretBox, limiter, sso: { allowHosts: config.ssoAllowHosts } });
  const signatures = createSignatures({
    db: database.db,
    clock,
    audit,
    accounts,
    limiter,
    hmacKey: keys.hmacKey,
    sealKeys: keyring,
    async alertAdmins(tx, orgId, event, detail) {
      for (const admin of await accounts.listActiveAdmins(tx, orgId)) {
        await mail.enqueue(tx, { orgId, to: admin.email, template: 'security-notice', vars: { name: admin.name, event, detail } });
      }
    },
  });
  const workflows = createWorkflows({
    db: database.db,
    clock,
    audit,
    mail,
    accounts,
    factors,
    policies,
    signatures,
    sealKeys: keyring,
    limiter,
    hmacKey: keys.hmacKey,
    config: {
      baseUrl: config.baseUrl,
      siteName: config.siteName,
      dataDir: config.dataDir,
      uploadMaxBytes: config.uploadMaxBytes,
      inviteTtlMs: config.inviteTtlMs,
      devMailbox: config.mail.devMailbox,
      uploadPendingMax: config.uploadPendingMax,
      minFreeBytes: config.minFreeBytes,
    },
  });
  // Signed audit checkpoints (every 100 entries, hourly with new entries, on demand), emailed to the witnesses.
  const checkpoints = createCheckpoints({
    db: database.db,
    clock,
    audit,
    accounts,
    keyring,
    mail,
    log: backgroundLog('checkpoints'),
    witnesses: async (_db, orgId) => (await settings.read(orgId)).audit.witnesses,
  });
  const evidence = createEvidence({
    db: database.db,
    clock,
    keyring,
    audit,
    workflows,
    latestCheckpoint: (db, orgId) => checkpoints.latestCheckpoint(db, orgId),
    config: { siteName: config.siteName, baseUrl: config.baseUrl, devMailbox: config.mail.devMailbox },
  });
  const services = { db: database.db, accounts, audit, mail, metrics, factors, policies, workflows, signatures, keyring, checkpoints, evidence };
  // Enrollment reminders (docs/guide.md §4): every instance runs the scheduler; the ledger's primary key keeps it to one per user per period.
  const reminders = createReminderScheduler({
    db: database.db,
    clock,
    audit,
    accounts,
    factors,
    mail,
    baseUrl: config.baseUrl,
    log: backgroundLog('reminders'),
  });

  // Due-date reminders and overdue actions (issue 13): every instance runs the job; claims in item_rounds keep each to once.
  const dueDates = workflows.dueDates.scheduler({ log: backgroundLog('due-dates') });

  // Sweeps every instance runs (a row is deleted once): the first pass after one interval, and
  // at once again while a pass says there is more.
  const sweeper = (component: string, intervalMs: number, run: () => Promise<unknown>) => {
    const sweepLog = backgroundLog(component);
    return periodicJob({ intervalMs, run, onError: (err) => sweepLog.error({ err }, `${component} sweep failed`) });
  };
  const sweepers = [
    // Uploads never attached to an item are deleted after 24 hours (files by their id).
    sweeper('uploads', 15 * 60_000, () => workflows.uploads.sweepExpired()),
    // What stopped working long ago (sessions, challenges, reset links, guest sessions, trusted
    // devices, SSO flows) is deleted: platform/db/expired-rows.ts. The trail keeps the events.
    sweeper('expired rows', 60 * 60_000, async () => {
      const passes = [accounts.sweepExpired, factors.sweepExpired, policies.sweepExpired, workflows.sweepExpired];
      let more = false;
      for (const pass of passes) more = (await pass()) === 'more' || more;
      return more ? 'more' : undefined;
    }),
    // Attempt counters idle for a week (a key per client address and per email tried) go, walking the table a chunk at a time.
    sweeper('attempt counters', 60 * 60_000, () => limiter.sweepIdle()),
    // A sent message's link or code is not kept once it has expired (emailed codes last 10 minutes).
    sweeper('mail', 5 * 60_000, () => mail.sweepExpiredCredentials()),
  ];
  let metricsServer: MetricsServer | undefined;

  return {
    config,
    database,
    services,
    clock,
    /** The process's logger (the HTTP server's request logs are its children). */
    log,
    reminders,
    keyring,
    dueDates,
    /** The loopback metrics listener's address when SIGNOFF_METRICS_PORT is set and started. */
    metricsAddress: () => metricsServer?.address,
    async buildHttp(): Promise<FastifyInstance> {
      app ??= await buildApp({ services, config: { ...config, webRoot: WEB_ROOT }, logger: opts.logger === false ? false : log });
      return app;
    },
    /** Listens and starts the periodic jobs (mail, reminders, checkpoints, the upload and session sweeps); returns the bound address. */
    async start(): Promise<string> {
      const http = await this.buildHttp();
      let address: string;
      try {
        address = await http.listen({ port: config.port, host: config.host });
        if (config.metrics.port !== undefined) metricsServer = await startMetricsServer(metrics.registry, config.metrics.port);
      } catch (err) {
        const reason = reasonOf(err);
        if (!reason) throw err;
        const port = !http.server.listening
          ? `${config.host}:${config.port} (SIGNOFF_HOST, SIGNOFF_PORT)`
          : `127.0.0.1:${config.metrics.port} (SIGNOFF_METRICS_PORT)`;
        await http.close();
        throw new StartupError(`cannot listen on ${port}: ${reason}`);
      }
      mail.startWorker();
      reminders.start();
      dueDates.start();
      checkpoints.scheduler.start();
      for (const s of sweepers) s.start();
      return address;
    },
    /** Graceful: stop taking requests, finish in-flight ones, the reminder pass and the mail batch, close the pool. */
    async stop(): Promise<void> {
      if (app) await app.close();
      await metricsServer?.close();
      await reminders.stop();
      await dueDates.stop();
      await checkpoints.scheduler.stop();
      await Promise.all(sweepers.map((s) => s.stop()));
      await mail.stopWorker();
      await closeReportRenderer();
      await policies.close();
      await database.close();
    },
  };
}
