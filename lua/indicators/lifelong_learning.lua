-- lifelong_learning.lua - focus area 5.4 Livslang læring (lifelong
-- learning): sub-goals 5.4.1 to 5.4.3.  ambit-lua(5) describes the DSL.

indicator {
  id = "unskilled_workforce_share",
  title = { da = "Ufaglærte i arbejdsstyrken", en = "Unskilled share of the workforce" },
  description = {
    da = "16-64-årige i arbejdsstyrken (beskæftigede og ledige) med grundskole eller gymnasial uddannelse som højeste uddannelse.",
    en = "16-64-year-olds in the workforce (employed and unemployed) whose highest education is primary or upper-secondary school.",
  },
  subgoal = "5.4.1",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2019", value = 33,
               note = "\"næsten en tredjedel\" of the workforce is unskilled (2019)" },
  breakdown = "both",
  reads = { datasets = { "RAS300" } },
  source_note = "Register-based labour force statistics (Statistics Denmark RAS300 layout): "
             .. "HFUDD H10 and H20 among all levels, SOCIO BESK and LEDIG, ages 16-64.",
  compute = function(q)
    return q.share {
      dataset = "RAS300", where = { SOCIO = { "BESK", "LEDIG" }, ALDER = "16-64" },
      period = "year",
      num = { where = { HFUDD = { "H10", "H20" } } },
      den = { where = { HFUDD = { "H10", "H20", "H30", "H40", "H50", "H70" } } },
    }
  end,
}

indicator {
  id = "competence_needs_unmet",
  title = { da = "Virksomheder med udækkede kompetencebehov",
            en = "Companies with unmet competence needs" },
  description = {
    da = "Andel af virksomhederne, der har kompetencebehov, som de ikke kan dække med efteruddannelse eller rekruttering.",
    en = "Share of companies with competence needs they cannot meet through further training or recruitment.",
  },
  subgoal = "5.4.2",
  unit = "percent",
  direction = "lower",
  breakdown = "both",
  reads = { survey = { "competence_gap" } },
  source_note = "ambit's employer survey, question competence_gap (yes/no).  Mapping companies' "
             .. "competence needs has no public source; cells under 5 respondents are suppressed.",
  compute = function(q)
    local t = q.survey { question = "competence_gap", value = "yes", by = "municipality" }
    for area, years in pairs(q.survey { question = "competence_gap", value = "yes", by = "region" }) do
      t[area] = years
    end
    return t
  end,
}

indicator {
  id = "amu_activity",
  title = { da = "AMU-aktivitet pr. 1.000 indbyggere",
            en = "AMU activity per 1,000 inhabitants" },
  description = {
    da = "Årselever på arbejdsmarkedsuddannelser (AMU) pr. 1.000 indbyggere.",
    en = "Full-time equivalent participants in adult vocational training (AMU) per 1,000 inhabitants.",
  },
  subgoal = "5.4.3",
  unit = "per 1,000 inhabitants",
  direction = "higher",
  baseline = { period = "2019", note = "a marked fall in AMU activity (2019)" },
  breakdown = "both",
  reads = { datasets = { "VEU15", "FOLK1A" } },
  source_note = "Adult and continuing education (Statistics Denmark VEU15 layout): AMU full-time "
             .. "equivalents (UDDTYPE AMU, ENHED AARS); population from FOLK1A.",
  compute = function(q)
    return q.ratio {
      num = { dataset = "VEU15", where = { UDDTYPE = "AMU", ENHED = "AARS" } },
      den = { dataset = "FOLK1A", where = { ["KØN"] = { "1", "2" } } },
      scale = 1000, period = "year",
    }
  end,
}
