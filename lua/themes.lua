-- themes.lua - the theme lexicon of "Det kompetente Nordjylland": the
-- twenty themes of the ambition's mapping of the partners' strategies
-- (figure in section 4.1, titles as printed), each with the Danish terms
-- that signal it in a strategy document and the sub-goals it supports.
--
-- `ambit themes` tags the stored documents with it; WORKSPACE/themes.lua,
-- when present, runs after this file and may add themes, replace them
-- (theme with an existing id), add terms (extend) or drop them (remove).
--
-- Term syntax (doc/plugins/documents.md): whole words of the folded text
-- (case and accents do not matter, æ ø å are letters of their own); a word
-- ending in * is a stem matching every word that starts with it; several
-- words form a phrase, white space matching any white space and
-- punctuation itself ("voksen-, efter- og videreuddannelse*").

partners { "KKR", "RAR", "BRN", "RR" }

theme "unges_uddannelsesvalg" {
  title = "Unges uddannelsesvalg",
  subgoals = { "5.1.3" },
  terms = {
    "uddannelsesvalg*", "valg af uddannelse", "valg af ungdomsuddannelse",
    "valget om uddannelse", "vælge en uddannelse", "vælger en uddannelse",
    "vælge uddannelse", "uddannelsesvejledning*", "vejledning*", "vejleder*",
    "ungdommens uddannelsesvejledning", "ungeindsats*", "uddannelsesparat*",
    "udskoling*", "udskolingselev*", "karrierelæring*", "erhvervspraktik*",
    "brobygning*", "uddannelsesmesse*", "karrieremulighed*",
    "uddannelses- og karrieremulighed*",
  },
}

theme "decentralt_uddannelsesudbud" {
  title = "Decentralt uddannelsesudbud",
  subgoals = { "4.2", "5.1.1", "5.1.2", "5.1.4" },
  terms = {
    "decentral*", "uddannelsesdækning*", "lokale uddannelsesmulighed*",
    "lokale uddannelsestilbud", "uddannelse i det nære",
    "uddanne sig i det nære", "uddannelsesmiljø*", "campus*",
    "udbudssted*", "satellitudbud*", "kollektiv transport",
    "kollektive transportmulighed*", "kollektive trafikmulighed*",
    "uddannelser i hele regionen", "uddannelsestilbud i hele regionen",
    "landdistrikt*", "uddannelsesinstitutioner i hele regionen",
  },
}

theme "virksomheders_rekruttering" {
  title = "Understøtte virksomheders rekruttering",
  subgoals = { "5.3.1", "5.4.2" },
  terms = {
    "rekruttering*", "rekruttere*", "forgæves rekruttering*",
    "virksomhedsservice*", "virksomhedskontakt*", "virksomhedsrettet*",
    "virksomhedsopsøgende", "mangel på arbejdskraft",
    "manglen på arbejdskraft", "mangel på kvalificeret arbejdskraft",
    "arbejdskraftbehov*", "arbejdskraftsbehov*", "udenlandsk arbejdskraft",
    "kvalificeret arbejdskraft", "flaskehals*", "mangelområde*",
    "mangelsituation*", "besætte en stilling", "besætte stillinger",
  },
}

theme "opkvalificering_veu" {
  title = "Opkvalificering, livslang uddannelse og VEU",
  subgoals = { "5.3.2", "5.4.1", "5.4.3" },
  terms = {
    "opkvalificer*", "livslang læring", "livslang uddannelse",
    "livslang opkvalificering", "kompetenceløft*", "kompetenceudvikling*",
    "efteruddannelse*", "videreuddannelse*",
    "voksen-, efter- og videreuddannelse*", "efter- og videreuddannelse*",
    "voksen- og efteruddannelse*", "veu", "realkompetencevurdering*",
    "fra ufaglært til faglært", "opkvalificeringsindsats*",
  },
}

