-- metrics.sql - the peer of the rcm benchmark: acgr 4yr, cert_attainment
-- (detail '') and oh_pfs (detail '', denominator four_plus_fifth) at every
-- level and subgroup, in DuckDB SQL, from the same SIS export rcm reads.
--
-- peer.mjs runs it after it has
--   * defined the cfg_* macros from the profile (config/ohio.ini): year_end,
--     bare_year, cohort.remove, cohort.subgroups, acgr.diplomas, the oh_pfs
--     thresholds, and one code_<set>(s) macro per [codes.*] set (values
--     listed in the profile first, then the canonical values, both matched
--     case-insensitively);
--   * loaded every input file as text into raw_enrollments, raw_credentials,
--     raw_assessments, raw_programs (canonical column names, a missing
--     optional column as NULL; rowid = input order) and the catalog into
--     raw_catalog.
-- Section numbers refer to shared/SPEC.md. Each "-- @stage" line starts a
-- step that peer.mjs times on its own.

-- @stage rules
-- ---------------------------------------------------------------- SPEC 3
-- Values are trimmed of blanks (space, tab, CR, LF), as rcm_trim does
-- (trim() is called only when the first or last character is a control
-- character or a space: it is the most expensive step of the parse).
CREATE MACRO v(s) AS CASE
  WHEN ord(s) <= 32 OR ord(right(s, 1)) <= 32
    THEN trim(s, ' ' || chr(9) || chr(13) || chr(10))
  ELSE coalesce(s, '') END;

-- Dates: YYYY-MM-DD, YYYYMMDD or M/D/YYYY, a real day of a year 1900-2199.
CREATE MACRO date_of(s) AS CASE
  WHEN regexp_full_match(s, '(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}')
    THEN CAST(try_strptime(s, '%Y-%m-%d') AS DATE)
  WHEN regexp_full_match(s, '(19|20|21)[0-9]{6}')
    THEN CAST(try_strptime(s, '%Y%m%d') AS DATE)
  WHEN regexp_full_match(s, '[0-9]{1,2}/[0-9]{1,2}/(19|20|21)[0-9]{2}')
    THEN CAST(try_strptime(s, '%m/%d/%Y') AS DATE)
END;

-- School years: 2019-2020 or 2019-20 (the second year the first plus one),
-- or a bare year (the label itself when bare_second, else the next year).
-- The label is the second year; years 1900-2199.
CREATE MACRO sy_of(s, bare_second) AS CASE
  WHEN regexp_full_match(s, '[0-9]{4}') THEN
    CASE WHEN bare_second AND CAST(s AS INT) BETWEEN 1900 AND 2199 THEN CAST(s AS INT)
         WHEN NOT bare_second AND CAST(s AS INT) BETWEEN 1900 AND 2198 THEN CAST(s AS INT) + 1 END
  WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{4}') THEN
    CASE WHEN CAST(substr(s, 1, 4) AS INT) BETWEEN 1900 AND 2198
          AND CAST(substr(s, 6, 4) AS INT) = CAST(substr(s, 1, 4) AS INT) + 1
         THEN CAST(substr(s, 6, 4) AS INT) END
  WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}') THEN
    CASE WHEN CAST(substr(s, 1, 4) AS INT) BETWEEN 1900 AND 2198
          AND CAST(substr(s, 6, 2) AS INT) = (CAST(substr(s, 1, 4) AS INT) + 1) % 100
         THEN CAST(substr(s, 1, 4) AS INT) + 1 END
END;

-- Grades: PK, KG, 1-12 (leading zeros ok).
CREATE MACRO grade_of(s) AS CASE
  WHEN lower(s) = 'pk' THEN -1
  WHEN lower(s) = 'kg' THEN 0
  WHEN regexp_full_match(s, '[0-9]{1,3}') AND TRY_CAST(s AS INT) BETWEEN 1 AND 12
    THEN TRY_CAST(s AS INT)
END;

CREATE MACRO flag_of(s) AS CASE
  WHEN lower(s) IN ('y', 'yes', '1', 'true') THEN 'Y'
  WHEN lower(s) IN ('n', 'no', '0', 'false') THEN 'N'
END;

