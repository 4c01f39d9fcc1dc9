// `signoff <command>`: argument parsing, dispatch, exit codes (0 ok, 1 failure, 2 usage).
import { ConfigError, loadConfig } from '../platform/config.ts';
import { Problem } from '../platform/problems.ts';
import { StartupError } from '../platform/startup-error.ts';
import { parseCommandLine, UsageError } from './args.ts';
import { exitFlushed } from './exit-flushed.ts';

const USAGE = `usage: signoff <command>
  serve                          run the server (SIGNOFF_* variables configure it)
  init --organization O --name N --email E (--password P | --password-stdin)
                                 first-run setup: the first organisation and its admin
  migrate                        apply database migrations
  demo                           create a demo organisation with users and groups
  audit verify [--organization slug] [--checkpoint FILE...]
                                 re-compute the audit hash chains and check them against
                                 checkpoints (stored and given); exit 1 if one is broken
  audit export --organization slug [--format json|csv] [--type T] [--since ISO] [--until ISO]
                                 the audit trail to standard output, as the download makes it
  keys rotate|list               add a signing-key generation (old keys stay published); list them
  evidence verify FILE [--jwks FILE]
                                 check an item's evidence bundle offline; exit 1 naming the first failure
  users list|create|deactivate|activate --organization slug [...]
                                 user administration`;

async function run(argv: string[]): Promise<number> {
  const { words, flags, help, checkpoints } = parseCommandLine(argv);
  const [command, sub] = words;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  // Offline: needs no configuration, database or server.
  if (command === 'evidence') {
    if (sub !== 'verify') throw new UsageError('evidence verify FILE [--jwks FILE]');
    const { evidenceVerify } = await import('./commands/evidence-verify.ts');
    return evidenceVerify(words[2], flags);
  }
  const config = loadConfig();
  // Commands are loaded when run, so an offline one (evidence verify) does not load the server.
  switch (command) {
    case 'serve':
      (await import('./process-tuning.ts')).execTuned();
      await (await import('./commands/serve.ts')).serve(config);
      return 0;
    case 'init':
      await (await import('./commands/init.ts')).init(config, flags);
      return 0;
    case 'migrate':
      await (await import('./commands/migrate.ts')).migrate(config);
      return 0;
    case 'demo':
      await (await import('./commands/demo.ts')).demo(config);
      return process.exitCode === 1 ? 1 : 0;
    case 'audit':
      if (sub === 'export') return (await import('./commands/audit-export.ts')).auditExport(config, flags);
      if (sub !== 'verify')
        throw new UsageError(
          'audit verify [--organization slug] [--checkpoint FILE...]\naudit export --organization slug [--format json|csv] [--type T] [--since ISO] [--until ISO]',
        );
      return (await import('./commands/audit-verify.ts')).auditVerify(config, flags, checkpoints);
    case 'keys':
      return (await import('./commands/keys.ts')).keys(config, sub);
    case 'users':
      await (await import('./commands/users.ts')).users(config, sub, flags);
      return 0;
    default:
      throw new UsageError(`unknown command ${command}\n${USAGE}`);
  }
}

run(process.argv.slice(2)).then(
  async (code) => {
    if (code !== 0 || process.argv[2] !== 'serve') await exitFlushed(code);
  },
  async (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      await exitFlushed(2);
    }
    if (err instanceof StartupError) {
      console.error(`signoff: ${err.message}`);
      await exitFlushed(1);
    }
    if (err instanceof Problem) {
      console.error(`${err.code}: ${err.detail ?? err.title}`);
      await exitFlushed(1);
    }
    console.error(err);
    await exitFlushed(1);
  },
);
