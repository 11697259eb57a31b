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

-- Sources for the indicators that the four StatBank-shaped samples above do
-- not cover (labour-force status, adult education, institution feeds).
source "labour_force" {
  plugin = "csv", path = "data/samples/ind_ras300.csv", dataset = "RAS300",
  title = "SAMPLE DATA: labour force status by highest education, 16-64-year-olds (RAS300 layout)",
  unit = "persons", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "HFUDD", "SOCIO", "ALDER" }, period = "TID", value = "INDHOLD" },
}
source "adult_education" {
  plugin = "csv", path = "data/samples/ind_veu15.csv", dataset = "VEU15",
  title = "SAMPLE DATA: adult and continuing education, participants and full-time equivalents (VEU15 layout)",
  unit = "persons", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "UDDTYPE", "ENHED" }, period = "TID", value = "INDHOLD" },
}
source "education_supply" {
  plugin = "csv", path = "data/samples/ind_edu_supply.csv", dataset = "EDU_SUPPLY",
  title = "SAMPLE DATA: youth-education programmes offered per municipality (institution feeds)",
  unit = "programmes", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "UDDANNELSE" }, period = "TID", value = "INDHOLD" },
}
source "student_wellbeing" {
  plugin = "csv", path = "data/samples/ind_etu_trivsel.csv", dataset = "ETU_TRIVSEL",
  title = "SAMPLE DATA: student well-being (ETU) at vocational schools, score 1-5",
  unit = "score 1-5", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "UDDANNELSE" }, period = "TID", value = "INDHOLD" },
}
source "student_travel" {
  plugin = "csv", path = "data/samples/ind_student_travel.csv", dataset = "STUDENT_TRAVEL",
  title = "SAMPLE DATA: youth-education students with more than 60 minutes' travel by public transport",
  unit = "percent", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE" }, period = "TID", value = "INDHOLD" },
}
source "admission" {
  plugin = "csv", path = "data/samples/ind_kot_admission.csv", dataset = "KOT_ADMISSION",
  title = "SAMPLE DATA: first-priority applicants and admitted (KOT) by place of study",
  unit = "persons", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "STATUS" }, period = "TID", value = "INDHOLD" },
}
source "graduate_employment" {
  plugin = "csv", path = "data/samples/ind_grad_employment.csv", dataset = "GRAD_EMPLOYMENT",
  title = "SAMPLE DATA: graduates in work or education 12 months after graduating",
  unit = "percent", skip = 1, delimiter = ";", decimal = ",",
  columns = { dims = { "OMRÅDE", "UDDANNELSE" }, period = "TID", value = "INDHOLD" },
}

-- Education institutions' feeds: a course list (RSS) and admission figures.
source "edu_courses" {
  plugin = "xmlfeed", path = "data/samples/courses.rss", dataset = "EDU_COURSES",
  title = "SAMPLE DATA: courses offered (RSS)",
  namespaces = { dc = "http://purl.org/dc/elements/1.1/",
                 kursus = "https://ambit.example/ns/kursus/1.0" },
  entries = "//item",
  fields = {
    title = "title", url = "link", provider = "dc:creator",
    level = { path = "category", map = { ["Erhvervsuddannelse"] = "EUD",
              ["AMU-kursus"] = "AMU", ["Voksen- og efteruddannelse"] = "VEU" } },
    start = "kursus:startdato", seats = "kursus:pladser", municipality = "kursus:postnr",
  },
  schedule = "0 6 * * 1",
}
source "edu_admissions" {
  plugin = "xmlfeed", path = "data/samples/admissions.csv", dataset = "EDU_ADMISSIONS",
  title = "SAMPLE DATA: admissions (seats, applicants, admitted)",
  format = "csv", delimiter = ";", skip = 1,
  fields = {
    title = "uddannelse", provider = "udbyder",
    level = { path = "niveau", map = { ["Erhvervsuddannelse"] = "EUD",
      ["Gymnasial uddannelse"] = "gymnasium", ["Kort videregående"] = "KVU",
      ["Mellemlang videregående"] = "MVU", ["Lang videregående"] = "LVU" } },
    municipality = "sted", year = "aar",
    seats = "pladser", applicants = "ansoegere", admitted = "optagne",
  },
  schedule = "0 6 1 * *",
}

-- The four partners' strategies: SAMPLE TEXT (invented, labelled in each
-- file), tagged with the theme lexicon by `ambit themes` and the report.
source "strategies" {
  plugin = "documents", period = "2018-2022",
  documents = {
    { path = "data/samples/strategy_kkr.txt", organisation = "KKR",
      title = "SAMPLE TEXT: KKR Nordjylland, strategi for beskæftigelse og uddannelse" },
    { path = "data/samples/strategy_rar.txt", organisation = "RAR",
      title = "SAMPLE TEXT: RAR Nordjylland, beskæftigelses- og VEU-strategi" },
    { path = "data/samples/strategy_brn.html", organisation = "BRN" },
    { path = "data/samples/strategy_rr.txt", organisation = "RR",
      title = "SAMPLE TEXT: Region Nordjylland, uddannelsesstrategi" },
  },
  schedule = "0 5 1 * *",
}
