-- prerequisite.lua - the structural prerequisite 4.2: education supply and
-- education environments.  ambit-lua(5) describes indicator { } and q.

indicator {
  id = "education_offerings",
  title = { da = "Ungdomsuddannelser i udbud",
            en = "Youth-education programmes offered" },
  description = {
    da = "Antal udbudte ungdomsuddannelser (gymnasiale og erhvervsfaglige) i kommunen.",
    en = "Number of youth-education programmes (upper-secondary and vocational) offered in the municipality.",
  },
  subgoal = "4.2",
  unit = "programmes",
  direction = "higher",
  baseline = { period = "2019", note = "the year of the ambition" },
  breakdown = "both",
  reads = { datasets = { "EDU_SUPPLY" } },
  source_note = "Education institutions' programme feeds (xmlfeed), counted per municipality "
             .. "and year as dataset EDU_SUPPLY (UDDANNELSE H20 upper-secondary, H30 vocational); "
             .. "no StatBank table gives the supply per municipality.",
  compute = function(q)
    return q.sum { dataset = "EDU_SUPPLY", where = { UDDANNELSE = { "H20", "H30" } },
                   period = "year" }
  end,
}
