-- employer_needs.lua - the employer survey of "Det kompetente Nordjylland":
-- recruitment, failed recruitments and their consequences (a page that
-- skip logic skips unless a recruitment failed), expected hiring by
-- education level, competence needs and continuing education.
--
-- The indicator rules read recruit_failed, production_limited and
-- competence_gap (lua/indicators/*.lua, q.survey); keep those ids.
-- The language is described in doc/forms.md and ambit-lua(5).

local amount = {
    { "none", da = "Ingen", en = "None" },
    { "some", da = "Nogle", en = "Some" },
    { "many", da = "Mange", en = "Many" },
}

form {
    id = "employer_needs",
    version = "1",
    title = { da = "Virksomhedernes behov for arbejdskraft og kompetencer",
              en = "Employers' needs for labour and skills" },
    intro = { da = "Undersøgelsen er en del af Det kompetente Nordjylland. "
                .. "Det tager omkring 10 minutter. Svarene bruges kun samlet.",
              en = "The survey is part of Det kompetente Nordjylland (the "
                .. "competent North Jutland). It takes about 10 minutes. "
                .. "Answers are only used in aggregate." },
    pages = {
        page {
            id = "company",
            title = { da = "Om virksomheden", en = "About the company" },
            questions = {
                single {
                    id = "size", required = true,
                    label = { da = "Hvor mange ansatte har virksomheden?",
                              en = "How many employees does the company have?" },
                    choices = {
                        { "1_9", da = "1-9", en = "1-9" },
                        { "10_49", da = "10-49", en = "10-49" },
                        { "50_249", da = "50-249", en = "50-249" },
                        { "250", da = "250 eller flere", en = "250 or more" },
                    },
                },
                single {
                    id = "industry", required = true,
                    label = { da = "Hvilken branche hører virksomheden til?",
                              en = "Which industry is the company in?" },
                    choices = {
                        { "agri", da = "Landbrug, skovbrug og fiskeri", en = "Agriculture, forestry and fishing" },
                        { "manu", da = "Industri", en = "Manufacturing" },
                        { "constr", da = "Bygge og anlæg", en = "Construction" },
                        { "trade", da = "Handel og transport", en = "Trade and transport" },
                        { "it", da = "Information og kommunikation", en = "Information and communication" },
                        { "business", da = "Erhvervsservice", en = "Business services" },
                        { "public", da = "Offentlig administration, undervisning og sundhed", en = "Public administration, education and health" },
                        { "other", da = "Andet", en = "Other" },
                    },
                },
                municipality {
                    id = "municipality", required = true,
                    label = { da = "I hvilken kommune ligger arbejdsstedet?",
                              en = "In which municipality is the workplace?" },
                },
                text {
                    id = "cvr",
                    label = { da = "CVR-nummer (frivilligt)",
                              en = "CVR number (optional)" },
                    hint = { da = "8 cifre. Bruges kun til at undgå dobbelte svar.",
                             en = "8 digits. Only used to avoid duplicate answers." },
                    pattern = "^%d%d%d%d%d%d%d%d$",
                    message = { da = "Et CVR-nummer har 8 cifre.",
                                en = "A CVR number has 8 digits." },
                },
            },
        },
        page {
            id = "recruitment",
            title = { da = "Rekruttering", en = "Recruitment" },
            questions = {
                yesno {
                    id = "recruited", required = true,
                    label = { da = "Har virksomheden forsøgt at rekruttere medarbejdere inden for de seneste 6 måneder?",
                              en = "Has the company tried to recruit staff in the last 6 months?" },
                },
                yesno {
                    id = "recruit_failed", required = true,
                    relevant = { q = "recruited", eq = "yes" },
                    label = { da = "Er det mislykkedes at besætte mindst én stilling?",
                              en = "Did you fail to fill at least one position?" },
                    hint = { da = "Også hvis stillingen blev besat med en person uden de ønskede kvalifikationer.",
                             en = "Also if the position was filled by someone without the qualifications sought." },
                },
            },
        },
        -- Every question here needs recruit_failed = yes: otherwise skip
        -- logic skips the whole page.
        page {
            id = "failed",
            title = { da = "Forgæves rekruttering", en = "Failed recruitment" },
            questions = {
                integer {
                    id = "n_failed", min = 1, max = 10000,
                    relevant = { all = { { q = "recruited", eq = "yes" },
                                         { q = "recruit_failed", eq = "yes" } } },
                    label = { da = "Hvor mange forgæves rekrutteringer har I haft?",
                              en = "How many failed recruitments have you had?" },
                },
                occupation {
                    id = "failed_occupations",
                    relevant = { q = "recruit_failed", eq = "yes" },
                    label = { da = "Hvilke stillinger kunne I ikke besætte?",
                              en = "Which positions could you not fill?" },
                    hint = { da = "Fx elektriker, social- og sundhedsassistent, softwareudvikler.",
                             en = "E.g. electrician, social and health care assistant, software developer." },
                    choices = {
                        { "7411", da = "Elektriker", en = "Electrician" },
                        { "5321", da = "Social- og sundhedsassistent", en = "Health care assistant" },
                        { "2512", da = "Softwareudvikler", en = "Software developer" },
                        { "7212", da = "Svejser", en = "Welder" },
                    },
                },
                multi {
                    id = "fail_reasons",
                    relevant = { q = "recruit_failed", eq = "yes" },
                    label = { da = "Hvorfor mislykkedes rekrutteringen?",
                              en = "Why did the recruitment fail?" },
                    choices = {
                        { "no_applicants", da = "Ingen ansøgere", en = "No applicants" },
                        { "skills", da = "Ansøgerne manglede de rette kompetencer", en = "Applicants lacked the right skills" },
                        { "experience", da = "Ansøgerne manglede erfaring", en = "Applicants lacked experience" },
                        { "pay", da = "Løn- og ansættelsesvilkår", en = "Pay and conditions" },
                        { "location", da = "Afstand og transport", en = "Distance and transport" },
                        { "other", da = "Andet", en = "Other" },
                    },
                },
                multi {
                    id = "consequences",
                    relevant = { q = "recruit_failed", eq = "yes" },
                    label = { da = "Hvilke konsekvenser fik de forgæves rekrutteringer?",
                              en = "What were the consequences of the failed recruitments?" },
                    choices = {
                        { "lost_orders", da = "Tabte ordrer", en = "Lost orders" },
                        { "production_limits", da = "Begrænset produktion", en = "Limited production" },
                        { "overtime", da = "Overarbejde", en = "Overtime" },
                        { "later", da = "Senere rekruttering", en = "Recruited later" },
                        { "none", da = "Ingen", en = "None" },
                    },
                },
                yesno {
                    id = "production_limited",
                    relevant = { q = "recruit_failed", eq = "yes" },
                    label = { da = "Har mangel på arbejdskraft begrænset virksomhedens produktion eller aktivitet?",
                              en = "Has a shortage of labour limited the company's production or activity?" },
                },
            },
        },
        page {
            id = "future",
            title = { da = "Forventninger og kompetencer", en = "Expectations and skills" },
            questions = {
                matrix {
                    id = "expected_hiring",
                    label = { da = "Hvor mange forventer I at ansætte de næste 1-2 år efter uddannelsesniveau?",
                              en = "How many do you expect to hire over the next 1-2 years by education level?" },
                    rows = {
                        { "unskilled", da = "Ufaglærte", en = "Unskilled" },
                        { "skilled", da = "Faglærte", en = "Skilled (vocational)" },
                        { "short", da = "Korte videregående uddannelser", en = "Short-cycle higher education" },
                        { "medium", da = "Mellemlange videregående uddannelser", en = "Medium-cycle higher education" },
                        { "long", da = "Lange videregående uddannelser", en = "Long-cycle higher education" },
                    },
                    choices = amount,
                },
                yesno {
                    id = "competence_gap", required = true,
                    label = { da = "Mangler medarbejderne kompetencer, som virksomheden har brug for?",
                              en = "Do the employees lack skills the company needs?" },
                },
                multi {
                    id = "competence_needs",
                    relevant = { q = "competence_gap", eq = "yes" },
                    label = { da = "Hvilke kompetencer har I mest brug for?",
                              en = "Which skills do you need most?" },
                    max = 3,
                    hint = { da = "Vælg højst tre.", en = "Choose at most three." },
                    choices = {
                        { "digital", da = "Digitale kompetencer", en = "Digital skills" },
                        { "stem", da = "Tekniske kompetencer (STEM)", en = "Technical skills (STEM)" },
                        { "language", da = "Sprog", en = "Languages" },
                        { "sector", da = "Branchespecifikke kompetencer", en = "Sector-specific skills" },
                        { "green", da = "Grøn omstilling", en = "Green transition" },
                    },
                },
            },
        },
        page {
            id = "education",
            title = { da = "Efter- og videreuddannelse", en = "Continuing education" },
            questions = {
                multi {
                    id = "ce_used",
                    label = { da = "Hvilke former for efter- og videreuddannelse har medarbejderne brugt det seneste år?",
                              en = "Which kinds of continuing education have employees used in the last year?" },
                    choices = {
                        { "amu", da = "AMU-kurser", en = "AMU courses (adult vocational training)" },
                        { "veu", da = "VEU (fx akademi- og diplomuddannelser)", en = "VEU (e.g. academy and diploma programmes)" },
                        { "internal", da = "Intern oplæring", en = "In-house training" },
                        { "none", da = "Ingen", en = "None" },
                    },
                },
                multi {
                    id = "ce_barriers",
                    relevant = { any = { { q = "ce_used", has = "none" },
                                         { q = "competence_gap", eq = "yes" } } },
                    label = { da = "Hvad gør det svært at bruge efter- og videreuddannelse?",
                              en = "What makes continuing education hard to use?" },
                    choices = {
                        { "time", da = "Tid og vikardækning", en = "Time and cover" },
                        { "cost", da = "Pris", en = "Cost" },
                        { "offer", da = "Mangel på relevante tilbud i nærheden", en = "No relevant offers nearby" },
                        { "motivation", da = "Medarbejdernes motivation", en = "Employees' motivation" },
                        { "other", da = "Andet", en = "Other" },
                    },
                },
                likert {
                    id = "coop_jobcentre",
                    label = { da = "Samarbejdet med jobcentret fungerer godt.",
                              en = "Cooperation with the jobcentre works well." },
                },
                likert {
                    id = "coop_schools",
                    label = { da = "Samarbejdet med uddannelsesinstitutionerne fungerer godt.",
                              en = "Cooperation with education institutions works well." },
                },
                longtext {
                    id = "comments", max = 2000,
                    label = { da = "Har du andre kommentarer?", en = "Any other comments?" },
                },
            },
        },
    },
}
