-- feeds.lua - indicators computed from education institutions' feeds
-- (the xmlfeed plugin): course lists (EDU_COURSES) and admission figures
-- (EDU_ADMISSIONS).  Both datasets have the dimensions PROGRAMME, PROVIDER,
-- LEVEL, OMRÅDE and MEASURE ("count" is 1 per record; "seats",
-- "applicants", "admitted" when the feed gives them).  Feeds list what is
-- offered where; no StatBank table does.  ambit-lua(5) describes the DSL.

-- Sum of a measure per municipality, plus the region's total under 081.
local function with_region(q, args)
  local t = q.sum(args)
  local region_args = {}
  for k, v in pairs(args) do region_args[k] = v end
  region_args.by = {}
  t[q.region] = q.sum(region_args)
  return t
end

indicator {
  id = "feed_programmes",
  title = { da = "Uddannelser og kurser i institutionernes udbud",
            en = "Programmes and courses in institutions' feeds" },
  description = {
    da = "Antal uddannelser og kurser, som institutionernes feeds viser i kommunen, efter startår.",
    en = "Number of programmes and courses the institutions' feeds list in the municipality, by start year.",
  },
  subgoal = "4.2",
  unit = "programmes",
  direction = "higher",
  breakdown = "both",
  reads = { datasets = { "EDU_COURSES" } },
  source_note = "Education institutions' course feeds (RSS/XML, xmlfeed plugin), "
             .. "dataset EDU_COURSES, MEASURE=count.",
  compute = function(q)
    return with_region(q, { dataset = "EDU_COURSES", where = { MEASURE = { "count" } } })
  end,
}

indicator {
  id = "courses_outside_aalborg",
  title = { da = "Andel af udbuddet uden for Aalborg",
            en = "Share of the supply outside Aalborg" },
  description = {
    da = "Andel af de udbudte uddannelser og kurser, der ligger uden for Aalborg Kommune.",
    en = "Share of the programmes and courses offered that are located outside Aalborg municipality.",
  },
  subgoal = "5.1.1",
  unit = "percent",
  direction = "higher",
  bounded = { limit = 100 },
  breakdown = "region",
  reads = { datasets = { "EDU_COURSES" } },
  source_note = "Education institutions' course feeds (xmlfeed plugin), dataset EDU_COURSES: "
             .. "100 x (all courses - courses in 851 Aalborg) / all courses.",
  compute = function(q)
    local all = q.sum { dataset = "EDU_COURSES", where = { MEASURE = { "count" } }, by = {} }
    local aal = q.sum { dataset = "EDU_COURSES",
                        where = { MEASURE = { "count" }, ["OMRÅDE"] = { "851" } }, by = {} }
    local share = {}
    for period, total in pairs(all) do
      if total > 0 then
        share[period] = 100 * (total - (aal[period] or 0)) / total
      end
    end
    return { [q.region] = share }
  end,
}

indicator {
  id = "applicants_per_seat",
  title = { da = "Ansøgere i forhold til pladser",
            en = "Applicants relative to seats" },
  description = {
    da = "Ansøgere i procent af de udbudte pladser: over 100 betyder flere ansøgere end pladser.",
    en = "Applicants as a percentage of the seats offered: above 100 means more applicants than seats.",
  },
  subgoal = "5.1.5",
  unit = "percent",
  direction = "higher",
  breakdown = "both",
  reads = { datasets = { "EDU_ADMISSIONS" } },
  source_note = "Education institutions' admission figures (CSV, xmlfeed plugin), dataset "
             .. "EDU_ADMISSIONS: 100 x applicants / seats.",
  compute = function(q)
    local args = { dataset = "EDU_ADMISSIONS",
                   num = { where = { MEASURE = { "applicants" } } },
                   den = { where = { MEASURE = { "seats" } } } }
    local t = q.share(args)
    args.by = {}
    t[q.region] = q.share(args)
    return t
  end,
}

indicator {
  id = "continuing_courses_offered",
  title = { da = "Efter- og videreuddannelseskurser i udbud",
            en = "Continuing-education courses offered" },
  description = {
    da = "Antal AMU- og VEU-kurser, som institutionernes feeds viser i kommunen, efter startår.",
    en = "Number of AMU and VEU courses the institutions' feeds list in the municipality, by start year.",
  },
  subgoal = "5.4.1",
  unit = "courses",
  direction = "higher",
  breakdown = "both",
  reads = { datasets = { "EDU_COURSES" } },
  source_note = "Education institutions' course feeds (xmlfeed plugin), dataset EDU_COURSES, "
             .. "LEVEL AMU or VEU, MEASURE=count.",
  compute = function(q)
    return with_region(q, { dataset = "EDU_COURSES",
                            where = { MEASURE = { "count" }, LEVEL = { "AMU", "VEU" } } })
  end,
}