theme "fastholdelse" {
  title = "Fastholdelse",
  subgoals = { "5.2.1", "5.2.2" },
  terms = {
    "fasthold*", "frafald*", "frafalde*", "gennemførelse*",
    "gennemføre deres uddannelse", "gennemføre sin uddannelse",
    "gennemfører deres uddannelse", "fuldføre*", "fuldførelse*",
    "trivsel*", "blive i regionen", "bliver i regionen",
    "bosætte sig i regionen", "bosætter sig i regionen",
    "flytter fra regionen", "udvandrer fra regionen",
  },
}

theme "erhvervsuddannelser" {
  title = "Erhvervsuddannelser/faglært arbejdskraft",
  subgoals = { "5.1.3", "5.1.5", "5.2.1" },
  terms = {
    "erhvervsuddannelse*", "erhvervsfaglig*", "eud", "eux", "eud-elev*",
    "eud-reform*", "faglært*", "lærling*", "læreplads*", "elevplads*",
    "praktikplads*", "erhvervsskole*", "svendeprøve*", "mesterlære*",
    "håndværk*", "tekniske skoler",
  },
}

theme "veu" {
  title = "VEU",
  subgoals = { "5.4.1", "5.4.3" },
  terms = {
    "veu", "veu-indsats*", "veu-center*", "veu-centr*",
    "voksen- og efteruddannelse*", "voksen-, efter- og videreuddannelse*",
    "amu", "amu-kurs*", "amu-aktivitet*", "amu-uddannelse*",
    "arbejdsmarkedsuddannelse*", "voksenuddannelse*", "vuc", "fvu",
    "ordblindeundervisning*", "sidemandsoplæring*",
    "efteruddannelsesudbud*", "efteruddannelsesmulighed*",
    "efteruddannelsesindsats*", "voksenlærling*",
  },
}

theme "ledige" {
  title = "Ledige i beskæftigelse",
  subgoals = { "5.3.1", "5.3.2" },
  terms = {
    "ledige", "lediges", "ledighed*", "jobsøgende", "arbejdsløs*",
    "dagpenge*", "a-kasse*", "jobcent*", "beskæftigelsesindsats*",
    "virksomhedspraktik*", "løntilskud*", "i beskæftigelse", "i job",
  },
}

theme "oekonomi_beskaeftigelse" {
  title = "Økonomi på beskæftigelsesområdet",
  subgoals = { "5.3.3" },
  terms = {
    "forsørgelse*", "forsørgelsesudgift*", "offentlig forsørgelse",
    "overførselsindkomst*", "refusion*", "beskæftigelsestilskud*",
    "budgetgaranti*", "udgifter på beskæftigelsesområdet",
    "økonomi på beskæftigelsesområdet", "beskæftigelsesbudget*",
    "ydelsesudgift*", "selvforsørge*", "udgifterne til ydelser",
  },
}

theme "kapacitet_uddannelser" {
  title = "Kapacitet på uddannelser",
  subgoals = { "5.1.5" },
  terms = {
    "kapacitet*", "uddannelseskapacitet*", "dimensionering*",
    "studieplads*", "uddannelsesplads*", "optag på", "optaget på",
    "adgangskvotient*", "flere pladser", "antallet af pladser",
  },
}

theme "sosu_velfaerd" {
  title = "SOSU/Velfærdsuddannelser",
  subgoals = { "5.1.5", "5.4.1" },
  terms = {
    "sosu", "social- og sundhedsuddannelse*",
    "social- og sundhedsassistent*", "social- og sundhedshjælper*",
    "social- og sundhedsområde*", "velfærdsuddannelse*", "velfærdsområde*",
    "velfærds- og omsorgsområde*", "omsorgsområde*", "sygeplejerske*",
    "pædagog*", "pædagogisk assistent*", "sundhedsuddannelse*",
    "ældrepleje*", "ældreområde*", "hjemmepleje*", "plejepersonale*",
  },
}

