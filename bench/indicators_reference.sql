-- indicators_reference.sql - the values of ambit's default indicator set
-- (lua/indicators/*.lua) written by hand as SQL against the benchmark's
-- store: the reference bench/indicators.sh times `ambit indicators`
-- against.  One result row per indicator, area and period:
-- id|area|period|value.  It uses what a person writing it knows about the
-- data (dimension positions, that every year has a fourth quarter), which
-- the rules do not.  The survey-based indicators have no data here.
.mode list
.separator |

-- 4.2 education_offerings: programmes offered (H20 + H30)
SELECT 'education_offerings', d0, period, SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'EDU_SUPPLY')
   AND d1 IN ('H20', 'H30') GROUP BY d0, period;

-- 5.1.1 offerings_per_capita: per 10,000 inhabitants (FOLK1A, 4th quarter)
WITH e AS (SELECT d0, period AS y, SUM(value) AS v FROM observations
            WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'EDU_SUPPLY')
              AND d1 IN ('H20', 'H30') GROUP BY d0, period),
     p AS (SELECT d0, substr(period, 1, 4) AS y, SUM(value) AS v FROM observations
            WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'FOLK1A')
              AND d1 IN ('1', '2') AND period LIKE '%K4' GROUP BY d0, period)
SELECT 'offerings_per_capita', e.d0, e.y, e.v * 10000.0 / p.v FROM e JOIN p USING (d0, y);

-- 5.1.2 student_wellbeing
SELECT 'student_wellbeing', d0, period, value FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'ETU_TRIVSEL') AND d1 = 'H30';

-- 5.1.3 eud_share: T(H30) / T(H20 + H30)
SELECT 'eud_share', d0, period,
       100.0 * SUM(CASE WHEN d1 = 'H30' THEN value END) / SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'UDDAKT10')
   AND d2 = 'T' AND d1 IN ('H20', 'H30') GROUP BY d0, period;

-- 5.1.4 student_travel_time
SELECT 'student_travel_time', d0, period, value FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'STUDENT_TRAVEL');

-- 5.1.5 admission_rate: OPT1 / ANS1
SELECT 'admission_rate', d0, period,
       100.0 * SUM(CASE WHEN d1 = 'OPT1' THEN value END)
             / SUM(CASE WHEN d1 = 'ANS1' THEN value END) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'KOT_ADMISSION')
 GROUP BY d0, period;

-- 5.2.1 eud_dropout: A / (A + F) for H30
SELECT 'eud_dropout', d0, period,
       100.0 * SUM(CASE WHEN d2 = 'A' THEN value END) / SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'UDDAKT10')
   AND d1 = 'H30' AND d2 IN ('A', 'F') GROUP BY d0, period;

-- 5.2.2 youth_net_outmigration: UD - IND, 20-29, summed over the months
SELECT 'youth_net_outmigration', d0, substr(period, 1, 4),
       SUM(CASE WHEN d1 = 'UD' THEN value ELSE -value END) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'FLY66')
   AND d2 = '20-29' AND d1 IN ('UD', 'IND') GROUP BY d0, substr(period, 1, 4);

-- 5.2.3 graduate_employment
SELECT 'graduate_employment', d0, period, value FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'GRAD_EMPLOYMENT') AND d1 = 'H30';

-- 5.3.1 unemployment_rate: the mean of the months
SELECT 'unemployment_rate', d0, substr(period, 1, 4), AVG(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'AUP01')
 GROUP BY d0, substr(period, 1, 4);

-- 5.3.2 unskilled_unemployed_share
SELECT 'unskilled_unemployed_share', d0, period,
       100.0 * SUM(CASE WHEN d1 IN ('H10', 'H20') THEN value END) / SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'RAS300')
   AND d2 = 'LEDIG' AND d3 = '16-64' GROUP BY d0, period;

-- 5.3.3 outside_labour_market
SELECT 'outside_labour_market', d0, period,
       100.0 * SUM(CASE WHEN d2 = 'UDENFOR' THEN value END) / SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'RAS300')
   AND d3 = '16-64' GROUP BY d0, period;

-- 5.4.1 unskilled_workforce_share
SELECT 'unskilled_workforce_share', d0, period,
       100.0 * SUM(CASE WHEN d1 IN ('H10', 'H20') THEN value END) / SUM(value) FROM observations
 WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'RAS300')
   AND d2 IN ('BESK', 'LEDIG') AND d3 = '16-64' GROUP BY d0, period;

-- 5.4.3 amu_activity: AMU full-time equivalents per 1,000 inhabitants
WITH a AS (SELECT d0, period AS y, SUM(value) AS v FROM observations
            WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'VEU15')
              AND d1 = 'AMU' AND d2 = 'AARS' GROUP BY d0, period),
     p AS (SELECT d0, substr(period, 1, 4) AS y, SUM(value) AS v FROM observations
            WHERE dataset_id = (SELECT id FROM datasets WHERE code = 'FOLK1A')
              AND d1 IN ('1', '2') AND period LIKE '%K4' GROUP BY d0, period)
SELECT 'amu_activity', a.d0, a.y, a.v * 1000.0 / p.v FROM a JOIN p USING (d0, y);
