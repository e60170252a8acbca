#!/usr/bin/env node
// check.mjs - compares the peer's CSV with rcm's metrics.csv for the rows the
// peer computes: acgr/4yr, cert_attainment/'' and oh_pfs/''. Key: metric,
// detail, year, level, district_id, school_id, group, group_value; numerator,
// denominator and value must be equal as text. Prints the count of equal
// rows, lists differences (at most --show, default 20) and exits 1 on any.
//
//   node check.mjs --rcm OUT/metrics.csv --peer peer.csv [--show N]
import { DuckDBInstance } from '@duckdb/node-api';

function fail(msg) {
  process.stderr.write(`check: error: ${msg}\n`);
  process.exit(2);
}

const opt = { show: 20 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = process.argv[i + 1];
  if (v === undefined) fail(`${a} needs a value`);
  if (a === '--rcm') opt.rcm = v;
  else if (a === '--peer') opt.peer = v;
  else if (a === '--show') opt.show = Number(v);
  else fail(`unknown option ${a}`);
  i++;
}
if (!opt.rcm || !opt.peer) fail('usage: check.mjs --rcm metrics.csv --peer peer.csv [--show N]');

const q = (s) => `'${s.replace(/'/g, "''")}'`;
const read = (path) => `SELECT ${['metric', 'detail', 'year', 'level', 'district_id', 'school_id',
  'group', 'group_value', 'numerator', 'denominator', 'value']
  .map((c) => `coalesce("${c}", '') AS "${c}"`).join(', ')}
  FROM read_csv(${q(path)}, header = true, all_varchar = true, delim = ',', quote = '"',
                escape = '"')`;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run(`CREATE TABLE r AS SELECT * FROM (${read(opt.rcm)})
  WHERE (metric = 'acgr' AND detail = '4yr') OR (metric = 'cert_attainment' AND detail = '')
     OR (metric = 'oh_pfs' AND detail = '')`);
await conn.run(`CREATE TABLE p AS ${read(opt.peer)}`);
const key = ['metric', 'detail', 'year', 'level', 'district_id', 'school_id', 'group',
  'group_value'].map((c) => `"${c}"`);
await conn.run(`CREATE TABLE cmp AS
  SELECT ${key.map((k) => `coalesce(r.${k}, p.${k}) AS ${k}`).join(', ')},
    r.numerator AS rcm_num, p.numerator AS peer_num,
    r.denominator AS rcm_den, p.denominator AS peer_den,
    r.value AS rcm_value, p.value AS peer_value,
    CASE WHEN r.metric IS NULL THEN 'only in peer' WHEN p.metric IS NULL THEN 'only in rcm'
         WHEN r.numerator <> p.numerator OR r.denominator <> p.denominator
           OR r.value <> p.value THEN 'differs' END AS problem
  FROM r FULL OUTER JOIN p USING (${key.join(', ')})`);
const counts = (await conn.runAndReadAll(`SELECT
    count(*) FILTER (WHERE problem IS NULL) AS equal,
    count(*) FILTER (WHERE problem IS NOT NULL) AS bad,
    (SELECT count(*) FROM r) AS rcm_rows, (SELECT count(*) FROM p) AS peer_rows
  FROM cmp`)).getRowObjectsJson()[0];
const byMetric = (await conn.runAndReadAll(`SELECT metric, count(*) AS n,
    count(*) FILTER (WHERE problem IS NOT NULL) AS bad FROM cmp GROUP BY metric ORDER BY metric`))
  .getRowObjectsJson();
process.stdout.write(`check: ${counts.equal} rows equal, ${counts.bad} differ ` +
  `(rcm ${counts.rcm_rows} rows, peer ${counts.peer_rows} rows; ` +
  byMetric.map((m) => `${m.metric} ${m.n}${Number(m.bad) ? ` (${m.bad} bad)` : ''}`).join(', ') +
  ')\n');
if (Number(counts.bad) > 0) {
  const rows = (await conn.runAndReadAll(`SELECT * FROM cmp WHERE problem IS NOT NULL
      ORDER BY ALL LIMIT ${Math.max(0, opt.show | 0)}`)).getRowObjectsJson();
  for (const r of rows)
    process.stdout.write(`  ${r.problem}: ${r.metric},${r.detail},${r.year},${r.level},` +
      `${r.district_id},${r.school_id},${r.group},${r.group_value}: ` +
      `rcm ${r.rcm_num ?? '-'}/${r.rcm_den ?? '-'}=${r.rcm_value ?? '-'} ` +
      `peer ${r.peer_num ?? '-'}/${r.peer_den ?? '-'}=${r.peer_value ?? '-'}\n`);
  process.exit(1);
}
if (Number(counts.equal) === 0) {
  process.stdout.write('check: no rows to compare\n');
  process.exit(1);
}
conn.closeSync();
