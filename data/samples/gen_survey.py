#!/usr/bin/env python3
"""Generate the SAMPLE employer survey that `ambit demo` runs (not real data).

survey_respondents.csv  an invented respondent list in the shape
                        `ambit survey respondents` imports: fake companies
                        ("SAMPLE ..." names, CVR numbers 99xxxxxx that belong
                        to nobody, e-mails at example.invalid) spread over
                        the eleven municipalities of North Jutland.
survey_responses.json   invented complete responses to forms/employer_needs.lua
                        for about two thirds of them, by e-mail, consistent
                        with the form's skip logic (a question is answered
                        only when it is asked) and valid for every question.

Deterministic (fixed seed); run from this directory; the output is committed.
"""
import csv
import json
import random

rng = random.Random(2026)

# code, name, companies on the list, tendency to fail recruiting,
# tendency to lack competences (invented)
MUNIS = [("773", "Morsø", 10, 0.50, 0.45), ("787", "Thisted", 16, 0.48, 0.40),
         ("810", "Brønderslev", 14, 0.42, 0.38), ("813", "Frederikshavn", 20, 0.52, 0.47),
         ("820", "Vesthimmerland", 14, 0.46, 0.42), ("825", "Læsø", 4, 0.60, 0.50),
         ("840", "Rebild", 12, 0.38, 0.35), ("846", "Mariagerfjord", 16, 0.44, 0.41),
         ("849", "Jammerbugt", 15, 0.47, 0.43), ("851", "Aalborg", 48, 0.36, 0.33),
         ("860", "Hjørring", 21, 0.49, 0.44)]
INDUSTRIES = [("agri", 8), ("manu", 18), ("constr", 14), ("trade", 20), ("it", 7),
              ("business", 13), ("public", 12), ("other", 8)]
SIZES = [("1_9", 40), ("10_49", 35), ("50_249", 18), ("250", 7)]
WORDS = ["Limfjord", "Nordlys", "Skagen", "Vendsyssel", "Himmerland", "Thy", "Hanherred",
         "Kattegat", "Skagerrak", "Rold", "Lille Vildmose", "Hals", "Mors", "Læsø"]
TRADES = {"agri": "Agro", "manu": "Maskinfabrik", "constr": "Byg", "trade": "Handel",
          "it": "Data", "business": "Rådgivning", "public": "Omsorg", "other": "Service"}
FORMS = ["ApS", "A/S", "I/S"]
OCCUPATIONS = ["Elektriker", "Svejser", "Social- og sundhedsassistent", "Softwareudvikler",
               "Smed", "Tømrer", "Lastbilchauffør", "Kok"]
COMMENTS = ["SAMPLE: Vi mangler især faglærte.", "SAMPLE: Svært at få vikarer under kurser.",
            "SAMPLE: Godt samarbejde med erhvervsskolen.", "SAMPLE: Lang transport for ansøgerne."]


def pick(pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def some(codes, lo, hi):
    return rng.sample(codes, rng.randint(lo, hi))


def share(state, key, p):
    """Yes or no so that the running share of yes in a municipality stays
    near p (small municipalities would otherwise swing to 0 % or 100 %)."""
    yes, n = state.get(key, (0, 0))
    answer = (yes + 1) / (n + 1) <= p + rng.uniform(-0.12, 0.12)
    state[key] = (yes + answer, n + 1)
    return answer


def response(row, fail_p, gap_p, state):
    size = pick(SIZES)
    a = {"size": size, "industry": row["industry"], "municipality": row["municipality"]}
    if rng.random() < 0.4:
        a["cvr"] = row["cvr"]
    recruit_p = {"1_9": 0.55, "10_49": 0.8, "50_249": 0.9, "250": 0.97}[size]
    recruited = rng.random() < recruit_p
    a["recruited"] = "yes" if recruited else "no"
    if recruited:
        failed = share(state, "fail", fail_p)
        a["recruit_failed"] = "yes" if failed else "no"
        if failed:
            if rng.random() < 0.85:
                a["n_failed"] = rng.randint(1, 8)
            if rng.random() < 0.6:
                a["failed_occupations"] = ", ".join(some(OCCUPATIONS, 1, 2))
            a["fail_reasons"] = some(["no_applicants", "skills", "experience", "pay",
                                      "location", "other"], 1, 3)
            a["consequences"] = (["none"] if rng.random() < 0.1 else
                                 some(["lost_orders", "production_limits", "overtime",
                                       "later"], 1, 2))
            a["production_limited"] = "yes" if rng.random() < 0.4 else "no"
    rows = ["unskilled", "skilled", "short", "medium", "long"]
    a["expected_hiring"] = {r: rng.choice(["none", "some", "some", "many"])
                            for r in rows if rng.random() < 0.75}
    gap = share(state, "gap", gap_p)
    a["competence_gap"] = "yes" if gap else "no"
    if gap:
        a["competence_needs"] = some(["digital", "stem", "language", "sector", "green"], 1, 3)
    ce = (["none"] if rng.random() < 0.2 else some(["amu", "veu", "internal"], 1, 3))
    a["ce_used"] = ce
    if "none" in ce or gap:
        a["ce_barriers"] = some(["time", "cost", "offer", "motivation", "other"], 1, 2)
    for q in ("coop_jobcentre", "coop_schools"):
        if rng.random() < 0.85:
            a[q] = str(rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 5, 3])[0])
    if rng.random() < 0.15:
        a["comments"] = rng.choice(COMMENTS)
    return a


def main():
    respondents, responses = [], []
    n = 0
    for code, _, count, fail_p, gap_p in MUNIS:
        state = {}
        for _ in range(count):
            n += 1
            industry = pick(INDUSTRIES)
            row = {"company": f"SAMPLE {rng.choice(WORDS)} {TRADES[industry]} {n:03d} "
                              f"{rng.choice(FORMS)}",
                   "cvr": f"99{n:06d}",
                   "email": f"kontakt{n:03d}@sample-company.example.invalid",
                   "municipality": code, "industry": industry,
                   "contact": "SAMPLE contact" if rng.random() < 0.5 else ""}
            respondents.append(row)
            if rng.random() < 0.72:
                responses.append({"email": row["email"],
                                  "answers": response(row, fail_p, gap_p, state)})
    with open("survey_respondents.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["company", "cvr", "email", "municipality", "industry",
                               "contact"], lineterminator="\n")
        w.writeheader()
        w.writerows(respondents)
    doc = {"note": "SAMPLE DATA: invented responses to forms/employer_needs.lua for "
                   "`ambit demo` (data/samples/gen_survey.py); not a real survey.",
           "responses": responses}
    with open("survey_responses.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


main()
