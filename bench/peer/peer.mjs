#!/usr/bin/env node
// peer.mjs - the benchmark's peer: computes acgr 4yr, cert_attainment and
// oh_pfs from an rcm input directory with DuckDB SQL (metrics.sql) and writes
// them as CSV with the key and number columns of rcm's metrics.csv.
//
//   node peer.mjs --config config/ohio.ini --input DIR --output FILE [--threads N] [--quiet]
//                 [--coverage] [--query SQL]
//   node peer.mjs --config config/ohio.ini --print-config
//
// It reads the same profile as rcm: file base names, column headers, the
// delimiter, [codes.*], year_end, bare_year, cohort.remove,
// cohort.subgroups, acgr.diplomas and the oh_pfs keys. Stage timings go to
// stderr as `peer: STAGE: seconds`. --coverage then prints (untimed) how
// often the input exercised each rule (coverage.sql).
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { readIni, get, list } from './ini.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// Canonical columns per file (SPEC 3.1-3.5); required ones marked.
const FILES = {
  enrollments: {
    table: 'raw_enrollments',
    required: ['student_id', 'district_id', 'school_id', 'school_year', 'grade'],
    optional: ['district_name', 'school_name', 'entry_date', 'exit_date', 'exit_code',
      'grade9_entry_year', 'cohort_year', 'gender', 'race', 'ell', 'econ_disadv', 'sped',
      'cte_concentrator', 'diploma_type', 'diploma_date'],
  },
  credentials: {
    table: 'raw_credentials',
    required: ['student_id', 'credential_code', 'earned_date'], optional: [],
  },
  assessments: {
    table: 'raw_assessments',
    required: ['student_id', 'test', 'subject', 'score', 'test_date'], optional: [],
  },
  programs: {
    table: 'raw_programs',
    required: ['student_id', 'school_year', 'kind'],
    optional: ['course_id', 'credit_hours', 'completed'],
  },
};
const CATALOG = {
  table: 'raw_catalog', required: ['code', 'name'],
  optional: ['career_field', 'points', 'first_year', 'last_year', 'district_id'],
};

// Canonical code values (SPEC 3.1, 3.3, 3.4).
const CODES = {
  exit: ['GRADUATED', 'TRANSFER_OUT', 'EMIGRATED', 'DECEASED', 'INCARCERATED', 'DROPOUT',
    'GED', 'OTHER'],
  gender: ['F', 'M', 'X'],
  race: ['AI', 'AS', 'BL', 'HI', 'MR', 'PI', 'WH'],
  diploma: ['NONE', 'STANDARD', 'HONORS', 'ALTERNATE'],
  test: ['ACT', 'SAT', 'WORKKEYS', 'AP', 'IB', 'ASVAB'],
  subject: ['ENGLISH', 'READING', 'MATH', 'SCIENCE', 'WRITING', 'COMPOSITE', 'EBRW', 'TOTAL',
    'CRITICAL_READING', 'APPLIED_MATH', 'GRAPHIC_LITERACY', 'WORKPLACE_DOCS', 'AFQT'],
  kind: ['AP_COURSE', 'IB_COURSE', 'CCP', 'DUAL_ENROLLMENT', 'DUAL_CREDIT', 'CLEP', 'CIE',
    'LDC', 'INTERNSHIP', 'PRE_APPRENTICESHIP', 'APPRENTICESHIP', 'AP_COMPUTER_SCIENCE'],
};

const DELIMITERS = { comma: ',', tab: '\t', semicolon: ';', pipe: '|' };

function fail(msg) {
  process.stderr.write(`peer: error: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opt = { threads: 0, quiet: false };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--config') opt.config = next();
    else if (a === '--input') opt.input = next();
    else if (a === '--output') opt.output = next();
    else if (a === '--threads') opt.threads = Number(next());
    else if (a === '--quiet') opt.quiet = true;
    else if (a === '--print-config') opt.printConfig = true;
    else if (a === '--coverage') opt.coverage = true;
    else if (a === '--query') opt.query = next();
    else fail(`unknown option ${a}`);
  }
  if (opt.config && opt.printConfig) return opt;
  if (!opt.config || !opt.input || !opt.output)
    fail('usage: peer.mjs --config FILE --input DIR --output FILE [--threads N] [--quiet] ' +
      '[--coverage]');
  return opt;
}

const sqlString = (s) => `'${String(s).replace(/'/g, "''")}'`;

