// `signoff <command>`: argument parsing, dispatch, exit codes (0 ok, 1 failure, 2 usage).
import { ConfigError, loadConfig } from '../platform/config.ts';
import { Problem } from '../platform/problems.ts';
import { StartupError } from '../platform/startup-error.ts';
import { parseFlags, UsageError } from './args.ts';
import { auditVerify } from './commands/audit-verify.ts';
import { demo } from './commands/demo.ts';
import { init } from './commands/init.ts';
import { migrate } from './commands/migrate.ts';
import { serve } from './commands/serve.ts';
import { users } from './commands/users.ts';

const USAGE = `usage: signoff <command>
  serve                          run the server (SIGNOFF_* variables configure it)
  init --organization O --name N --email E (--password P | --password-stdin)
                                 first-run setup: the first organisation and its admin
  migrate                        apply database migrations
  demo                           create a demo organisation with users and groups
  audit verify [--organization slug]
                                 re-compute the audit hash chains; exit 1 if one is broken
  users list|create|deactivate|activate --organization slug [...]
                                 user administration`;

async function run(argv: string[]): Promise<number> {
  const { words, flags } = parseFlags(argv);
  const [command, sub] = words;
  if (!command || flags.help) { console.log(USAGE); return command ? 0 : 2; }
  const config = loadConfig();
  switch (command) {
    case 'serve': await serve(config); return 0;
    case 'init': await init(config, flags); return 0;
    case 'migrate': await migrate(config); return 0;
    case 'demo': await demo(config); return process.exitCode === 1 ? 1 : 0;
    case 'audit':
      if (sub !== 'verify') throw new UsageError('audit verify [--organization slug]');
      return auditVerify(config, flags);
    case 'users': await users(config, sub, flags); return 0;
    default: throw new UsageError(`unknown command ${command}\n${USAGE}`);
  }
}

run(process.argv.slice(2)).then(
  (code) => { if (code !== 0 || process.argv[2] !== 'serve') process.exit(code); },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    if (err instanceof StartupError) { console.error(`signoff: ${err.message}`); process.exit(1); }
    if (err instanceof Problem) { console.error(`${err.code}: ${err.detail ?? err.title}`); process.exit(1); }
    console.error(err);
    process.exit(1);
  },
);