-- Numbers: [+-]digits[.digits], kept with 6 decimals as rcm keeps them.
CREATE MACRO number_of(s) AS CASE
  WHEN regexp_full_match(s, '[+-]?[0-9]+([.][0-9]+)?') THEN TRY_CAST(s AS DECIMAL(18, 6))
END;

-- The school-year label of a date: the year of the next year_end on or
-- after it (SPEC 4), and the last day of a school year.
CREATE MACRO label_of(d) AS CASE
  WHEN month(d) < cfg_ye_month() OR (month(d) = cfg_ye_month() AND day(d) <= cfg_ye_day())
    THEN year(d) ELSE year(d) + 1 END;
CREATE MACRO year_end(label) AS make_date(CAST(label AS INT), cfg_ye_month(), cfg_ye_day());

-- SPEC 3.3: the subjects of each test (AP and IB subjects are course names).
CREATE MACRO subject_ok(test, subj) AS CASE test
  WHEN 'ACT' THEN subj IN ('ENGLISH', 'READING', 'MATH', 'SCIENCE', 'WRITING', 'COMPOSITE')
  WHEN 'SAT' THEN subj IN ('EBRW', 'MATH', 'TOTAL', 'WRITING', 'CRITICAL_READING')
  WHEN 'WORKKEYS' THEN subj IN ('APPLIED_MATH', 'GRAPHIC_LITERACY', 'WORKPLACE_DOCS')
  WHEN 'ASVAB' THEN subj = 'AFQT'
  ELSE false END;

-- @stage enrollments
-- ------------------------------------------------------- SPEC 3.1, 3.6
-- Each file is parsed into a table first and filtered in a second step:
-- in one statement the optimizer would copy the parse expressions into the
-- filter and evaluate them twice.
-- A required field that is empty or invalid rejects the row; an invalid
-- optional field is blanked (NULL). An exit_code that maps to nothing is
-- OTHER. Exact duplicates (the same values after parsing and mapping) are
-- merged into the first; `ord` is the input order of the row that stays.
CREATE TEMP TABLE enr_p AS
SELECT ord, student_id, district_id, district_name, school_id, school_name,
  sy_of(school_year, cfg_bare_second()) AS label,
  grade_of(grade) AS grade,
  date_of(entry_date) AS entry_date,
  date_of(exit_date) AS exit_date,
  CASE WHEN exit_code <> '' THEN coalesce(code_exit(exit_code), 'OTHER') END AS exit_code,
  sy_of(grade9_entry_year, cfg_bare_second()) AS g9_entry,
  sy_of(cohort_year, true) AS cohort_year,
  code_gender(gender) AS gender, code_race(race) AS race,
  flag_of(ell) AS ell, flag_of(econ_disadv) AS econ_disadv, flag_of(sped) AS sped,
  flag_of(cte) AS cte,
  code_diploma(diploma_type) AS diploma_type,
  date_of(diploma_date) AS diploma_date
FROM (
  SELECT rowid AS ord,
    v(student_id) AS student_id, v(district_id) AS district_id,
    v(district_name) AS district_name, v(school_id) AS school_id,
    v(school_name) AS school_name, v(school_year) AS school_year, v(grade) AS grade,
    v(entry_date) AS entry_date, v(exit_date) AS exit_date, v(exit_code) AS exit_code,
    v(grade9_entry_year) AS grade9_entry_year, v(cohort_year) AS cohort_year,
    v(gender) AS gender, v(race) AS race, v(ell) AS ell, v(econ_disadv) AS econ_disadv,
    v(sped) AS sped, v(cte_concentrator) AS cte, v(diploma_type) AS diploma_type,
    v(diploma_date) AS diploma_date
  FROM raw_enrollments
);

CREATE TABLE enr AS
SELECT min(ord) AS ord, student_id, district_id, district_name, school_id, school_name,
  label, grade, entry_date, exit_date, exit_code, g9_entry, cohort_year, gender, race,
  ell, econ_disadv, sped, cte, diploma_type, diploma_date
FROM enr_p
WHERE student_id <> '' AND district_id <> '' AND school_id <> '' AND label IS NOT NULL
  AND grade IS NOT NULL
GROUP BY ALL;
DROP TABLE enr_p;

