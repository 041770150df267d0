import {IdentityApplication} from './application';
import {ConfigError, loadConfig} from './config';
import {parseImportArgs, UsageError} from './import-lb3/import-args';
import {formatReport, ImportReport} from './import-lb3/import-report';
import {Lb3Importer} from './import-lb3/lb3-importer';
import {openSource} from './import-lb3/lb3-sources';
import {SourceError} from './import-lb3/memory-file-source';
import {ModelConfigError} from './import-lb3/model-names';
import {IdentityBindings} from './keys';
import {
  AuditEventRepository,
  PasswordCredentialRepository,
  UnitOfWork,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from './repositories';

/** Exit codes: every record taken, the import could not run, some refused. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_REFUSED = 2;

/**
 * Runs the import into `app` (booted, not started): reads the source the
 * arguments name, then imports it, or with `--dry-run` only counts.
 */
export async function importInto(
  app: IdentityApplication,
  args: string[],
): Promise<ImportReport> {
  const options = parseImportArgs(args);
  const source = await openSource(options);
  try {
    const data = await source.read();
    const importer = new Lb3Importer(
      {
        users: await app.getRepository(UserRepository),
        passwords: await app.getRepository(PasswordCredentialRepository),
        identities: await app.getRepository(UserIdentityRepository),
        credentials: await app.getRepository(UserCredentialRepository),
        audit: await app.getRepository(AuditEventRepository),
        units: await app.get<UnitOfWork>(IdentityBindings.UNIT_OF_WORK),
        box: await app.get(IdentityBindings.SECRET_BOX),
      },
      options.dryRun,
    );
    return await importer.run(data);
  } finally {
    await source.close();
  }
}

/**
 * `npm run import-lb3`: LoopBack 3's users, identities and credentials
 * into the database this service is configured with (DATABASE_URL…).
 * Prints one line per refused record and a count per model; the exit code
 * is EXIT_REFUSED when any record was refused.
 */
export async function importLb3(
  args: string[],
  print: (line: string) => void = console.log,
): Promise<number> {
  parseImportArgs(args);
  const {config} = loadConfig(process.env);
  const app = new IdentityApplication(config);
  await app.boot();
  try {
    const report = await importInto(app, args);
    formatReport(report).forEach(line => print(line));
    return report.refused.length ? EXIT_REFUSED : EXIT_OK;
  } finally {
    await app.stop();
  }
}

const EXPECTED = [
  ConfigError,
  UsageError,
  SourceError,
  ModelConfigError,
] as const;

if (require.main === module) {
  importLb3(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
      if (EXPECTED.some(type => err instanceof type)) {
        console.error(err.message);
      } else {
        console.error('Cannot import:', err);
      }
      process.exit(EXIT_FAILED);
    },
  );
}
