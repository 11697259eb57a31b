-- ambition.lua - the model ambit reports against: "Det kompetente
-- Nordjylland" (2019), the joint ambition of four political partners in
-- North Jutland.  Source: the ambition document and its project description
-- (shared/seeds, restated in shared/docs/ambition.md).  Danish titles are
-- quoted exactly; English texts are glosses.
--
-- This file is data.  ambit loads it in its Lua sandbox and checks every
-- field (core/ambition.c); `ambit ambition` prints it.

local function text(da, en) return { da = da, en = en } end

return {
  title = "Det kompetente Nordjylland",
  subtitle = text("at sikre det kompetente Nordjylland – både nu og i fremtiden",
                  "to secure a competent North Jutland, now and in the future"),
  vision = text("Et Nordjylland med balance mellem kompetencer og behovet for kvalificeret arbejdskraft.",
                "A North Jutland where competences balance the need for qualified labour."),

  -- Statistics Denmark (StatBank) area codes.  The region's official
  -- (DAGI) code is 1081; StatBank tables use 081.
  region = { code = "081", name = "Region Nordjylland", official_code = "1081" },
  municipalities = {
    { code = "773", name = "Morsø" },
    { code = "787", name = "Thisted" },
    { code = "810", name = "Brønderslev" },
    { code = "813", name = "Frederikshavn" },
    { code = "820", name = "Vesthimmerland" },
    { code = "825", name = "Læsø" },
    { code = "840", name = "Rebild" },
    { code = "846", name = "Mariagerfjord" },
    { code = "849", name = "Jammerbugt" },
    { code = "851", name = "Aalborg" },
    { code = "860", name = "Hjørring" },
  },

  partners = {
    { id = "KKR", name = "KKR Nordjylland",
      composition = text("De 11 nordjyske kommunalbestyrelsesmedlemmer og 11 borgmestre",
                         "The 11 municipal councils and 11 mayors"),
      focus = text("Fremme og drøfte fælleskommunale interesser inden for bl.a. beskæftigelse og uddannelse",
                   "Common municipal interests in employment and education") },
    { id = "RAR", name = "Det Regionale Arbejdsmarkedsråd Nordjylland",
      composition = text("Arbejdsmarkedets parter, KL, DH og Regionsrådet",
                         "The labour-market parties, KL, DH and the regional council"),
      focus = text("Understøtte og koordinere beskæftigelses- og VEU-indsatsen på tværs af kommuner",
                   "Coordinate employment and adult/continuing education (VEU) across municipalities") },
    { id = "BRN", name = "Business Region North Denmark",
      composition = text("De 11 nordjyske kommuner og Region Nordjylland",
                         "The 11 municipalities and Region Nordjylland"),
      focus = text("Sikre adgang til kvalificeret arbejdskraft i hele Nordjylland - særligt fokus på højtuddannet og faglært arbejdskraft",
                   "Access to qualified labour, especially highly educated and skilled") },
    { id = "RR", name = "Regionsrådet (Region Nordjylland)",
      composition = text("Regionsrådet", "The regional council"),
      focus = text("Sikre og koordinere uddannelsesmuligheder i hele regionen, og sikre at alle har adgang til uddannelse og kompetenceudvikling",
                   "Education opportunities across the whole region") },
  },

  prerequisite = {
    id = "4.2",
    title = text("Uddannelsesudbud og uddannelsesmiljøer – en strukturel forudsætning",
                 "Education supply and environments (structural prerequisite)"),
  },

  focus_areas = {
    { id = "5.1", title = text("Uddannelsesvalg", "Education choice"),
      goal = text("at alle unge træffer et kvalificeret uddannelsesvalg",
                  "that all young people make a qualified choice of education"),
      subgoals = {
        { id = "5.1.1", title = text("Sikre et decentralt uddannelsesudbud",
                                     "Decentralised education supply") },
        { id = "5.1.2", title = text("Sikre attraktive uddannelsesmiljøer",
                                     "Attractive education environments (campuses)") },
        { id = "5.1.3", title = text("Støtte unges uddannelsesvalg",
                                     "Support young people's education choice") },
        { id = "5.1.4", title = text("Fordre mobilitet for uddannelsessøgende",
                                     "Mobility (public transport) for students") },
        { id = "5.1.5", title = text("Sikre kapacitet på uddannelser, der afspejler efterspørgsel og behov",
                                     "Education capacity that reflects demand") },
      } },
    { id = "5.2", title = text("Under uddannelse", "During education"),
      goal = text("at vi uddanner til et højt fagligt niveau, og at de uddannede har de rette kompetencer til arbejdsmarkedet i dag - og i fremtiden",
                  "that we educate to a high professional level and that graduates have the right competences for the labour market today and in the future"),
      subgoals = {
        { id = "5.2.1", title = text("Fastholde flere i uddannelse",
                                     "Keep more in education (less dropout)") },
        { id = "5.2.2", title = text("Fastholde flere i regionen og understøtte brobygning til arbejdsmarked under studie",
                                     "Keep graduates in the region; bridges to work during study") },
        { id = "5.2.3", title = text("Styrke kvalitet i uddannelse", "Education quality") },
      } },
    { id = "5.3", title = text("Vejen til arbejdsmarkedet", "Road to the labour market"),
      goal = text("at understøtte lediges vej i arbejde og sikre virksomhedernes rekrutteringsbehov for kvalificeret arbejdskraft",
                  "to support the unemployed on their way into work and meet companies' need to recruit qualified labour"),
      subgoals = {
        { id = "5.3.1", title = text("Formidle arbejdskraft", "Match available labour to openings") },
        { id = "5.3.2", title = text("Opkvalificere ledige", "Upskill the unemployed toward shortage areas") },
        { id = "5.3.3", title = text("Øge arbejdsudbuddet",
                                     "Raise labour supply (people outside the labour market)") },
      } },
    { id = "5.4", title = text("Livslang læring", "Lifelong learning"),
      goal = text("at alle, uanset alder og uddannelsesniveau, løbende kan tilegne sig de kompetencer, der efterspørges på arbejdsmarkedet",
                  "that everyone, whatever their age and level of education, can keep acquiring the competences the labour market asks for"),
      subgoals = {
        { id = "5.4.1", title = text("Styrke match mellem uddannelsesudbud og efterspørgsel på kompetencer",
                                     "Match continuing-education supply to demand") },
        { id = "5.4.2", title = text("Afdækning af virksomhedernes kompetencebehov",
                                     "Map companies' competence needs") },
        { id = "5.4.3", title = text("Styrke virksomhedernes og beskæftigedes viden og incitament for videreuddannelse",
                                     "Knowledge of and incentive for further education") },
      } },
  },

  -- Figures the documents state.  kind: "baseline" (a level at a time),
  -- "target" (a goal), "projection" (an expectation).
  figures = {
    { kind = "projection", value = 10000, unit = "persons", period = "2025", subgoal = "5.3.3",
      text = text("Nordjyske virksomheder ventes at efterspørge op mod 10.000 flere medarbejdere frem mod 2025",
                  "Companies in North Jutland expect to demand up to 10,000 more employees toward 2025") },
    { kind = "baseline", value = 50, unit = "percent", period = "2017", subgoal = "5.3.1",
      text = text("Op mod hver anden rekrutterende virksomhed har i 2017 oplevet problemer med at få besat en opslået stilling",
                  "Up to every second recruiting company had problems filling a posted position in 2017") },
    { kind = "baseline", value = 35, unit = "percent", period = "2018", subgoal = "5.3.1",
      text = text("I foråret 2018 angav 35% af virksomhederne med forgæves rekrutteringer, at det har resulteret i produktionsbegrænsninger",
                  "In spring 2018, 35% of companies with failed recruitments said it had limited their production") },
    { kind = "baseline", value = 24, unit = "percent", period = "2019", subgoal = "5.1.3",
      text = text("24% af de unge vælger en erhvervsuddannelse – den største andel af alle regioner",
                  "24% of young people choose vocational education (EUD), the highest share of any region") },
    { kind = "target", value = 30, unit = "percent", period = "2025", subgoal = "5.1.3",
      text = text("National og regional målsætning: mindst 30% vælger en erhvervsuddannelse i 2025",
                  "National and regional goal: at least 30% choose vocational education in 2025") },
    { kind = "baseline", value = 49, unit = "percent", period = "2019", subgoal = "5.2.1",
      text = text("Frafaldet på de erhvervsfaglige uddannelser er 49%",
                  "Dropout from vocational education is 49%") },
    { kind = "baseline", value = 33, unit = "percent", period = "2019", subgoal = "5.4.1",
      text = text("Næsten en tredjedel af den nordjyske arbejdsstyrke er ufaglært",
                  "Almost one third of the North Jutland workforce is unskilled") },
    { kind = "baseline", value = 25, unit = "percent", period = "2019", subgoal = "5.3.3",
      text = text("Ca. 25% af nordjyderne er ikke en del af arbejdsmarkedet",
                  "About 25% of North Jutlanders are not part of the labour market") },
    { kind = "baseline", value = 25, unit = "percent", period = "2019", subgoal = "5.4.2",
      text = text("Lidt over hvert fjerde nye job i den private sektor kræver STEM-kompetencer, og andelen er stigende",
                  "A little over one in four new private-sector job postings requires STEM competences, and rising") },
  },

  -- What the documents say without a number.
  statements = {
    { subgoal = "5.1.5",
      text = text("Frem mod 2025 ventes mangel på faglærte og personer med en kort videregående uddannelse og overskud af ufaglærte og af personer med en mellemlang eller lang videregående uddannelse",
                  "Toward 2025: a shortage of skilled workers and short-cycle higher education, a surplus of unskilled and of medium and long higher education") },
    { subgoal = "5.1.3",
      text = text("Faldende andel af studenter med TekNat-fag og relativt højt frafald på TekNat-uddannelser",
                  "A falling share of upper-secondary graduates with science subjects (TekNat) and relatively high TekNat dropout") },
    { subgoal = "5.2.2",
      text = text("De sidste fem år har Nordjylland mistet den største andel af sine dimittender til andre regioner",
                  "Over the last five years North Jutland lost the largest share of its graduates to other regions") },
    { subgoal = "5.4.3",
      text = text("Markant fald i AMU-aktiviteten på landsplan og i Nordjylland",
                  "A marked fall in AMU (adult vocational training) activity nationally and in North Jutland") },
  },
}