CREATE TABLE students AS SELECT DISTINCT student_id FROM enr;

-- The catalog (SPEC 3.5), checked by rcm when it loads the profile:
-- trimmed values, graduation-year labels, empty = open / every district.
CREATE TABLE catalog AS
SELECT v(code) AS code, nullif(v(career_field), '') AS career_field,
  coalesce(number_of(v(points)), 0) AS points,
  sy_of(v(first_year), true) AS first_year, sy_of(v(last_year), true) AS last_year,
  nullif(v(district_id), '') AS district_id
FROM raw_catalog;

-- @stage credentials
-- --------------------------------------------------- SPEC 3.2-3.4, 3.6
-- Every listed field is checked (any invalid value rejects the row), then
-- unknown_student (no accepted enrollment row), then unknown_credential
-- (exact text, after trimming); exact duplicates merged.
CREATE TEMP TABLE cred_p AS
SELECT student_id, code, date_of(earned) AS earned
FROM (SELECT v(student_id) AS student_id, v(credential_code) AS code,
        v(earned_date) AS earned
      FROM raw_credentials);

CREATE TABLE cred AS
SELECT DISTINCT t.student_id, t.code, t.earned
FROM cred_p t
SEMI JOIN students s ON s.student_id = t.student_id
SEMI JOIN catalog c ON c.code = t.code
WHERE t.earned IS NOT NULL;
DROP TABLE cred_p;

-- @stage assessments
-- SPEC 3.3: a subject must be one of its test's (AP and IB: any course name).
CREATE TEMP TABLE tst_p AS
SELECT student_id, test,
  CASE WHEN test IN ('AP', 'IB') THEN nullif(subject, '')
       WHEN subject_ok(test, subject_code) THEN subject_code END AS subject,
  score, test_date
FROM (
  SELECT student_id, code_test(test) AS test, subject, code_subject(subject) AS subject_code,
    number_of(score) AS score, date_of(test_date) AS test_date
  FROM (SELECT v(student_id) AS student_id, v(test) AS test, v(subject) AS subject,
          v(score) AS score, v(test_date) AS test_date
        FROM raw_assessments)
);

CREATE TABLE tst AS
SELECT DISTINCT c.student_id, c.test, c.subject, c.score, c.test_date
FROM tst_p c
SEMI JOIN students s ON s.student_id = c.student_id
WHERE c.test IS NOT NULL AND c.subject IS NOT NULL AND c.score IS NOT NULL
  AND c.test_date IS NOT NULL;
DROP TABLE tst_p;

-- @stage programs
-- credit_hours defaults to 0, completed to Y (SPEC 3.4); an invalid
-- optional value rejects the row (programs is not the enrollments file).
CREATE TEMP TABLE prog_p AS
SELECT student_id, sy_of(school_year, cfg_bare_second()) AS label, code_kind(kind) AS kind,
  course_id,
  CASE WHEN credit_hours = '' THEN CAST(0 AS DECIMAL(18, 6)) ELSE number_of(credit_hours) END
    AS credit_hours,
  CASE WHEN completed = '' THEN 'Y' ELSE flag_of(completed) END AS completed
FROM (SELECT v(student_id) AS student_id, v(school_year) AS school_year, v(kind) AS kind,
        v(course_id) AS course_id, v(credit_hours) AS credit_hours,
        v(completed) AS completed
      FROM raw_programs);

CREATE TABLE prog AS
SELECT DISTINCT p.student_id, p.label, p.kind, p.course_id, p.credit_hours, p.completed
FROM prog_p p
SEMI JOIN students s ON s.student_id = p.student_id
WHERE p.label IS NOT NULL AND p.kind IS NOT NULL AND p.credit_hours IS NOT NULL
  AND p.completed IS NOT NULL;
DROP TABLE prog_p;

