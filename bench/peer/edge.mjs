#!/usr/bin/env node
// edge.mjs - writes a small hand-made export that exercises the rules
// `rcm gen` data never does, so the peer check covers them too:
//
//   node edge.mjs DIR    writes DIR/edge.ini, DIR/catalog.csv, DIR/input/*.csv
//
// Each student's comment says what it tests. bench/run.sh runs rcm and the
// peer on it and checks their acgr 4yr, cert_attainment and oh_pfs rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: edge.mjs DIR\n');
  process.exit(64);
}
mkdirSync(join(dir, 'input'), { recursive: true });

const quote = (v) => (/[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (fields) => fields.map((f) => quote(String(f ?? ''))).join(',');

// ----------------------------------------------------------------- config
writeFileSync(join(dir, 'edge.ini'), `; edge.ini - profile of the peer's edge-case export (bench/peer/edge.mjs)
[profile]
name = Edge
[input]
catalog = catalog.csv
bare_year = second
max_reject_rate = 1
[codes.exit]
GRADUATED = 99
[codes.subject]
WORKPLACE_DOCS = READING_FOR_INFORMATION
[metrics]
enabled = acgr, cert_attainment, oh_pfs
`);

// LOC-1: a district row (D1, 12 points) and an every-district row (1 point);
// OLD-1: 6 Manufacturing points through 2016, 12 Health Science from 2018.
writeFileSync(join(dir, 'catalog.csv'), [
  'code,name,career_field,points,first_year,last_year,district_id',
  'LOC-1,Local welding,Manufacturing,12,,,D1',
  'LOC-1,Local welding,Manufacturing,1,,,',
  'OLD-1,Retired certificate,Manufacturing,6,,2016,',
  'OLD-1,Renewed certificate,Health Science,12,2018,,',
  'FULL-12,Full certificate,Health Science,12,,,',
  'HALF-6,Half certificate,Health Science,6,,,',
  'FIN-6,Finance certificate,Finance,6,2015-2016,,',
  '',
].join('\n'));

// ------------------------------------------------------------ enrollments
const ENR = ['student_id', 'district_id', 'district_name', 'school_id', 'school_name',
  'school_year', 'grade', 'entry_date', 'exit_date', 'exit_code', 'grade9_entry_year',
  'cohort_year', 'gender', 'race', 'ell', 'econ_disadv', 'sped', 'cte_concentrator',
  'diploma_type', 'diploma_date'];
const NAMES = { D1: 'First District', D2: 'Second District', D3: 'Third District' };
const enr = [line(ENR)];
// r(id, district, school, label, grade, extra): one row; school years as
// 2015-2016 unless extra.sy is given; entry the 20th of August.
function r(id, d, s, label, grade, x = {}) {
  const v = {
    student_id: id, district_id: d, district_name: NAMES[d] ?? '', school_id: s,
    school_name: `${s} High`, school_year: x.sy ?? `${label - 1}-${label}`, grade,
    entry_date: `${label - 1}-08-20`, exit_date: '', exit_code: '', grade9_entry_year: '',
    cohort_year: '', gender: 'F', race: 'WH', ell: 'N', econ_disadv: 'N', sped: 'N',
    cte_concentrator: 'N', diploma_type: '', diploma_date: '', ...x,
  };
  enr.push(line(ENR.map((c) => v[c])));
}
// four years from grade 9 in label g9, the last one given by `last`
function career(id, d, s, g9, last = {}, each = {}) {
  for (let k = 0; k < 4; k++) r(id, d, s, g9 + k, 9 + k, k === 3 ? { ...each, ...last } : each);
}
const GRAD = (date, type = 'STANDARD') => ({
  exit_date: date, exit_code: 'GRADUATED', diploma_type: type, diploma_date: date,
});

// cohort 2017 -------------------------------------------------------------
// honors diploma without a date (year_end of its label); ACT reading 21
// passes for a cohort <= 2017; bare school years (bare_year = second)
for (let k = 0; k < 4; k++)
  r('A01', 'D1', 'S1', 2014 + k, 9 + k, { sy: String(2014 + k),
    ...(k === 3 ? { exit_date: '2017-06-01', exit_code: '99', diploma_type: 'HONORS' } : {}) });
// old SAT (before 2016-03-01) remediation-free
career('A02', 'D1', 'S2', 2014, GRAD('2017-06-01'));
// old and new SAT never mix: old W/CR pass, old math fails, new math passes;
// dates as M/D/YYYY
career('A03', 'D1', 'S2', 2014, GRAD('5/30/2017'), { entry_date: '8/20/2015' });
// cohort_year 2017 given, but every row is later: as of 2017 all rows are read
r('A04', 'D1', 'S1', 2018, 11, { cohort_year: '2017' });
r('A04', 'D2', 'S3', 2019, 12, { cohort_year: '2016-2017', ...GRAD('2019-06-01') });
// same label and entry: the row with an empty exit_date is the latest (S1),
// though it comes first in the input
career('A05', 'D1', 'S2', 2014, {}, {});
enr.pop();
r('A05', 'D1', 'S1', 2017, 12, { entry_date: '2016-08-20' });
r('A05', 'D1', 'S2', 2017, 12, { entry_date: '2016-08-20', exit_date: '2017-01-15',
  exit_code: 'TRANSFER_OUT' });
// same label, entry and exit: input order decides (S1, graduated, is last)
career('A06', 'D1', 'S1', 2014);
enr.pop();
r('A06', 'D1', 'S2', 2017, 12, { exit_date: '2017-06-01', exit_code: 'DROPOUT' });
r('A06', 'D1', 'S1', 2017, 12, { exit_date: '2017-06-01', exit_code: 'GRADUATED',
  diploma_type: 'STANDARD', diploma_date: '2017-06-01' });
// LOC-1 counts 12 points in D1 (district row), 1 point in D2
career('A07', 'D1', 'S1', 2014, GRAD('2017-06-01'));
career('A08', 'D2', 'S3', 2014, GRAD('2017-06-01'));
// diploma dated after year_end(2017): a 5-year graduate (added to PFS 2018,
// ACT reading 21 still passes: its own cohort is 2017)
career('A10', 'D1', 'S2', 2014, { exit_date: '2017-06-01', exit_code: 'GRADUATED',
  diploma_type: 'STANDARD', diploma_date: '2017-09-15' });
// transferred out as of 2017 (removed), back and graduated in 2018 (D2/S3):
// a 5-year graduate of 2017 in PFS 2018
r('A11', 'D1', 'S1', 2014, 9);
r('A11', 'D1', 'S1', 2015, 10);
r('A11', 'D1', 'S1', 2016, 11, { exit_date: '2016-02-01', exit_code: 'TRANSFER_OUT' });
r('A11', 'D2', 'S3', 2018, 12, GRAD('2018-06-01'));
// a row with more fields than the header is rejected (it would graduate A12)
r('A12', 'D1', 'S1', 2014, 9);
r('A12', 'D1', 'S1', 2015, 10);
r('A12', 'D1', 'S1', 2016, 11);
enr.push(`${line(['A12', 'D1', NAMES.D1, 'S1', 'S1 High', '2016-2017', '12', '2016-08-20',
  '2017-06-01', 'GRADUATED', '', '', 'F', 'WH', 'N', 'N', 'N', 'N', 'STANDARD',
  '2017-06-01'])},extra`);
// a short row: missing trailing fields are empty
career('A13', 'D2', 'S3', 2014, GRAD('2017-06-01'));
enr.push('A13,D2,Second District,S3,S3 High,2013-2014,9');
// names with a comma, quotes and a line break; flags True/false/1/No;
// grade 009; dates YYYYMMDD
const a15 = { school_name: 'St. Mary\'s "Central",\nEast', entry_date: '20150820' };
r('A15', 'D2', 'S3', 2014, '009', a15);
r('A15', 'D2', 'S3', 2015, '10', a15);
r('A15', 'D2', 'S3', 2016, '11', { ...a15, entry_date: '8/20/2015' });
r('A15', 'D2', 'S3', 2017, '012', { ...a15, ...GRAD('20170601'), ell: 'True',
  econ_disadv: 'false', sped: '1', cte_concentrator: 'No' });
// invalid optional values blanked (a Feb 30 entry, an unknown gender); an
// unmapped exit code is OTHER; the latest row has no race (the earlier counts)
career('A17', 'D1', 'S2', 2014, { exit_date: '2017-03-01', exit_code: 'ZZ', race: '',
  entry_date: '2016-02-30', gender: 'U' }, { race: 'BL' });
// exact duplicates: the same row twice, and again with 2016-17 for 2016-2017
career('A18', 'D3', 'S1', 2014, GRAD('2017-06-01'));
enr.push(enr[enr.length - 1]);
enr.push(enr[enr.length - 1].replace('2016-2017', '2016-17'));

// cohort 2018 -------------------------------------------------------------
// OLD-1 earned in 2016 (6 Manufacturing points, the earliest counted
// earning) and again in 2017-18 (the Health Science row): counted once, with
// the first row, so Health Science has 6 (HALF-6) and there is no 12
career('A09', 'D3', 'S1', 2015, GRAD('2018-06-01'));
// CCP: 1.5 hours twice (an exact duplicate, merged), 1.0 not completed, 1.5
// after the window: 1.5 hours, no bonus
career('A19', 'D1', 'S1', 2015, GRAD('2018-06-01'));
// AP 3 gives the bonus; the credential (FULL-12) gives the primary
career('A20', 'D1', 'S2', 2015, GRAD('2018-06-01'));
// honors diploma; IB 4 in the window (another after it)
career('A21', 'D2', 'S3', 2015, GRAD('2018-06-01', 'HONORS'));
// blanks around values are trimmed (unquoted and quoted)
career('A22', 'D1', 'S1', 2015, GRAD('2018-06-01'));
enr.push(enr.pop().replace(/^A22,D1,/, 'A22, D1 ,').replace(',S1,', ',"  S1 ",'));
// grade9_entry_year 2014-15 (label 2015) + 3 = 2018, though the first row
// is grade 10 in 2017 (rule 4 would say 2019)
r('A24', 'D2', 'S3', 2017, 10, { grade9_entry_year: '2014-15' });
r('A24', 'D2', 'S3', 2018, 11, { grade9_entry_year: '2014-15' });
// gender and ell only on an earlier row
career('A25', 'D1', 'S1', 2015, { ...GRAD('2018-06-01'), gender: '', ell: '' }, { ell: 'Y' });
// the new SAT from 2016-03-01 on the day
career('A26', 'D2', 'S3', 2015, GRAD('2018-06-01'));
// a student with no valid credential code (wrong case), and a credential of
// an unknown student
career('A23', 'D1', 'S2', 2015, GRAD('2018-06-01'));

// cohort 2019 -------------------------------------------------------------
// cohort_year 2018-2019 (label 2019), bare school years
for (let k = 0; k < 4; k++)
  r('A27', 'D1', 'S1', 2016 + k, 9 + k, { sy: String(2016 + k), cohort_year: '2018-2019',
    ...(k === 3 ? GRAD('2019-06-01') : {}) });
// retained in grade 9: the first grade-9 year + 3 (a cohort conflict)
r('A28', 'D1', 'S2', 2016, 9);
r('A28', 'D1', 'S2', 2017, 9);
r('A28', 'D1', 'S2', 2018, 10);
r('A28', 'D1', 'S2', 2019, 11);
// ALTERNATE diploma: not a graduate
career('A29', 'D2', 'S3', 2016, GRAD('2019-06-01', 'ALTERNATE'));
// GRADUATED without a diploma row or an exit date: STANDARD, year_end
career('A30', 'D2', 'S3', 2016, { exit_code: 'GRADUATED' }, { diploma_type: 'NONE' });
// removed: deceased, emigrated, incarcerated; kept: GED
career('A31', 'D1', 'S1', 2016, { exit_date: '2019-01-10', exit_code: 'DECEASED' });
career('A32', 'D1', 'S1', 2016, { exit_date: '2019-01-10', exit_code: 'EMIGRATED' });
career('A33', 'D3', 'S1', 2016, { exit_date: '2019-01-10', exit_code: 'INCARCERATED' });
career('A34', 'D3', 'S1', 2016, { exit_date: '2019-01-10', exit_code: 'GED' });
// no cohort: grades 8, KG and PK only
r('A35', 'D1', 'S1', 2018, 8);
r('A36', 'D1', 'S1', 2018, 'KG');
r('A36', 'D1', 'S1', 2019, 'pk');
// rejected: grade 13, a school year that is not one, an empty student id
r('A37', 'D1', 'S1', 2019, 13, GRAD('2019-06-01'));
r('A37', 'D1', 'S1', 2019, 12, { sy: '2018-2020' });
r('', 'D1', 'S1', 2019, 12);
writeFileSync(join(dir, 'input', 'enrollments.csv'), `${enr.join('\n')}\n`);

// ------------------------------------------------------------ credentials
// CRLF line endings
writeFileSync(join(dir, 'input', 'credentials.csv'), [
  'student_id,credential_code,earned_date',
  'A07,LOC-1,2016-11-01', 'A08,LOC-1,2016-11-01',
  'A09,OLD-1,2016-05-01', 'A09,OLD-1,2017-10-01', 'A09,HALF-6,2017-11-01',
  'A20,FULL-12,2017-03-01', 'A20,FULL-12,2017-03-01',
  'A23,full-12,2017-03-01', 'X99,FULL-12,2017-03-01',
  'A21,FIN-6,2015-10-01', 'A21,FIN-6,2016-10-01',
  'A26,HALF-6,2018-09-01', 'A26,HALF-6,2016-02-30',
  'A01,FULL-12,4/1/2016', 'A02,HALF-6,20160401',
  '',
].join('\r\n'));

// ------------------------------------------------------------ assessments
// a byte-order mark; WorkKeys under its old subject name
const act = (id, date, e, m, rd) => [`${id},ACT,ENGLISH,${e},${date}`,
  `${id},ACT,MATH,${m},${date}`, `${id},ACT,READING,${rd},${date}`];
writeFileSync(join(dir, 'input', 'assessments.csv'), `\uFEFF${[
  'student_id,test,subject,score,test_date',
  ...act('A01', '2016-03-10', 18, 22, 21),
  'A02,SAT,WRITING,430,2015-10-03', 'A02,SAT,CRITICAL_READING,450,2015-10-03',
  'A02,SAT,MATH,520,2015-10-03',
  'A03,SAT,WRITING,430,10/3/2015', 'A03,SAT,CRITICAL_READING,450,10/3/2015',
  'A03,SAT,MATH,500,10/3/2015', 'A03,SAT,MATH,600,3/1/2016', 'A03,SAT,EBRW,470,3/1/2016',
  ...act('A10', '2017-03-10', 18, 22, 21),
  ...act('A11', '2017-03-10', 30, 30, 30),
  ...act('A19', '2017-03-10', 30, 30, 30),
  'A19,ACT,READING,+35.0,2017-04-10', 'A19,ACT,READING,N/A,2017-04-10',
  'A20,AP,Calculus AB,3,2017-05-10', 'A20,AP,Calculus AB,2.5,2016-05-10',
  'A21,IB,Biology HL,4,2018-05-01', 'A21,IB,Biology HL,7,2018-09-01',
  'A21,WORKKEYS,READING_FOR_INFORMATION,5,2017-01-10',
  'A26,SAT,EBRW,480,2016-03-01', 'A26,SAT,MATH,530,2016-03-01',
  'A27,ACT,ENGLISH,36,2019-09-01', 'A27,ACT,MATH,36,2019-09-01',
  'A27,ACT,READING,36,2019-09-01',
  'A28,ACT,MATH,30,2018-03-01', 'A28,SAT,ENGLISH,30,2018-03-01',
  ...act('A30', '2018-03-01', 20, 22, 22),
  'X98,ACT,MATH,30,2018-03-01',
].join('\n')}\n`);

// --------------------------------------------------------------- programs
// an empty line in the middle
writeFileSync(join(dir, 'input', 'programs.csv'), `${[
  'student_id,school_year,kind,course_id,credit_hours,completed',
  'A19,2016-2017,CCP,ENG 1101,1.5,Y', 'A19,2016-17,CCP,ENG 1101,1.50,Yes',
  '',
  'A19,2017-2018,CCP,MATH 1150,1.0,N', 'A19,2018-2019,CCP,BIO 1100,1.5,Y',
  'A30,2017-2018,CCP,ENG 1101,2,', 'A30,2018-2019,CCP,MATH 1150,1,',
  'A28,2018-2019,CCP,,3,maybe', 'A27,2018-2019,ccp,HIST 1100,3.0,1',
].join('\n')}\n`);