// A config number (input syntax, SPEC 3) as a SQL DECIMAL literal.
function sqlNumber(value, key) {
  if (!/^[+-]?[0-9]+([.][0-9]+)?$/.test(value)) fail(`${key}: '${value}' is not a number`);
  return `CAST(${sqlString(value)} AS DECIMAL(18, 6))`;
}

function codeMacro(ini, set) {
  // values listed under [codes.set] map first, then the canonical values
  // themselves; both case-insensitively (SPEC 2, 3)
  const pairs = [];
  const seen = new Set();
  const section = ini.sections.get(`codes.${set}`);
  if (section) {
    for (const [code, values] of section) {
      const canon = code.toUpperCase();
      if (!CODES[set].includes(canon)) fail(`codes.${set}: unknown code ${code}`);
      for (const sis of list(values)) {
        const key = sis.toLowerCase();
        if (!seen.has(key)) pairs.push([key, canon]);
        seen.add(key);
      }
    }
  }
  for (const canon of CODES[set]) {
    const key = canon.toLowerCase();
    if (!seen.has(key)) pairs.push([key, canon]);
    seen.add(key);
  }
  const whens = pairs.map(([k, c]) => `WHEN ${sqlString(k)} THEN ${sqlString(c)}`).join(' ');
  return `CREATE MACRO code_${set}(s) AS CASE lower(s) ${whens} END;`;
}

function configSql(ini) {
  const ye = get(ini, 'cohort', 'year_end', '08-31');
  const m = /^([0-9]{2})-([0-9]{2})$/.exec(ye);
  if (!m) fail(`cohort.year_end: '${ye}' is not MM-DD`);
  const denominator = get(ini, 'oh_pfs', 'denominator', 'four_plus_fifth');
  if (denominator !== 'four_plus_fifth')
    fail(`oh_pfs.denominator = ${denominator}: the peer implements four_plus_fifth only`);
  const newSat = get(ini, 'oh_pfs', 'new_sat_from', '2016-03-01');
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(newSat)) fail(`oh_pfs.new_sat_from: '${newSat}'`);
  const bonus = get(ini, 'oh_pfs', 'bonus', '0.3');
  sqlNumber(bonus, 'oh_pfs.bonus');
  const num = (section, key, dflt) => sqlNumber(get(ini, section, key, dflt), `${section}.${key}`);
  const lines = [
    `CREATE MACRO cfg_ye_month() AS ${Number(m[1])};`,
    `CREATE MACRO cfg_ye_day() AS ${Number(m[2])};`,
    `CREATE MACRO cfg_bare_second() AS ${get(ini, 'input', 'bare_year', 'second') === 'second'};`,
    `CREATE MACRO cfg_subgroups_ever() AS ${get(ini, 'cohort', 'subgroups', 'latest') === 'ever'};`,
    `CREATE MACRO cfg_remove() AS [${list(get(ini, 'cohort', 'remove',
      'TRANSFER_OUT, EMIGRATED, DECEASED, INCARCERATED')).map((c) => sqlString(c.toUpperCase())).join(', ')}];`,
    `CREATE MACRO cfg_diplomas() AS [${list(get(ini, 'acgr', 'diplomas', 'STANDARD, HONORS'))
      .map((c) => sqlString(c.toUpperCase())).join(', ')}];`,
    `CREATE MACRO cfg_pfs_points() AS ${num('oh_pfs', 'points', '12')};`,
    `CREATE MACRO cfg_act_english() AS ${num('oh_pfs', 'act_english', '18')};`,
    `CREATE MACRO cfg_act_math() AS ${num('oh_pfs', 'act_math', '22')};`,
    `CREATE MACRO cfg_act_reading() AS ${num('oh_pfs', 'act_reading', '22')};`,
    `CREATE MACRO cfg_act_reading_until_2017() AS ${num('oh_pfs', 'act_reading_until_2017', '21')};`,
    `CREATE MACRO cfg_sat_ebrw() AS ${num('oh_pfs', 'sat_ebrw', '480')};`,
    `CREATE MACRO cfg_sat_math() AS ${num('oh_pfs', 'sat_math', '530')};`,
    `CREATE MACRO cfg_old_sat_writing() AS ${num('oh_pfs', 'old_sat_writing', '430')};`,
    `CREATE MACRO cfg_old_sat_reading() AS ${num('oh_pfs', 'old_sat_reading', '450')};`,
    `CREATE MACRO cfg_old_sat_math() AS ${num('oh_pfs', 'old_sat_math', '520')};`,
    `CREATE MACRO cfg_new_sat_from() AS DATE ${sqlString(newSat)};`,
    `CREATE MACRO cfg_ap_min() AS ${num('oh_pfs', 'ap_min', '3')};`,
    `CREATE MACRO cfg_ib_min() AS ${num('oh_pfs', 'ib_min', '4')};`,
    `CREATE MACRO cfg_ccp_hours() AS ${num('oh_pfs', 'ccp_hours', '3')};`,
    // rcm keeps 0.3 as 300000 millionths and adds bonus / 1000 thousandths
    `CREATE MACRO cfg_bonus_milli() AS ${Math.trunc(Math.round(Number(bonus) * 1e6) / 1000)};`,
  ];
  for (const set of Object.keys(CODES)) lines.push(codeMacro(ini, set));
  return lines.join('\n');
}

