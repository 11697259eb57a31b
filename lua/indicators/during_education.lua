-- during_education.lua - focus area 5.2 Under uddannelse (during
-- education): sub-goals 5.2.1 to 5.2.3.  ambit-lua(5) describes the DSL.

indicator {
  id = "eud_dropout",
  title = { da = "Frafald på erhvervsuddannelserne",
            en = "Dropout from vocational education (EUD)" },
  description = {
    da = "Afbrud i procent af afbrudte og fuldførte forløb på de erhvervsfaglige uddannelser.",
    en = "Dropouts as a percentage of dropped-out and completed courses in vocational education.",
  },
  subgoal = "5.2.1",
  unit = "percent",
  direction = "lower",
  baseline = { period = "2019", value = 49,
               note = "49%, \"for højt\" (Det kompetente Nordjylland, 2019)" },
  breakdown = "both",
  reads = { datasets = { "UDDAKT10" } },
  source_note = "Statistics Denmark UDDAKT10: vocational education (H30), dropped out (FSTATUS A) "
             .. "and completed (FSTATUS F), by municipality.",
  compute = function(q)
    return q.share {
      dataset = "UDDAKT10", where = { UDDANNELSE = "H30" }, period = "year",
      num = { where = { FSTATUS = "A" } },
      den = { where = { FSTATUS = { "A", "F" } } },
    }
  end,
}

indicator {
  id = "youth_net_outmigration",
  title = { da = "Nettofraflytning af 20-29-årige til andre regioner",
            en = "Net loss of 20-29-year-olds to other regions" },
  description = {
    da = "Fraflyttede minus tilflyttede 20-29-årige over regionsgrænsen i året.",
    en = "20-29-year-olds moving out of the region minus those moving in, in the year.",
  },
  subgoal = "5.2.2",
  unit = "persons",
  direction = "lower",
  baseline = { period = "2019",
               note = "North Jutland lost the largest share of its graduates to other regions over five years" },
  breakdown = "both",
  reads = { datasets = { "FLY66" } },
  source_note = "Statistics Denmark FLY66: moves across the region's border by direction "
             .. "(RETNING UD out, IND in) for ages 20-29.",
  compute = function(q)
    -- One scan: area -> direction -> year -> persons, then out minus in.
    local moves = q.sum { dataset = "FLY66", where = { RETNING = { "UD", "IND" }, ALDER = "20-29" },
                          by = { "area", "RETNING" }, period = "year_sum" }
    local net = {}
    for area, dirs in pairs(moves) do
      for year, moved_out in pairs(dirs.UD or {}) do
        local moved_in = dirs.IND and dirs.IND[year]
        if moved_in then
          net[area] = net[area] or {}
          net[area][year] = moved_out - moved_in
        end
      end
    end
    return net
  end,
}

indicator {
  id = "graduate_employment",
  title = { da = "Faglærte i job eller uddannelse efter et år",
            en = "Vocational graduates in work or education after a year" },
  description = {
    da = "Andel af dimittenderne fra erhvervsuddannelserne, der er i beskæftigelse eller uddannelse 12 måneder efter.",
    en = "Share of vocational graduates in employment or education 12 months after graduating.",
  },
  subgoal = "5.2.3",
  unit = "percent",
  direction = "higher",
  baseline = { period = "2019", note = "the year of the ambition" },
  bounded = { limit = 100 },
  breakdown = "both",
  reads = { datasets = { "GRAD_EMPLOYMENT" } },
  source_note = "Graduates' status after 12 months from the Ministry of Children and Education's "
             .. "data warehouse (uddannelsesstatistik.dk), as GRAD_EMPLOYMENT; not in StatBank by municipality.",
  compute = function(q)
    return q.series("GRAD_EMPLOYMENT", { where = { UDDANNELSE = "H30" }, period = "year" })
  end,
}
