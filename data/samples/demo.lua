-- ambit demo workspace.  Every source reads SAMPLE DATA shipped with ambit
-- (data/samples/README.md): invented figures of plausible size, stored under
-- the real Statistics Denmark table ids so that the same indicator rules run
-- on sample and on real data.  No figure here is a real statistic.

workspace { store = "data/ambit.db", cache = "cache" }

source "population" {
  plugin = "csv",
  path = "data/samples/population.csv",
  dataset = "FOLK1A",
  title = "SAMPLE DATA: population on the 1st day of the quarter",
  unit = "persons",
  delimiter = ";",
  columns = { dims = { "OMRÅDE", "KØN" }, period = "TID", value = "INDHOLD",
              labels = { ["OMRÅDE"] = "område", ["KØN"] = "køn" } },
  schedule = "0 6 * * 1",
}

source "unemployment" {
  plugin = "jsonstat",
  path = "data/samples/aup01.json",
  dataset = "AUP01",
  schedule = "0 7 1 * *",
}

source "education" {
  plugin = "px",
  path = "data/samples/uddakt10.px",
  dataset = "UDDAKT10",
  schedule = "0 7 * * mon",
}

source "migration" {
  plugin = "sdmx",
  path = "data/samples/fly66.xml",
  dataset = "FLY66",
  title = "SAMPLE DATA: moves of 20-29-year-olds across the border of Region Nordjylland",
  unit = "persons",
  labels = { RETNING = { IND = "moved in from another region",
                         UD = "moved out to another region" } },
  schedule = "0 7 * * 1",
}
