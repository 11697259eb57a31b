-- education_choice.lua - focus area 5.1 Uddannelsesvalg (education choice):
-- sub-goals 5.1.1 to 5.1.5.  ambit-lua(5) describes indicator { } and q.

local AMBITION_YEAR = { period = "2019", note = "the year of the ambition" }

indicator {
  id = "offerings_per_capita",
  title = { da = "Ungdomsuddannelser pr. 10.000 indbyggere",
            en = "Youth-education programmes per 10,000 inhabitants" },
  description = {
    da = "Udbudte ungdomsuddannelser i kommunen pr. 10.000 indbyggere: et mål for et decentralt udbud.",
    en = "Youth-education programmes offered in the municipality per 10,000 inhabitants: how decentralised the supply is.",
  },
  subgoal = "5.1.1",
  unit = "per 10,000 inhabitants",
  direction = "higher",
  baseline = AMBITION_YEAR,
  breakdown = "both",
  reads = { datasets = { "EDU_SUPPLY", "FOLK1A" } },
  source_note = "EDU_SUPPLY from the education institutions' programme feeds; population from "
             .. "Statistics Denmark FOLK1A (the last quarter of each year).",
  compute = function(q)
    return q.ratio {
      num = { dataset = "EDU_SUPPLY", where = { UDDANNELSE = { "H20", "H30" } } },
      den = { dataset = "FOLK1A", where = { ["KØN"] = { "1", "2" } } },
      scale = 10000, period = "year",
    }
  end,
}

indicator {
  id = "student_wellbeing",
  title = { da = "Elevtrivsel på erhvervsuddannelserne",
            en = "Student well-being in vocational education" },
  description = {
    da = "Gennemsnitlig trivsel (1-5) i Elevtrivselsundersøgelsen (ETU) på erhvervsskolerne i kommunen.",
    en = "Average well-being score (1-5) in the national student well-being survey (ETU) at the municipality's vocational schools.",
  },
  subgoal = "5.1.2",
  unit = "score 1-5",
  direction = "higher",
  baseline = AMBITION_YEAR,
  bounded = { limit = 5 },
  breakdown = "both",
  reads = { datasets = { "ETU_TRIVSEL" } },
  source_note = "Elevtrivselsundersøgelsen (ETU) published by the Ministry of Children and Education "
             .. "(uddannelsesstatistik.dk), read from its data feed as ETU_TRIVSEL; no StatBank table.",
  compute = function(q)
    return q.series("ETU_TRIVSEL", { where = { UDDANNELSE = "H30" }, period = "year" })
  end,
}

indicator {
  id = "eud_share",
  title = { da = "Andel af en ungdomsårgang, der vælger en erhvervsuddannelse",
            en = "Share of a youth cohort choosing vocational education (EUD)" },
  description = {
    da = "Tilgang til erhvervsfaglige uddannelser (EUD) i procent af tilgangen til gymnasiale og erhvervsfaglige uddannelser.",
    en = "Entrants to vocational education (EUD) as a percentage of entrants to upper-secondary and vocational education.",
  },
  subgoal = "5.1.3",
  unit = "percent",
  direction = "higher",
  baseline = { period = "2019", value = 24,
               note = "24% in North Jutland, the highest share of any region (Det kompetente Nordjylland, 2019)" },
  target = { period = "2025", value = 30 },
  breakdown = "both",
  reads = { datasets = { "UDDAKT10" } },
  source_note = "Statistics Denmark UDDAKT10: entrants (FSTATUS T) to vocational (H30) and "
             .. "upper-secondary (H20) education by municipality.",
  compute = function(q)
    return q.share {
      dataset = "UDDAKT10", where = { FSTATUS = "T" }, period = "year",
      num = { where = { UDDANNELSE = "H30" } },
      den = { where = { UDDANNELSE = { "H20", "H30" } } },
    }
  end,
}

indicator {
  id = "student_travel_time",
  title = { da = "Elever med over 60 minutters rejsetid",
            en = "Students travelling more than 60 minutes" },
  description = {
    da = "Andel af eleverne på ungdomsuddannelser med mere end 60 minutters rejsetid med kollektiv trafik til uddannelsesstedet.",
    en = "Share of youth-education students with more than 60 minutes by public transport to their place of study.",
  },
  subgoal = "5.1.4",
  unit = "percent",
  direction = "lower",
  baseline = AMBITION_YEAR,
  breakdown = "both",
  reads = { datasets = { "STUDENT_TRAVEL" } },
  source_note = "The regional public-transport operator's travel-time model (Nordjyllands Trafikselskab) "
             .. "joined with student addresses, delivered as a feed (STUDENT_TRAVEL); no public StatBank table.",
  compute = function(q)
    return q.series("STUDENT_TRAVEL", { period = "year" })
  end,
}

indicator {
  id = "admission_rate",
  title = { da = "Optagne blandt 1. prioritetsansøgere",
            en = "Admitted among first-priority applicants" },
  description = {
    da = "Optagne i procent af 1. prioritetsansøgerne til de videregående uddannelser i Nordjylland: kapacitet, der afspejler efterspørgslen.",
    en = "Admitted as a percentage of first-priority applicants to higher education in North Jutland: capacity that reflects demand.",
  },
  subgoal = "5.1.5",
  unit = "percent",
  direction = "higher",
  baseline = AMBITION_YEAR,
  bounded = { limit = 100 },
  breakdown = "both",
  reads = { datasets = { "KOT_ADMISSION" } },
  source_note = "Den Koordinerede Tilmelding (KOT) admission figures by place of study, from "
             .. "uddannelsesstatistik.dk as KOT_ADMISSION (STATUS ANS1 applicants, OPT1 admitted).",
  compute = function(q)
    return q.share {
      dataset = "KOT_ADMISSION", period = "year",
      num = { where = { STATUS = "OPT1" } },
      den = { where = { STATUS = "ANS1" } },
    }
  end,
}
