"""A realistic cohort from another school, written the way that school's files would be.

:func:`build_other_school` writes the cohort of an invented school (Norrsund University,
Faculty of Medicine) that differs from the demo the way schools differ:

- the roster and the mentors are Excel workbooks, the data on a named sheet after an
  instructions sheet (``studenter.xlsx#Roster``, ``mentorer.xlsx#Handledare``), with real date
  cells, ``ja``/``nej`` booleans and gaps: blank ages of students who withdrew, had one
  meeting or gave no consent; names, e-mails, specialties and end dates left out here and there;
- one student's gender is ``other``;
- participants and units are CSV saved by Excel on a Swedish locale (``;``, decimal comma,
  UTF-8 byte-order mark, CRLF); codings are tab-separated; the codebook is plain CSV;
- 17 interviews, 14 in Swedish and 3 in English, study language ``sv``; CRLF transcript files
  (one with a byte-order mark), some without a ``duration_min`` header;
- three coders in the codings table (long form), not every coder on every double-coded unit;
- a codebook whose themes are renamed (``Ett eget rum``, ``Framtidstro``) or new
  (``Mentorskap på distans``) against the original study, mapped in ``synthesis.mapping``;
- a programme of 3 semesters, eligibility from 2 meetings, no interview-date window.

The output depends only on ``seed``: two builds are byte-identical (the workbooks' zip
entries and document properties carry fixed times).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl

from other_school_text import CODEBOOK, FILLER, GUIDE_AREAS, PILOT_ANSWERS, QUESTIONS, SAID

__all__ = ["CODERS", "ENGLISH", "N_INTERVIEWS", "N_STUDENTS", "build_other_school"]

N_STUDENTS = 64
N_MENTORS = 30
N_INTERVIEWS = 17
CODERS = ("AL", "BJ", "MH")
#: Pseudonyms of the participants interviewed in English (exchange students).
ENGLISH = ("IP05", "IP11", "IP16")
_FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)
_SPECIALTIES = ("Allmänmedicin", "Internmedicin", "Kirurgi", "Psykiatri", "Pediatrik",
                "Ortopedi", "Anestesi", "Radiologi")
_FIRST = ("Elin", "Johan", "Sara", "Oskar", "Maja", "Viktor", "Linnea", "Erik", "Hanna",
          "Gustav", "Ida", "Anton", "Frida", "Kalle", "Nora", "Axel")
_LAST = ("Bergkvist", "Lindqvist", "Nyström", "Sjöberg", "Hedlund", "Åkesson", "Forsberg",
         "Wikström", "Lundgren", "Holmér")


def _write_xlsx(path: Path, sheet: str, header: list[str], rows: list[list[object]]) -> None:
    """A workbook whose first sheet holds instructions and ``sheet`` the table."""
    wb = openpyxl.Workbook()
    info = wb.active
    assert info is not None
    info.title = "Instruktioner"
    info["A1"] = "Fyll i en rad per person. Lämna tomt om uppgiften saknas."
    ws = wb.create_sheet(sheet)
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.properties.creator = "Norrsund Programme Office"
    wb.properties.created = wb.properties.modified = _FIXED
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps every zip entry, and docProps/core.xml's dcterms:modified (whatever
    # the properties say), with the current time: rewrite both with a fixed one
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info_ = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info_.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
            dst.writestr(info_, data)
    path.write_bytes(out.getvalue())


def _excel_csv(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str = ";",
               bom: bool = True, crlf: bool = True) -> None:
    """CSV as Excel on a Swedish locale writes it (``;``, BOM, CRLF), or variations."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