// NAME, NAME.csv or NAME.csv.gz in the input directory (SPEC 3).
function locate(dir, base) {
  const found = ['', '.csv', '.csv.gz'].map((s) => join(dir, base + s)).filter(existsSync);
  if (found.length > 1) fail(`${dir}: ambiguous input: ${found.join(', ')}`);
  return found[0];
}

// The header row: the fields of the file's first record (RFC 4180 quoting;
// a byte-order mark skipped; gzip by its magic bytes). Read here rather than
// by DuckDB's sniffer, which counts the fields of later rows too.
function headerNames(path, delim) {
  const fd = openSync(path, 'r');
  let buf = Buffer.alloc(1 << 16);
  buf = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  closeSync(fd);
  if (buf[0] === 0x1f && buf[1] === 0x8b)
    buf = gunzipSync(buf, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const names = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      names.push(field);
      field = '';
    } else if (ch === '\n') break;
    else field += ch;
  }
  names.push(field.replace(/\r$/, ''));
  return names;
}

// The data rows as text, RFC 4180 quoting, one column per header field (f1,
// f2, ...) and one more, __extra, that holds the first field past the
// header: rcm rejects such a row (field_count), so the load drops it; rows
// with two or more extra fields are dropped by ignore_errors. null_padding:
// missing trailing fields are NULL (empty). nullstr chr(1): an empty field
// is '' and so not NULL, which tells a present empty extra field from a
// padded one. DuckDB's parallel reader cannot pad rows of a file with quoted
// line breaks: such a file is read again without it.
function dataSource(path, delim, n, parallel) {
  const cols = Array.from({ length: n }, (_, i) => `'f${i + 1}': 'VARCHAR'`);
  return `read_csv(${sqlString(path)}, header = false, skip = 1, auto_detect = false, ` +
    `columns = {${cols.join(', ')}, '__extra': 'VARCHAR'}, delim = ${sqlString(delim)}, ` +
    `quote = '"', escape = '"', nullstr = chr(1), null_padding = true, ignore_errors = true` +
    `${parallel ? '' : ', parallel = false'})`;
}

