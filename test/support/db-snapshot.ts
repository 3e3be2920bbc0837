import type Database from 'better-sqlite3';

/** Row count of every table: to assert that a refused request wrote nothing at all. */
export function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
}

export function journalCount(sqlite: Database.Database): number {
  return (sqlite.prepare('select count(*) as n from journal').get() as { n: number }).n;
}

export function lastJournal(sqlite: Database.Database): { seq: number; action: string; entity_type: string; entity_id: string; actor_id: string | null; data: string } {
  return sqlite.prepare('select * from journal order by seq desc limit 1').get() as never;
}
