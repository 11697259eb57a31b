#!/usr/bin/env python3
"""gen_xmlfeed.py - writes the SAMPLE DATA of the xmlfeed plugin beside itself:

  courses.rss     an RSS 2.0 course feed (dc:creator, a kursus: namespace for
                  postcode, start date and seats): 30 invented EUD, AMU and
                  VEU courses of made-up institutions in all eleven
                  municipalities of North Jutland, 2024-2026
  admissions.csv  invented seats, applicants and admitted of ten programmes
                  at nine places, 2019-2024 (';', a SAMPLE DATA line first)

Deterministic: running it again writes the same bytes.  No figure or
course list in them is real.
"""
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write_courses():
    items = [
     # title, provider, category, postcode or town, start date, seats
     ("Tømrer, grundforløb 2", "Vendsyssel Erhvervsskole", "Erhvervsuddannelse", "9800", "2025-08-11", 24),
     ("Smed, grundforløb 2", "Vendsyssel Erhvervsskole", "Erhvervsuddannelse", "9800", "2025-08-11", 20),
     ("Elektriker, grundforløb 2", "Limfjordens Tekniske Skole", "Erhvervsuddannelse", "9000", "2025-08-11", 48),
     ("Social- og sundhedshjælper", "Himmerlands Sundhedsskole", "Erhvervsuddannelse", "9600", "2025-08-18", 28),
     ("Social- og sundhedsassistent", "Himmerlands Sundhedsskole", "Erhvervsuddannelse", "9500", "2025-08-18", 32),
     ("Landbrugsuddannelsen, grundforløb", "Thylandets Landbrugsskole", "Erhvervsuddannelse", "7700", "2025-08-04", 36),
     ("Frisør, grundforløb 2", "Limfjordens Tekniske Skole", "Erhvervsuddannelse", "9000", "2026-01-05", 16),
     ("Ernæringsassistent", "Kystens Erhvervsskole", "Erhvervsuddannelse", "9900", "2025-08-11", 18),
     ("Skibsmontør", "Kystens Erhvervsskole", "Erhvervsuddannelse", "9990", "2025-08-11", 12),
     ("Mekaniker, grundforløb 2", "Mors Erhvervsskole", "Erhvervsuddannelse", "7900", "2024-08-12", 16),
     ("Truckcertifikat A", "Nordjysk AMU-center", "AMU-kursus", "9000", "2025-09-01", 12),
     ("Truckcertifikat A", "Nordjysk AMU-center", "AMU-kursus", "9700", "2025-10-06", 12),
     ("Svejsning MAG, plader", "Nordjysk AMU-center", "AMU-kursus", "9900", "Mon, 15 Sep 2025 08:00:00 +0200", 10),
     ("Kranfører, mobilkran", "Thy Kørselsskole", "AMU-kursus", "7700", "2025-09-22", 8),
     ("Hygiejne for fødevarebranchen", "Himmerlands AMU", "AMU-kursus", "9640", "2025-09-08", 16),
     ("Førstehjælp på arbejdspladsen", "Himmerlands AMU", "AMU-kursus", "9530", "2025-11-03", 20),
     ("Digitale værktøjer i produktionen", "Nordjysk AMU-center", "AMU-kursus", "9440", "2025-10-13", 14),
     ("Vedligehold af vindmøller", "Kystens Erhvervsskole", "AMU-kursus", "9850 Hirtshals", "2026-02-02", 10),
     ("Sikkerhed til søs, grundlæggende", "Læsø Maritime Kursuscenter", "AMU-kursus", "9940", "2025-09-29", 12),
     ("Ordblindeundervisning for voksne", "Thy-Mors Voksenskole", "Voksen- og efteruddannelse", "7900", "2025-08-25", 10),
     ("FVU-læsning, trin 1", "Thy-Mors Voksenskole", "Voksen- og efteruddannelse", "7700", "2025-08-25", 12),
     ("FVU-matematik, trin 2", "Himmerlands Voksenskole", "Voksen- og efteruddannelse", "9600", "2025-09-01", 12),
     ("AVU dansk, niveau D", "Vendsyssel Voksenskole", "Voksen- og efteruddannelse", "9800", "2025-08-18", 24),
     ("HF-enkeltfag matematik C", "Vendsyssel Voksenskole", "Voksen- og efteruddannelse", "9900", "2025-08-18", 28),
     ("Akademiuddannelse i ledelse, modul 1", "Nordjysk Erhvervsakademi", "Voksen- og efteruddannelse", "9000", "2025-09-04", 30),
     ("Akademiuddannelse i innovation", "Nordjysk Erhvervsakademi", "Voksen- og efteruddannelse", "9800", "2026-01-29", 24),
     ("Diplommodul: Sundhedsfaglig vejledning", "Professionshøjskolen Limfjord", "Voksen- og efteruddannelse", "Hobro", "2025-10-02", 25),
     ("Grønne kompetencer i byggeriet", "Nordjysk AMU-center", "AMU-kursus", "Brønderslev", "2025-11-17", 16),
     ("Energirenovering af boliger", "Mors Erhvervsskole", "AMU-kursus", "7900", "2024-11-04", 12),
     ("Pædagogisk assistent", "Himmerlands Sundhedsskole", "Erhvervsuddannelse", "9670", "2026-01-12", 20),
    ]
    def esc(s): return s.replace("&","&amp;").replace("<","&lt;")
    out = []
    out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append('<!-- SAMPLE DATA: an invented course feed for ambit\'s demo and tests.')
    out.append('     The institutions and courses are made up (North Jutland place names,')
    out.append('     no real course list); dates and seats are invented. -->')
    out.append('<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    out.append('     xmlns:atom="http://www.w3.org/2005/Atom"')
    out.append('     xmlns:kursus="https://ambit.example/ns/kursus/1.0">')
    out.append('  <channel>')
    out.append('    <title>SAMPLE DATA: kurser og uddannelser i Nordjylland</title>')
    out.append('    <link>https://uddannelser.example.dk/</link>')
    out.append('    <description>SAMPLE DATA (invented): erhvervsuddannelser, AMU-kurser og voksen- og efteruddannelse hos nordjyske udbydere.</description>')
    out.append('    <language>da</language>')
    out.append('    <lastBuildDate>Mon, 02 Jun 2025 06:00:00 +0200</lastBuildDate>')
    out.append('    <atom:link rel="self" type="application/rss+xml" href="https://uddannelser.example.dk/kurser.rss"/>')
    for i,(t,p,c,pc,st,seats) in enumerate(items, 1):
        slug = hashlib.sha1((t+p+pc+st).encode()).hexdigest()[:8]
        out.append('    <item>')
        out.append('      <title>%s</title>' % esc(t))
        out.append('      <link>https://uddannelser.example.dk/kursus/%04d-%s</link>' % (i, slug))
        out.append('      <guid isPermaLink="false">sample-%04d</guid>' % i)
        out.append('      <dc:creator>%s</dc:creator>' % esc(p))
        out.append('      <category>%s</category>' % esc(c))
        out.append('      <kursus:postnr>%s</kursus:postnr>' % esc(pc))
        out.append('      <kursus:startdato>%s</kursus:startdato>' % esc(st))
        out.append('      <kursus:pladser>%d</kursus:pladser>' % seats)
        out.append('      <pubDate>Mon, 02 Jun 2025 06:00:00 +0200</pubDate>')
        out.append('    </item>')
    out.append('  </channel>')
    out.append('</rss>')
    open(os.path.join(HERE, 'courses.rss'), 'w', encoding='utf-8').write('\n'.join(out)+'\n')


def write_admissions():
    progs = [
     ("Datamatiker", "Nordjysk Erhvervsakademi", "Kort videregående", "9000", 120, 1.6, 0.04),
     ("Byggetekniker", "Nordjysk Erhvervsakademi", "Kort videregående", "Hjørring", 40, 0.9, 0.03),
     ("Sygeplejerske", "Professionshøjskolen Limfjord", "Mellemlang videregående", "9000", 300, 1.3, -0.02),
     ("Sygeplejerske", "Professionshøjskolen Limfjord", "Mellemlang videregående", "Thisted", 60, 0.8, -0.03),
     ("Pædagog", "Professionshøjskolen Limfjord", "Mellemlang videregående", "9900", 80, 1.1, -0.01),
     ("Maskinmester", "Nordkystens Maritime Skole", "Mellemlang videregående", "9990", 30, 0.9, 0.05),
     ("Cand.scient. i bioteknologi", "Nordjysk Universitet", "Lang videregående", "9220", 40, 1.8, 0.0),
     ("Tømrer", "Vendsyssel Erhvervsskole", "Erhvervsuddannelse", "9800", 50, 0.7, 0.06),
     ("Social- og sundhedsassistent", "Himmerlands Sundhedsskole", "Erhvervsuddannelse", "Aars", 60, 0.85, 0.02),
     ("STX", "Fjordbyens Gymnasium", "Gymnasial uddannelse", "Hobro", 200, 0.95, -0.01),
    ]
    rows = ["SAMPLE DATA: invented admission figures for ambit's demo and tests, not published statistics",
            "uddannelse;udbyder;niveau;sted;aar;pladser;ansoegere;optagne"]
    for (name, prov, lvl, sted, seats, ratio, trend) in progs:
        for k, year in enumerate(range(2019, 2025)):
            s = seats + (k // 3) * (seats // 10 if trend > 0 else 0)
            appl = round(seats * (ratio + trend * k) + (7 * (k + len(name))) % 9)
            adm = min(s, appl - (appl // 12))
            rows.append(";".join([name, prov, lvl, sted, str(year), str(s), str(appl), str(adm)]))
    open(os.path.join(HERE, 'admissions.csv'), 'w', encoding='utf-8').write("\n".join(rows) + "\n")


if __name__ == "__main__":
    write_courses()
    write_admissions()