// Load one file as text with canonical column names (header names trimmed
// and matched case-insensitively; a missing optional column is NULL).
async function loadFile(conn, spec, path, display, headers, delim) {
  const canon = [...spec.required, ...spec.optional];
  if (!path) {
    await conn.run(`CREATE TABLE ${spec.table} (${canon.map((c) => `${c} VARCHAR`).join(', ')});`);
    return;
  }
  const names = headerNames(path, delim);
  const select = canon.map((c) => {
    const want = (headers[c] || c).trim().toLowerCase();
    const at = [];
    names.forEach((n, i) => {
      if (n.trim().toLowerCase() === want) at.push(i);
    });
    if (at.length > 1) fail(`${display}: header '${want}' appears twice`);
    if (!at.length) {
      if (spec.required.includes(c))
        fail(`${display}: missing required column '${c}' (looked for header '${want}')`);
      return `CAST(NULL AS VARCHAR) AS ${c}`;
    }
    return `f${at[0] + 1} AS ${c}`;
  });
  const create = (parallel) => conn.run(`CREATE TABLE ${spec.table} AS SELECT ` +
    `${select.join(', ')} FROM ${dataSource(path, delim, names.length, parallel)} ` +
    'WHERE __extra IS NULL;');
  try {
    await create(true);
  } catch (e) {
    if (!/null_padding in conjunction with quoted new lines/.test(e.message)) throw e;
    await create(false);
  }
}

async function main() {
  const opt = parseArgs(process.argv);
  const ini = readIni(opt.config);
  if (opt.printConfig) { // the cfg_* and code_* macros, for reading or debugging
    process.stdout.write(`${configSql(ini)}\n`);
    return;
  }
  const started = performance.now();
  let mark = started;
  const log = (stage) => {
    const now = performance.now();
    if (!opt.quiet)
      process.stderr.write(`peer: ${stage}: ${((now - mark) / 1000).toFixed(2)} s\n`);
    mark = now;
  };
  const config = opt.threads > 0 ? { threads: String(opt.threads) } : {};
  const db = await DuckDBInstance.create(':memory:', config);
  const conn = await db.connect();
  await conn.run(configSql(ini));

  const d = get(ini, 'input', 'delimiter', 'comma');
  const delim = DELIMITERS[d] || d;
  for (const [name, spec] of Object.entries(FILES)) {
    const base = get(ini, 'input', name, name);
    const path = locate(opt.input, base);
    if (!path && name === 'enrollments') fail(`${opt.input}: no enrollments input`);
    const headers = Object.fromEntries(ini.sections.get(`columns.${name}`) || []);
    await loadFile(conn, spec, path, path ? path.slice(opt.input.length + 1) : name, headers,
      delim);
    log(`read: ${name}`);
  }
  const catalog = resolve(ini.dir, get(ini, 'input', 'catalog', ''));
  await loadFile(conn, CATALOG, catalog, catalog, {}, ',');

  // metrics.sql in its stages ("-- @stage NAME" lines)
  const sql = readFileSync(join(here, 'metrics.sql'), 'utf8');
  const parts = sql.split(/^-- @stage /m).slice(1);
  for (const part of parts) {
    const name = part.slice(0, part.indexOf('\n')).trim();
    await conn.run(part.slice(part.indexOf('\n') + 1));
    log(name);
  }
  await conn.run(`COPY (SELECT * FROM peer_metrics ORDER BY metric, detail, year,
      CASE level WHEN 'all' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, district_id, school_id,
      "group", group_value) TO ${sqlString(opt.output)} (HEADER, DELIMITER ',')`);
  log('write');
  const rows = await conn.runAndReadAll('SELECT count(*) AS n FROM peer_metrics');
  if (!opt.quiet)
    process.stderr.write(`peer: ${rows.getRowObjectsJson()[0].n} rows in ` +
      `${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  if (opt.query) { // debugging: any query over the peer's tables, as JSON lines
    const res = await conn.runAndReadAll(opt.query);
    for (const r of res.getRowObjectsJson()) process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  if (opt.coverage) { // untimed: how often the input exercised each rule
    const cov = await conn.runAndReadAll(readFileSync(join(here, 'coverage.sql'), 'utf8'));
    for (const r of cov.getRowObjectsJson())
      process.stdout.write(`${String(r.area).padEnd(12)} ${String(r.rule).padEnd(62)} ${r.n}\n`);
  }
  conn.closeSync();
}

main().catch((e) => fail(e.message || String(e)));