theme "hoejtuddannede" {
  title = "Højtuddannet arbejdskraft",
  subgoals = { "5.2.2" },
  terms = {
    "højtuddanne*", "akademiker*", "kandidat*", "dimittend*",
    "videregående uddannelse*", "lang videregående*",
    "mellemlang videregående*", "universitet*", "universitetsuddannelse*",
    "professionsbachelor*", "erhvervsakademi*", "studiejob*",
    "specialist*", "videnmedarbejder*", "videnstung*",
  },
}

theme "borgere_paa_kanten" {
  title = "Borgere på kanten af arbejdsmarkedet",
  subgoals = { "5.3.3" },
  terms = {
    "på kanten af arbejdsmarkedet", "borgere på kanten",
    "kanten af arbejdsmarkedet", "uden for arbejdsmarkedet",
    "tættere på arbejdsmarkedet", "udsatte borgere", "udsatte ledige",
    "aktivitetsparat*", "kontanthjælp*", "ressourceforløb*", "fleksjob*",
    "minifleksjob*", "førtidspension*", "sygedagpenge*", "flygtning*",
    "indvandrer*", "skrøbelige unge", "arbejdsudbud*",
    "arbejdskraftreserve*", "støttet beskæftigelse", "ordinære timer",
  },
}

theme "mobilitet_jobsoegere" {
  title = "Faglig og geografisk mobilitet blandt jobsøgere",
  subgoals = { "5.3.1", "5.3.2" },
  terms = {
    "faglig mobilitet", "geografisk mobilitet",
    "faglig og geografisk mobilitet", "faglig som geografisk mobilitet",
    "jobmobilitet*", "pendl*", "brancheskift*", "skifte branche",
    "jobsøgning*", "på tværs af kommunegrænser*",
  },
}

theme "digitalisering" {
  title = "Digitalisering",
  subgoals = { "5.2.3", "5.4.1" },
  terms = {
    "digitalisering*", "digital*", "it-kompetence*", "it-uddannelse*",
    "it-området", "it-specialist*", "teknologi*", "teknologisk*",
    "automatisering*", "robot*", "kunstig intelligens",
  },
}

theme "teknat" {
  title = "TekNat-uddannelser",
  subgoals = { "5.1.3", "5.2.1" },
  terms = {
    "teknat*", "stem", "stem-kompetence*", "stem-uddannelse*",
    "naturvidenskab*", "naturfag*", "tekniske og naturvidenskabelige*",
    "teknisk-naturvidenskabelig*", "ingeniør*", "matematik*",
  },
}

theme "innovation" {
  title = "Innovation",
  subgoals = { "5.4.2" },
  terms = {
    "innovation*", "innovativ*", "innovere*", "nytænkning*",
    "forskning og udvikling", "vidensamarbejde*", "videnssamarbejde*",
    "vækst via viden", "klyngesamarbejde*", "klyngeorganisation*",
    "produktudvikling*",
  },
}

theme "ivaerksaetteri" {
  title = "Iværksætteri",
  subgoals = { "5.2.2" },
  terms = {
    "iværksætter*", "vækstiværksætter*", "entreprenør*", "startup*",
    "start-up", "start-ups", "virksomhedsopstart*", "starte egen virksomhed",
    "nye virksomheder", "selvstændige",
  },
}

theme "fgu" {
  title = "FGU",
  subgoals = { "5.1.3", "5.3.3" },
  terms = {
    "fgu", "fgu-skole*", "fgu-institution*", "forberedende grunduddannelse*",
    "produktionsskole*", "unge uden uddannelse",
    "unge uden job og uddannelse", "unge uden for uddannelse",
  },
}

theme "formidling" {
  title = "Formidling af arbejdskraft",
  subgoals = { "5.3.1" },
  terms = {
    "formidling af arbejdskraft", "formidle arbejdskraft",
    "formidle den*", "formidles til", "formidling af ledige",
    "jobformidling*", "effektiv formidling", "jobåbning*", "jobmatch*",
    "matche ledige", "ledige stillinger", "jobordre*", "jobbank*",
    "stillingsopslag*", "opslåede stillinger",
  },
}