-- @stage cohort
-- ------------------------------------------------------------- SPEC 4
-- Row order: label, entry_date (empty = the day after the previous school
-- year's year_end), exit_date (empty = still enrolled, the latest), input
-- order; packed into one sortable number.
CREATE VIEW enr_k AS
SELECT e.*,
  ((CAST(label AS HUGEINT) * 262144
      + (coalesce(entry_date, year_end(label - 1) + 1) - DATE '1970-01-01' + 30000)) * 262144
      + coalesce(exit_date - DATE '1970-01-01' + 30000, 200000)) * 4294967296 + ord AS k
FROM enr e;

-- Cohort year, by the first rule that applies, the earliest value winning:
-- cohort_year; grade9_entry_year + 3; first grade-9 year + 3; a transfer
-- in at grade 10-12: label + (12 - grade). No rule: no cohort.
CREATE TABLE stu AS
SELECT student_id,
  coalesce(min(cohort_year), min(g9_entry) + 3,
           min(label) FILTER (WHERE grade = 9) + 3,
           min(label + 12 - grade) FILTER (WHERE grade BETWEEN 10 AND 12)) AS c,
  min(label) AS min_label
FROM enr_k
GROUP BY student_id;

-- Each student in a cohort as of W = c and W = c + 1: the rows with label
-- <= W (all rows when none is). The latest such row gives attribution and
-- final status; the latest with a diploma_type other than NONE the diploma
-- (no date: the year_end of its label); subgroups the latest non-empty
-- value (flags default N; `ever`: Y on any row).
CREATE TABLE as_of AS
WITH r AS (
  SELECT e.*, s.c,
    e.label <= s.c OR s.min_label > s.c AS vis0,
    e.label <= s.c + 1 OR s.min_label > s.c + 1 AS vis1,
    e.diploma_type IS NOT NULL AND e.diploma_type <> 'NONE' AS has_dip,
    {'t': e.diploma_type, 'd': coalesce(e.diploma_date, year_end(e.label))} AS dip,
    {'d': e.district_id, 's': e.school_id, 'x': e.exit_code,
     'xd': coalesce(e.exit_date, year_end(e.label))} AS att
  FROM enr_k e JOIN stu s USING (student_id)
  WHERE s.c IS NOT NULL
)
SELECT student_id, any_value(c) AS c,
  arg_max(att, k) FILTER (WHERE vis0) AS att0,
  arg_max(att, k) FILTER (WHERE vis1) AS att1,
  arg_max(dip, k) FILTER (WHERE vis0 AND has_dip) AS dip0,
  arg_max(dip, k) FILTER (WHERE vis1 AND has_dip) AS dip1,
  arg_max(gender, k) FILTER (WHERE vis0 AND gender IS NOT NULL) AS gender0,
  arg_max(gender, k) FILTER (WHERE vis1 AND gender IS NOT NULL) AS gender1,
  arg_max(race, k) FILTER (WHERE vis0 AND race IS NOT NULL) AS race0,
  arg_max(race, k) FILTER (WHERE vis1 AND race IS NOT NULL) AS race1,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(ell = 'Y') FILTER (WHERE vis0) THEN 'Y' END
       ELSE arg_max(ell, k) FILTER (WHERE vis0 AND ell IS NOT NULL) END AS ell0,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(ell = 'Y') FILTER (WHERE vis1) THEN 'Y' END
       ELSE arg_max(ell, k) FILTER (WHERE vis1 AND ell IS NOT NULL) END AS ell1,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(econ_disadv = 'Y') FILTER (WHERE vis0) THEN 'Y' END
       ELSE arg_max(econ_disadv, k) FILTER (WHERE vis0 AND econ_disadv IS NOT NULL) END AS econ0,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(econ_disadv = 'Y') FILTER (WHERE vis1) THEN 'Y' END
       ELSE arg_max(econ_disadv, k) FILTER (WHERE vis1 AND econ_disadv IS NOT NULL) END AS econ1,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(sped = 'Y') FILTER (WHERE vis0) THEN 'Y' END
       ELSE arg_max(sped, k) FILTER (WHERE vis0 AND sped IS NOT NULL) END AS sped0,
  CASE WHEN cfg_subgroups_ever() THEN
         CASE WHEN bool_or(sped = 'Y') FILTER (WHERE vis1) THEN 'Y' END
       ELSE arg_max(sped, k) FILTER (WHERE vis1 AND sped IS NOT NULL) END AS sped1,
  -- `ever` covers ell, econ_disadv and sped only
  arg_max(cte, k) FILTER (WHERE vis0 AND cte IS NOT NULL) AS cte0,
  arg_max(cte, k) FILTER (WHERE vis1 AND cte IS NOT NULL) AS cte1
FROM r
GROUP BY student_id;

-- Diploma: the diploma row, or STANDARD dated the exit_date of a GRADUATED
-- final status. Adjusted cohort: final status not in cohort.remove.
-- Graduate: a diploma of acgr.diplomas dated on or before year_end(W).
CREATE TABLE st AS
WITH d AS (
  SELECT *,
    coalesce(dip0, CASE WHEN att0.x = 'GRADUATED' THEN {'t': 'STANDARD', 'd': att0.xd} END)
      AS diploma0,
    coalesce(dip1, CASE WHEN att1.x = 'GRADUATED' THEN {'t': 'STANDARD', 'd': att1.xd} END)
      AS diploma1
  FROM as_of
)
SELECT *,
  NOT coalesce(list_contains(cfg_remove(), att0.x), false) AS adj4,
  NOT coalesce(list_contains(cfg_remove(), att1.x), false) AS adj5,
  coalesce(list_contains(cfg_diplomas(), diploma0.t) AND diploma0.d <= year_end(c), false)
    AS grad4,
  coalesce(list_contains(cfg_diplomas(), diploma1.t) AND diploma1.d <= year_end(c + 1), false)
    AS grad5
FROM d;

-- @stage members
-- --------------------------------------------------- SPEC 6.1, 6.2, 6.4
-- Who is counted in year Y, attributed and read as of W:
--   'A' the 4-year adjusted cohort Y (W = Y): acgr 4yr, cert_attainment
--       and oh_pfs;
--   'F' a 5-year graduate of cohort Y-1 who was not its 4-year graduate
--       (W = Y): oh_pfs only, and only for a Y whose 4-year adjusted cohort
--       is not empty.
CREATE TABLE mem AS
SELECT student_id, c AS y, c AS coh, 'A' AS kind, grad4 AS grad,
  att0.d AS district_id, att0.s AS school_id, diploma0 AS diploma,
  gender0 AS gender, race0 AS race, coalesce(ell0, 'N') AS ell,
  coalesce(econ0, 'N') AS econ_disadv, coalesce(sped0, 'N') AS sped,
  coalesce(cte0, 'N') AS cte
FROM st WHERE adj4
UNION ALL
SELECT student_id, c + 1, c, 'F', false,
  att1.d, att1.s, diploma1,
  gender1, race1, coalesce(ell1, 'N'), coalesce(econ1, 'N'), coalesce(sped1, 'N'),
  coalesce(cte1, 'N')
FROM st
WHERE adj5 AND grad5 AND NOT grad4
  AND c + 1 IN (SELECT c FROM st WHERE adj4);

-- @stage counted credentials
-- ------------------------------------------------------------- SPEC 5
-- A credential counts when earned on or before year_end(W) and its code
-- has a catalog row valid for the school year earned and the student's
-- district as of W (a district row before an every-district row). A code
-- earned twice counts once, with the row of its earliest counted earning;
-- points are summed per career field over distinct codes.
CREATE TABLE cred_ev AS
WITH hit AS (
  SELECT m.student_id, m.y, cr.code, cr.earned,
    arg_min({'f': cat.career_field, 'p': cat.points}, cat.district_id IS NULL) AS row
  FROM mem m
  JOIN cred cr ON cr.student_id = m.student_id AND cr.earned <= year_end(m.y)
  JOIN catalog cat ON cat.code = cr.code
   AND (cat.first_year IS NULL OR label_of(cr.earned) >= cat.first_year)
   AND (cat.last_year IS NULL OR label_of(cr.earned) <= cat.last_year)
   AND (cat.district_id IS NULL OR cat.district_id = m.district_id)
  GROUP BY ALL
), code AS (
  SELECT student_id, y, code, arg_min(row, earned) AS row
  FROM hit GROUP BY ALL
), field AS (
  SELECT student_id, y, row.f AS field, sum(row.p) AS points
  FROM code WHERE row.f IS NOT NULL GROUP BY ALL
)
SELECT c.student_id, c.y, true AS any_cred, coalesce(max(f.points), 0) AS best_points
FROM (SELECT DISTINCT student_id, y FROM code) c
LEFT JOIN field f USING (student_id, y)
GROUP BY ALL;

-- @stage scores
-- ----------------------------------------------------------- SPEC 6.4
-- Best score per subject over the test dates up to year_end(W): ACT; the
-- SAT from new_sat_from; the SAT before it (never mixed); AP and IB
-- exams. Completed CCP credit hours in school years up to W.
CREATE TABLE test_ev AS
SELECT m.student_id, m.y,
  max(t.score) FILTER (WHERE t.test = 'ACT' AND t.subject = 'ENGLISH') AS act_english,
  max(t.score) FILTER (WHERE t.test = 'ACT' AND t.subject = 'MATH') AS act_math,
  max(t.score) FILTER (WHERE t.test = 'ACT' AND t.subject = 'READING') AS act_reading,
  max(t.score) FILTER (WHERE t.test = 'SAT' AND t.test_date >= cfg_new_sat_from()
                         AND t.subject = 'EBRW') AS sat_ebrw,
  max(t.score) FILTER (WHERE t.test = 'SAT' AND t.test_date >= cfg_new_sat_from()
                         AND t.subject = 'MATH') AS sat_math,
  max(t.score) FILTER (WHERE t.test = 'SAT' AND t.test_date < cfg_new_sat_from()
                         AND t.subject = 'WRITING') AS old_sat_writing,
  max(t.score) FILTER (WHERE t.test = 'SAT' AND t.test_date < cfg_new_sat_from()
                         AND t.subject = 'CRITICAL_READING') AS old_sat_reading,
  max(t.score) FILTER (WHERE t.test = 'SAT' AND t.test_date < cfg_new_sat_from()
                         AND t.subject = 'MATH') AS old_sat_math,
  max(t.score) FILTER (WHERE t.test = 'AP') AS ap,
  max(t.score) FILTER (WHERE t.test = 'IB') AS ib
FROM mem m
JOIN tst t ON t.student_id = m.student_id AND t.test_date <= year_end(m.y)
GROUP BY m.student_id, m.y;

CREATE TABLE prog_ev AS
SELECT m.student_id, m.y, sum(p.credit_hours) AS ccp_hours
FROM mem m
JOIN prog p ON p.student_id = m.student_id AND p.label <= m.y
WHERE p.kind = 'CCP' AND p.completed = 'Y'
GROUP BY m.student_id, m.y;

-- @stage pfs
-- ----------------------------------------------------------- SPEC 6.4
-- primary = remediation-free (ACT reading 21 for cohorts <= 2017), or an
-- HONORS diploma within the window, or >= points in one career field;
-- bonus = primary and (AP >= ap_min, IB >= ib_min or CCP hours >=
-- ccp_hours). Points in thousandths: 1000 per primary, + bonus.
CREATE TABLE scored AS
WITH e AS (
  SELECT m.*, coalesce(c.any_cred, false) AS any_cred, coalesce(c.best_points, 0) AS best_points,
    t.*, coalesce(p.ccp_hours, 0) AS ccp_hours
  FROM mem m
  LEFT JOIN cred_ev c USING (student_id, y)
  LEFT JOIN test_ev t USING (student_id, y)
  LEFT JOIN prog_ev p USING (student_id, y)
), f AS (
  SELECT *,
    coalesce(act_english >= cfg_act_english() AND act_math >= cfg_act_math()
             AND act_reading >= CASE WHEN coh <= 2017 THEN cfg_act_reading_until_2017()
                                     ELSE cfg_act_reading() END, false)
    OR coalesce(sat_ebrw >= cfg_sat_ebrw() AND sat_math >= cfg_sat_math(), false)
    OR coalesce(old_sat_writing >= cfg_old_sat_writing()
                AND old_sat_reading >= cfg_old_sat_reading()
                AND old_sat_math >= cfg_old_sat_math(), false) AS remediation_free,
    coalesce(diploma.t = 'HONORS' AND diploma.d <= year_end(y), false) AS honors,
    best_points >= cfg_pfs_points() AS credential
  FROM e
), g AS (
  SELECT *, remediation_free OR honors OR credential AS pfs_primary FROM f
)
SELECT student_id, y, kind, grad, any_cred, district_id, school_id,
  gender, race, ell, econ_disadv, sped, cte,
  CASE WHEN pfs_primary THEN 1000 ELSE 0 END
    + CASE WHEN pfs_primary AND (coalesce(ap >= cfg_ap_min(), false)
                                 OR coalesce(ib >= cfg_ib_min(), false)
                                 OR ccp_hours >= cfg_ccp_hours())
           THEN cfg_bonus_milli() ELSE 0 END AS points_milli
FROM g;

-- @stage aggregate
-- ------------------------------------------------------ SPEC 4, 6, 8.1
-- Every level (all, district, school = a district_id + school_id pair) by
-- every dimension; a student without a value of a dimension is in no row
-- of it. District figures come from students, never from schools.
CREATE TABLE agg AS
SELECT y,
  CASE WHEN grouping(district_id) = 1 THEN 'all'
       WHEN grouping(school_id) = 1 THEN 'district' ELSE 'school' END AS level,
  CASE WHEN grouping(district_id) = 1 THEN '' ELSE district_id END AS district_id,
  CASE WHEN grouping(school_id) = 1 THEN '' ELSE school_id END AS school_id,
  CASE WHEN grouping(gender) = 0 THEN 'gender' WHEN grouping(race) = 0 THEN 'race'
       WHEN grouping(ell) = 0 THEN 'ell' WHEN grouping(econ_disadv) = 0 THEN 'econ_disadv'
       WHEN grouping(sped) = 0 THEN 'sped' WHEN grouping(cte) = 0 THEN 'cte_concentrator'
       ELSE 'all' END AS grp,
  CASE WHEN grouping(gender) = 0 THEN gender WHEN grouping(race) = 0 THEN race
       WHEN grouping(ell) = 0 THEN ell WHEN grouping(econ_disadv) = 0 THEN econ_disadv
       WHEN grouping(sped) = 0 THEN sped WHEN grouping(cte) = 0 THEN cte
       ELSE 'all' END AS group_value,
  count(*) FILTER (WHERE kind = 'A') AS cohort_n,
  count(*) FILTER (WHERE kind = 'A' AND grad) AS grads,
  count(*) FILTER (WHERE kind = 'A' AND any_cred) AS certs,
  count(*) AS pfs_n,
  sum(points_milli) AS pfs_milli
FROM scored
GROUP BY y, ROLLUP (district_id, school_id),
  GROUPING SETS ((), (gender), (race), (ell), (econ_disadv), (sped), (cte))
HAVING group_value IS NOT NULL;

-- Denominators of 0 give no row. Values: rates with 4 decimals, rounded
-- half away from zero from integer counts; PFS points with one decimal.
CREATE MACRO rate4(num, den) AS
  CAST((CAST(num AS BIGINT) * 20000 + den) // (2 * den) AS BIGINT);
CREATE MACRO fixed4(v) AS printf('%d.%04d', v // 10000, v % 10000);

CREATE TABLE peer_metrics AS
SELECT 'acgr' AS metric, '4yr' AS detail, y AS year, level, district_id, school_id,
  grp AS "group", group_value, CAST(grads AS VARCHAR) AS numerator,
  CAST(cohort_n AS VARCHAR) AS denominator, fixed4(rate4(grads, cohort_n)) AS value
FROM agg WHERE cohort_n > 0
UNION ALL
SELECT 'cert_attainment', '', y, level, district_id, school_id, grp, group_value,
  CAST(certs AS VARCHAR), CAST(cohort_n AS VARCHAR), fixed4(rate4(certs, cohort_n))
FROM agg WHERE cohort_n > 0
UNION ALL
SELECT 'oh_pfs', '', y, level, district_id, school_id, grp, group_value,
  printf('%d.%d', pfs_milli // 1000, (pfs_milli % 1000) // 100), CAST(pfs_n AS VARCHAR),
  fixed4(CAST((CAST(pfs_milli AS BIGINT) * 20 + pfs_n) // (2 * pfs_n) AS BIGINT))
FROM agg
WHERE pfs_n > 0 AND y IN (SELECT c FROM st WHERE adj4);