def _students(rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(N_STUDENTS):
        course = "Termin 7 HT21" if i < 32 else "Termin 7 VT22"
        gender = "other" if i == 9 else ("female" if rng.random() < 0.56 else "male")
        meetings = rng.choice((0, 1, 2, 2, 3, 3, 4, 4, 5, 6))
        status = "withdrawn" if i in (4, 27, 51) else ("completed" if i < 32 else "active")
        consent = i not in (12, 40)
        age: int | None = rng.randint(22, 41)
        if status == "withdrawn" or meetings < 2 or not consent:
            age = None if i in (4, 27, 12) or (meetings == 1 and i % 3 == 0) else age
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        out.append({
            "student_id": f"K{21 if i < 32 else 22}-{i + 1:03d}",
            "name": f"{first} {last}" if i % 7 else None,
            "email": f"{first.lower()}.{i + 1:03d}@student.norrsund.example" if i % 5 else None,
            "course": course, "gender": gender, "age": age,
            "mentor_id": f"HL{rng.randint(1, N_MENTORS):02d}", "meetings": meetings,
            "consent_to_contact": "ja" if consent else "nej", "status": status,
            "pilot": "ja" if i in (20, 45) else (None if i % 4 else "nej"),
            "programme_end": (dt.datetime(2023 if i < 32 else 2024, 1, 19) if i % 6 else None),
        })
    return out


def _eligible(s: dict[str, object]) -> bool:
    return (s["status"] != "withdrawn" and s["consent_to_contact"] == "ja"
            and s["pilot"] != "ja" and int(str(s["meetings"])) >= 2)


def _transcript(rng: random.Random, who: str, date: str, interviewer: str, *, english: bool,
                header_minutes: float | None) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The transcript's text (LF) and its units ``(start, end, text, code)``."""
    lang = 1 if english else 0
    lines = [f"# participant: {who}", f"# date: {date}", f"# interviewer: {interviewer}",
             f"# language: {'en' if english else 'sv'}"]
    if header_minutes is not None:
        lines.append(f"# duration_min: {header_minutes:g}")
    lines.append("")
    text = "\n".join(lines) + "\n"
    codes = rng.sample([c[0] for c in CODEBOOK], rng.randint(5, 8))
    per_question: list[list[str]] = [[] for _ in QUESTIONS[lang]]
    for k, code in enumerate(codes):
        per_question[(k * 2 + rng.randint(0, 1)) % (len(per_question) - 1) + 1].append(code)
    units: list[tuple[int, int, str, str]] = []
    seconds = 4
    for q, (question, coded) in enumerate(zip(QUESTIONS[lang], per_question, strict=True)):
        stamp = f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"
        text += f"{stamp} {'I' if english else 'Intervjuare'}: {question}\n"
        seconds += rng.randint(10, 30)
        stamp = f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"
        text += f"{stamp} {'P' if english else 'Deltagare'}: "
        pieces = rng.sample(FILLER[lang], 2) if q == 0 else [rng.choice(FILLER[lang])]
        for code in coded:
            pieces.append(code)
            pieces.append(rng.choice(FILLER[lang]))
        first = True
        for piece in pieces:
            if not first:
                text += " "
            first = False
            if piece in SAID:
                said = rng.choice(SAID[piece][lang])
                units.append((len(text), len(text) + len(said), said, piece))
                text += said
            else:
                text += piece
        text += "\n"
        seconds += rng.randint(240, 420)
    return text, units


def _pilot(n: int) -> str:
    lines = [f"# participant: pilot-{n}", "# pilot: true", f"# date: 2023-0{n + 1}-14",
             "# interviewer: MH", "# language: sv", "# guide_version: 2.0", ""]
    questions = [q for _, _, qs in GUIDE_AREAS for q in qs]
    for k, ((_, _, question), answer) in enumerate(zip(questions, PILOT_ANSWERS, strict=True)):
        if n == 2 and k == 4:
            continue  # the second pilot never reached F5
        lines.append(f"Intervjuare: {question}")
        lines.append(f"Deltagare: {answer}")
    return "\n".join(lines) + "\n"


def _guide() -> str:
    out = ['version: "2.0"', "language: sv",
           "title: Intervjuguide om mentorskap under klinisk utbildning",
           "planned_minutes: [30, 45]", "areas:"]
    for area, title, questions in GUIDE_AREAS:
        out += [f"  - id: {area}", f"    title: {title}", "    questions:"]
        for qid, kind, text in questions:
            out += [f"      - id: {qid}", f"        kind: {kind}", f"        text: '{text}'"]
            if kind == "key":
                out.append("        probes: ['Kan du ge ett exempel?']")
    return "\n".join(out) + "\n"


_CONFIG = """\
# Norrsund University, Faculty of Medicine: replication of the mentorship interview study.
study:
  id: norrsund-2023
  title: "Mentorskap under klinisk utbildning vid Norrsunds universitet"
  school: "Norrsund University, Faculty of Medicine"
  language: sv
programme:
  students_offered: 64
  courses: 2
  semesters: 3
  meetings_per_semester: [1, 2]
data:
  students: tables/studenter.xlsx#Roster
  mentors: tables/mentorer.xlsx#Handledare
  participants: tables/deltagare.csv
  codebook: tables/kodbok.csv
  units: tables/meningsenheter.csv
  codings: tables/kodningar.csv
  guide: guide/intervjuguide.yaml
  transcripts: transkript
  pilots: pilot
sampling: {min_meetings: 2, target_n: 16, reserve_n: 6}
guide: {pilot_interviews: 2, planned_minutes: [30, 45]}
reliability: {double_coded_fraction: 0.3}
synthesis:
  attributes: [prior_degree]
  mapping:
    theme: {Ett eget rum: Space, Framtidstro: Belief in the future, Övergång: Transition,
            Mentorskap på distans: null}
writeup:
  researchers:
    - {initials: AL, occupation: "Universitetslektor", roles: [interviewer, coder, author]}
    - {initials: BJ, roles: [coder, analyst]}
    - {initials: MH, occupation: "ST-läkare", roles: [interviewer, coder, author]}
  software: "Kalkylark och replicate"
  recording: "Ljudinspelat och transkriberat ordagrant."
seed: {seed}
"""


def build_other_school(dest: Path, *, seed: int = 7) -> Path:
    """Write the other school's cohort into ``dest`` (created) and return its cohort.yaml.

    Parameters
    ----------
    dest : Path
        An empty or missing folder.
    seed : int, default=7
        Seeds every random choice; the same seed gives byte-identical files.

    Returns
    -------
    Path
        ``dest / "cohort.yaml"``.
    """
    rng = random.Random(seed)
    for sub in ("tables", "guide", "transkript", "pilot"):
        (dest / sub).mkdir(parents=True, exist_ok=True)
    students = _students(rng)
    cols = ["student_id", "name", "email", "course", "gender", "age", "mentor_id", "meetings",
            "consent_to_contact", "status", "pilot", "programme_end"]
    _write_xlsx(dest / "tables" / "studenter.xlsx", "Roster", cols,
                [[s[c] for c in cols] for s in students])
    mentors = [[f"HL{m + 1:02d}", f"Dr {rng.choice(_LAST)}" if m % 4 else None,
                "female" if rng.random() < 0.5 else "male", rng.randint(34, 63),
                rng.choice(_SPECIALTIES) if m % 5 else None] for m in range(N_MENTORS)]
    _write_xlsx(dest / "tables" / "mentorer.xlsx", "Handledare",
                ["mentor_id", "name", "gender", "age", "specialty"], mentors)
    pool = [s for s in students if _eligible(s)]
    chosen = [s for s in students if s["gender"] == "other"]
    chosen += rng.sample([s for s in pool if s not in chosen], N_INTERVIEWS - len(chosen))
    participants: list[list[str]] = []
    units: list[list[str]] = []
    for k, s in enumerate(sorted(chosen, key=lambda s: str(s["student_id"]))):
        who = f"IP{k + 1:02d}"
        day = dt.date(2023, 9, 4) + dt.timedelta(days=3 * k + rng.randint(0, 2))
        interviewer = "AL" if k % 2 else "MH"
        minutes = round(rng.uniform(31, 47) * 2) / 2
        english = who in ENGLISH
        text, found = _transcript(rng, who, day.isoformat(), interviewer, english=english,
                                  header_minutes=minutes if k % 3 else None)
        name = f"{who.lower()}.txt"
        body = text.replace("\n", "\r\n").encode("utf-8")
        (dest / "transkript" / name).write_bytes((b"\xef\xbb\xbf" if k == 2 else b"") + body)
        participants.append([who, str(s["student_id"]), day.isoformat(),
                             f"{minutes:g}".replace(".", ","), "" if k == 6 else interviewer,
                             name, "ja" if rng.random() < 0.3 else "nej"])
        for start, end, said, code in found:
            condensed = "" if len(units) % 4 == 3 else " ".join(said.split()[:5]).rstrip(".,")
            units.append([f"MU{len(units) + 1:03d}", who, name, str(start), str(end), said,
                          condensed, code])
    _excel_csv(dest / "tables" / "deltagare.csv",
               ["pseudonym", "student_id", "interview_date", "duration_min", "interviewer",
                "transcript", "prior_degree"], participants)
    _excel_csv(dest / "tables" / "meningsenheter.csv",
               ["unit_id", "participant", "transcript", "start", "end", "text", "condensed",
                "code"], units)
    _excel_csv(dest / "tables" / "kodbok.csv",
               ["code", "subcategory", "category", "theme", "description"],
               [list(row) for row in CODEBOOK], delimiter=",", bom=False, crlf=False)
    _excel_csv(dest / "tables" / "kodningar.csv", ["unit_id", "coder", "code"],
               _codings(rng, units), delimiter="\t", bom=False, crlf=False)
    (dest / "guide" / "intervjuguide.yaml").write_bytes(_guide().encode("utf-8"))
    for n in (1, 2):
        (dest / "pilot" / f"pilot-{n}.txt").write_bytes(
            _pilot(n).replace("\n", "\r\n").encode("utf-8"))
    cfg = dest / "cohort.yaml"
    cfg.write_bytes(_CONFIG.replace("{seed}", str(seed)).encode("utf-8"))
    return cfg


def _codings(rng: random.Random, units: list[list[str]]) -> list[list[str]]:
    """Three coders on about a third of the units; one coder sits out every fourth one."""
    by_category: dict[str, list[str]] = {}
    category = {c[0]: c[2] for c in CODEBOOK}
    for code, _, cat, _, _ in CODEBOOK:
        by_category.setdefault(cat, []).append(code)
    rows: list[list[str]] = []
    double = sorted(rng.sample(range(len(units)), round(len(units) * 0.3)))
    for n, i in enumerate(double):
        unit, final = units[i][0], units[i][7]
        coders = [c for j, c in enumerate(CODERS) if n % 4 != 3 or j != n % 3]
        for coder in coders:
            code = final
            if rng.random() < 0.15:
                near = [c for c in by_category[category[final]] if c != final]
                code = rng.choice(near or [c[0] for c in CODEBOOK if c[0] != final])
            rows.append([unit, coder, code])
    return rows
