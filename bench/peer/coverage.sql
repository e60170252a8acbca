-- coverage.sql - how often the input exercised each rule the peer
-- implements (run by `peer.mjs --coverage` after metrics.sql, untimed). A
-- count of 0 means the generated data never tests that rule: the peer
-- implements it, but equality with rcm says nothing about it.
WITH
enr_raw AS (
  SELECT v(entry_date) AS entry_date, v(exit_date) AS exit_date,
    v(diploma_date) AS diploma_date, v(school_year) AS school_year, v(ell) AS ell,
    v(grade) AS grade, v(exit_code) AS exit_code
  FROM raw_enrollments
),
dates AS (
  SELECT d FROM (SELECT unnest([entry_date, exit_date, diploma_date]) AS d FROM enr_raw)
  WHERE d <> ''
  UNION ALL SELECT v(earned_date) FROM raw_credentials
  UNION ALL SELECT v(test_date) FROM raw_assessments
),
rules AS (
  SELECT student_id,
    CASE WHEN bool_or(cohort_year IS NOT NULL) THEN 1
         WHEN bool_or(g9_entry IS NOT NULL) THEN 2
         WHEN bool_or(grade = 9) THEN 3
         WHEN bool_or(grade BETWEEN 10 AND 12) THEN 4 ELSE 5 END AS rule
  FROM enr GROUP BY student_id
),
counts(area, rule, n) AS (
  SELECT 'input', 'dates YYYY-MM-DD', count(*) FILTER (WHERE d LIKE '____-__-__') FROM dates
  UNION ALL SELECT 'input', 'dates M/D/YYYY', count(*) FILTER (WHERE d LIKE '%/%/%') FROM dates
  UNION ALL SELECT 'input', 'dates YYYYMMDD',
    count(*) FILTER (WHERE regexp_full_match(d, '[0-9]{8}')) FROM dates
  UNION ALL SELECT 'input', 'dates that are no day (Feb 30...)',
    count(*) FILTER (WHERE date_of(d) IS NULL) FROM dates
  UNION ALL SELECT 'input', 'school years 2019-2020',
    count(*) FILTER (WHERE regexp_full_match(school_year, '[0-9]{4}-[0-9]{4}')) FROM enr_raw
  UNION ALL SELECT 'input', 'school years 2019-20',
    count(*) FILTER (WHERE regexp_full_match(school_year, '[0-9]{4}-[0-9]{2}')) FROM enr_raw
  UNION ALL SELECT 'input', 'school years bare 2020',
    count(*) FILTER (WHERE regexp_full_match(school_year, '[0-9]{4}')) FROM enr_raw
  UNION ALL SELECT 'input', 'grades with a leading zero',
    count(*) FILTER (WHERE grade LIKE '0%') FROM enr_raw
  UNION ALL SELECT 'input', 'flags other than Y/N',
    count(*) FILTER (WHERE ell NOT IN ('Y', 'N', '')) FROM enr_raw
  UNION ALL SELECT 'input', 'exit codes that map to nothing (OTHER)',
    count(*) FILTER (WHERE exit_code <> '' AND code_exit(exit_code) IS NULL) FROM enr_raw
  UNION ALL SELECT 'input', 'subjects given by a [codes.subject] alias',
    count(*) FILTER (WHERE upper(v(subject)) IN ('READING_FOR_INFORMATION',
                                                 'LOCATING_INFORMATION'))
    FROM raw_assessments
  UNION ALL SELECT 'input', 'enrollment rows read', count(*) FROM raw_enrollments
  UNION ALL SELECT 'input', 'enrollment rows kept (after rejects and duplicates)', count(*)
    FROM enr
  UNION ALL SELECT 'input', 'credential rows read / kept',
    (SELECT count(*) FROM raw_credentials) * 1000000 + (SELECT count(*) FROM cred)
  UNION ALL SELECT 'input', 'assessment rows read / kept',
    (SELECT count(*) FROM raw_assessments) * 1000000 + (SELECT count(*) FROM tst)
  UNION ALL SELECT 'input', 'program rows read / kept',
    (SELECT count(*) FROM raw_programs) * 1000000 + (SELECT count(*) FROM prog)
  UNION ALL SELECT 'cohort', 'rule 1 (cohort_year)', count(*) FILTER (WHERE rule = 1) FROM rules
  UNION ALL SELECT 'cohort', 'rule 2 (grade9_entry_year)', count(*) FILTER (WHERE rule = 2)
    FROM rules
  UNION ALL SELECT 'cohort', 'rule 3 (a grade-9 row)', count(*) FILTER (WHERE rule = 3)
    FROM rules
  UNION ALL SELECT 'cohort', 'rule 4 (transfer in at 10-12)', count(*) FILTER (WHERE rule = 4)
    FROM rules
  UNION ALL SELECT 'cohort', 'rule 5 (no cohort)', count(*) FILTER (WHERE rule = 5) FROM rules
  UNION ALL SELECT 'as of', 'students with no row <= their cohort year (all rows read)',
    count(*) FROM stu WHERE min_label > c
  UNION ALL SELECT 'as of', 'rows with an empty entry_date', count(*) FROM enr
    WHERE entry_date IS NULL
  UNION ALL SELECT 'as of', 'rows with an empty exit_date', count(*) FROM enr
    WHERE exit_date IS NULL
  UNION ALL SELECT 'as of', 'students with two rows of one label and entry (order by exit)',
    count(DISTINCT student_id) FROM (
      SELECT student_id FROM enr_k
      GROUP BY student_id, label, coalesce(entry_date, year_end(label - 1) + 1)
      HAVING count(*) > 1)
  UNION ALL SELECT 'diploma', 'diploma rows without a diploma_date', count(*) FROM enr
    WHERE diploma_type NOT IN ('NONE') AND diploma_date IS NULL
  UNION ALL SELECT 'diploma', 'NONE diploma rows', count(*) FROM enr
    WHERE diploma_type = 'NONE'
  UNION ALL SELECT 'diploma', 'GRADUATED without a diploma row (STANDARD, exit_date)',
    count(*) FROM st WHERE dip0 IS NULL AND att0.x = 'GRADUATED'
  UNION ALL SELECT 'diploma', 'diplomas dated after year_end of the cohort year', count(*)
    FROM st WHERE diploma0.d > year_end(c)
  UNION ALL SELECT 'diploma', 'ALTERNATE diplomas (not a graduate)', count(*) FROM st
    WHERE diploma0.t = 'ALTERNATE'
  UNION ALL SELECT 'cohort', '4-year adjusted cohort members', count(*) FROM mem
    WHERE kind = 'A'
  UNION ALL SELECT 'cohort', 'removed from the 4-year cohort (cohort.remove)', count(*)
    FROM st WHERE NOT adj4
  UNION ALL SELECT 'subgroups', 'students whose latest row has no race (an earlier one used)',
    count(*) FROM (SELECT student_id FROM enr_k GROUP BY student_id
                   HAVING arg_max(race IS NULL, k) AND bool_or(race IS NOT NULL))
  UNION ALL SELECT 'subgroups', 'cohort members without a gender value', count(*) FROM mem
    WHERE gender IS NULL
  UNION ALL SELECT 'credentials', 'codes earned twice by one student', count(*) FROM (
      SELECT student_id, code FROM cred GROUP BY ALL HAVING count(*) > 1)
  UNION ALL SELECT 'credentials', 'earnings outside every catalog row''s years', count(*)
    FROM cred c WHERE NOT EXISTS (
      SELECT 1 FROM catalog k WHERE k.code = c.code
        AND (k.first_year IS NULL OR label_of(c.earned) >= k.first_year)
        AND (k.last_year IS NULL OR label_of(c.earned) <= k.last_year))
  UNION ALL SELECT 'credentials', 'district-specific catalog rows', count(*) FROM catalog
    WHERE district_id IS NOT NULL
  UNION ALL SELECT 'credentials', 'members with >= 1 counted credential', count(*) FROM cred_ev
  UNION ALL SELECT 'oh_pfs', 'members of cohorts <= 2017 (ACT reading 21)', count(*) FROM mem
    WHERE coh <= 2017
  UNION ALL SELECT 'oh_pfs', 'members with ACT english, math and reading', count(*)
    FROM test_ev WHERE act_english IS NOT NULL AND act_math IS NOT NULL
      AND act_reading IS NOT NULL
  UNION ALL SELECT 'oh_pfs', 'members with a new SAT (EBRW and math)', count(*) FROM test_ev
    WHERE sat_ebrw IS NOT NULL AND sat_math IS NOT NULL
  UNION ALL SELECT 'oh_pfs', 'members with an old SAT (before new_sat_from)', count(*)
    FROM test_ev WHERE old_sat_math IS NOT NULL
  UNION ALL SELECT 'oh_pfs', 'members with an HONORS diploma', count(*) FROM mem
    WHERE diploma.t = 'HONORS'
  UNION ALL SELECT 'oh_pfs', 'members with >= points in one career field', count(*)
    FROM cred_ev WHERE best_points >= cfg_pfs_points()
  UNION ALL SELECT 'oh_pfs', 'members with an AP exam / an IB exam',
    count(*) FILTER (WHERE ap IS NOT NULL) * 1000000 + count(*) FILTER (WHERE ib IS NOT NULL)
    FROM test_ev
  UNION ALL SELECT 'oh_pfs', 'members with completed CCP hours', count(*) FROM prog_ev
  UNION ALL SELECT 'oh_pfs', 'members with primary / bonus',
    count(*) FILTER (WHERE points_milli >= 1000) * 1000000
      + count(*) FILTER (WHERE points_milli > 1000) FROM scored
  UNION ALL SELECT 'oh_pfs', '5th-year graduates of cohort Y-1 added to Y', count(*) FROM mem
    WHERE kind = 'F'
)
SELECT area, rule,
  CASE WHEN rule LIKE '% / %' THEN printf('%d / %d', n // 1000000, n % 1000000)
       ELSE CAST(n AS VARCHAR) END AS n
FROM counts;
