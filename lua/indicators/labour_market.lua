-- labour_market.lua - focus area 5.3 Vejen til arbejdsmarkedet (road to
-- the labour market): sub-goals 5.3.1 to 5.3.3.  ambit-lua(5) describes
-- the DSL.

local AGES = "16-64"
local EDUCATION = { "H10", "H20", "H30", "H40", "H50", "H70" }
local UNSKILLED = { "H10", "H20" }   -- primary school or upper-secondary only

indicator {
  id = "unemployment_rate",
  title = { da = "Bruttoledighed", en = "Gross unemployment rate" },
  description = {
    da = "Bruttoledige i procent af arbejdsstyrken (årsgennemsnit).",
    en = "Gross unemployment as a percentage of the labour force (yearly average).",
  },
  subgoal = "5.3.1",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2019", note = "the year of the ambition" },
  breakdown = "both",
  reads = { datasets = { "AUP01" } },
  source_note = "Statistics Denmark AUP01: gross unemployment in percent of the labour force by "
             .. "municipality (the mean of the year's periods).",
  compute = function(q)
    return q.series("AUP01", { period = "year_mean" })
  end,
}

indicator {
  id = "failed_recruitment",
  title = { da = "Rekrutterende virksomheder med forgæves rekruttering",
            en = "Recruiting companies with failed recruitments" },
  description = {
    da = "Andel af de rekrutterende virksomheder, der har forsøgt forgæves at besætte en stilling.",
    en = "Share of recruiting companies that tried in vain to fill a position.",
  },
  subgoal = "5.3.1",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2017", value = 50,
               note = "\"op mod hver anden rekrutterende virksomhed\" (2017)" },
  breakdown = "both",
  reads = { survey = { "recruit_failed" } },
  source_note = "ambit's employer survey, question recruit_failed (yes/no), asked of companies that "
             .. "recruited; cells under 5 respondents are suppressed.  No public source by municipality.",
  compute = function(q)
    local t = q.survey { question = "recruit_failed", value = "yes", by = "municipality" }
    for area, years in pairs(q.survey { question = "recruit_failed", value = "yes", by = "region" }) do
      t[area] = years
    end
    return t
  end,
}

indicator {
  id = "production_limits",
  title = { da = "Forgæves rekruttering, der har begrænset produktionen",
            en = "Failed recruitments that limited production" },
  description = {
    da = "Andel af virksomhederne med forgæves rekrutteringer, der angiver, at det har begrænset produktionen.",
    en = "Share of companies with failed recruitments saying it limited their production.",
  },
  subgoal = "5.3.1",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2018", value = 35, note = "35% in spring 2018" },
  breakdown = "region",
  reads = { survey = { "production_limited" } },
  source_note = "ambit's employer survey, question production_limited (yes/no), asked when "
             .. "recruit_failed is yes.  No public source.",
  compute = function(q)
    return q.survey { question = "production_limited", value = "yes", by = "region" }
  end,
}

indicator {
  id = "unskilled_unemployed_share",
  title = { da = "Ufaglærte blandt de ledige", en = "Unskilled among the unemployed" },
  description = {
    da = "Ledige 16-64-årige med grundskole eller gymnasial uddannelse som højeste uddannelse i procent af alle ledige.",
    en = "Unemployed 16-64-year-olds whose highest education is primary or upper-secondary school, as a percentage of all unemployed.",
  },
  subgoal = "5.3.2",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2019", note = "the year of the ambition" },
  breakdown = "both",
  reads = { datasets = { "RAS300" } },
  source_note = "Register-based labour force statistics (Statistics Denmark RAS300 layout): "
             .. "SOCIO LEDIG by highest education HFUDD.",
  compute = function(q)
    return q.share {
      dataset = "RAS300", where = { SOCIO = "LEDIG", ALDER = AGES }, period = "year",
      num = { where = { HFUDD = UNSKILLED } },
      den = { where = { HFUDD = EDUCATION } },
    }
  end,
}

indicator {
  id = "outside_labour_market",
  title = { da = "16-64-årige uden for arbejdsmarkedet",
            en = "16-64-year-olds outside the labour market" },
  description = {
    da = "16-64-årige uden for arbejdsstyrken i procent af alle 16-64-årige.",
    en = "16-64-year-olds outside the labour force as a percentage of all 16-64-year-olds.",
  },
  subgoal = "5.3.3",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2019", value = 25,
               note = "\"ca. 25% nordjyder\" outside the labour market (2019)" },
  breakdown = "both",
  reads = { datasets = { "RAS300" } },
  source_note = "Register-based labour force statistics (Statistics Denmark RAS300 layout): "
             .. "SOCIO UDENFOR among BESK, LEDIG and UDENFOR, ages 16-64.",
  compute = function(q)
    return q.share {
      dataset = "RAS300", where = { ALDER = AGES, HFUDD = EDUCATION }, period = "year",
      num = { where = { SOCIO = "UDENFOR" } },
      den = { where = { SOCIO = { "BESK", "LEDIG", "UDENFOR" } } },
    }
  end,
}
