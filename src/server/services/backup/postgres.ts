// On PostgreSQL, backing up and restoring are PostgreSQL's own tools' work; Sinau only
// says how to call them for its DATABASE_URL.

/** Quoted for a POSIX shell when it needs to be. */
const shell = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * The pg_dump and pg_restore command lines for `databaseUrl` and `file`. The password is
 * left out of the URL, so the lines can be shown, logged and put in a crontab; both tools
 * read it from PGPASSWORD or ~/.pgpass.
 */
export function postgresCommands(databaseUrl: string, file: string): { dump: string; restore: string; list: string; hadPassword: boolean } {
  const url = new URL(databaseUrl);
  const hadPassword = url.password !== '';
  url.password = '';
  const target = shell(url.toString());
  return {
    // Custom format: compressed, and pg_restore can list it or restore parts of it.
    dump: `pg_dump --format=custom --file=${shell(file)} --dbname=${target}`,
    // One transaction: a restore that fails half way leaves the database as it was.
    restore: `pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${target} ${shell(file)}`,
    list: `pg_restore --list ${shell(file)}`,
    hadPassword,
  };
}
