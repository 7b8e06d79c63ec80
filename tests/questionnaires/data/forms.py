"""Real-world style XLSForms as openpyxl workbooks (bytes), plus a helper for broken variants.

- ``municipal_form``: a municipality's own survey in Swedish and English: page groups, int and
  string codes, integer with bounds, multiline text, geopoint as the area stratum, relevant with
  ``=``, ``selected()``, ``count-selected()`` and ``string-length()``.
- ``multilingual_form``: a housing-company survey in Swedish, Arabic and Tigrinya (headers in the
  languages' own names), a table-list grid, questions outside groups, an exclusive choice.
- ``kobo_form``: exported from Kobo: plain ``label`` with ``default_language``, Kobo's ``$kuid``
  column, ``appearance: likert`` and ``constraint_message`` (ignored with a warning).
"""

from __future__ import annotations

import io

import openpyxl

SURVEY = "survey"


def workbook(survey: list[list], choices: list[list] | None = None,
             settings: list[list] | None = None, **extra: list[list]) -> bytes:
    """An .xlsx with the given sheets; each sheet is a header row followed by rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for name, rows in (("choices", choices), ("settings", settings), *extra.items()):
        if rows is None:
            continue
        target = book.create_sheet(name)
        for row in rows:
            target.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MUNICIPAL_SURVEY = [
    ["type", "name", "label::Svenska (sv)", "label::English (en)", "hint::Svenska (sv)",
     "hint::English (en)", "required", "relevant", "constraint", "appearance",
     "bind::surveyapp:stratum"],
    ["begin group", "bakgrund", "Om dig", "About you", "", "", "", "", "", "field-list", ""],
    ["select_one kon", "kon", "Kön", "Sex", "", "", "yes", "", "", "", "sex"],
    ["geopoint", "omrade", "Var bor du?", "Where do you live?", "Välj ditt område",
     "Choose your area", "yes", "", "", "", "area"],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "trygghet", "Trygghet", "Safety", "", "", "", "", "", "field-list", ""],
    ["select_one trygg", "trygg_kvall", "Hur trygg känner du dig ute ensam sent en kväll?",
     "How safe do you feel alone outside late in the evening?", "", "", "yes", "", "", "", ""],
    ["select_multiple orsaker", "orsaker", "Varför känner du dig otrygg?",
     "Why do you feel unsafe?", "", "", "", "${trygg_kvall} = '3' or ${trygg_kvall} = '4'",
     "", "", ""],
    ["text", "orsak_annat", "Beskriv", "Describe", "", "", "",
     "selected(${orsaker}, 'annat')", "string-length(.) <= 300", "", ""],
    ["integer", "antal_orsaker_bra", "Hur många gånger i år?", "How many times this year?", "",
     "", "", "count-selected(${orsaker}) > 1", ". >= 0 and . <= 365", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "forslag", "Förslag", "Suggestions", "", "", "", "", "", "field-list", ""],
    ["text", "forbattra", "Vad skulle göra området tryggare?", "What would make it safer?",
     "", "", "", "", "", "multiline", ""],
    ["select_one janej", "kontakt", "Får vi återkomma?", "May we get back to you?", "", "", "",
     "string-length(${forbattra}) > 0", "", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
]
MUNICIPAL_CHOICES = [
    ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
    ["kon", "f", "Kvinna", "Woman"], ["kon", "m", "Man", "Man"], ["kon", "x", "Annat", "Other"],
    ["trygg", "1", "Mycket trygg", "Very safe"], ["trygg", "2", "Ganska trygg", "Fairly safe"],
    ["trygg", "3", "Ganska otrygg", "Fairly unsafe"], ["trygg", "4", "Mycket otrygg", "Very unsafe"],
    ["orsaker", "morker", "Mörker", "Darkness"], ["orsaker", "grupper", "Grupper", "Groups"],
    ["orsaker", "annat", "Annat", "Other"],
    ["janej", "1", "Ja", "Yes"], ["janej", "2", "Nej", "No"],
]
MUNICIPAL_SETTINGS = [["form_title", "form_id", "version", "default_language"],
                      ["Trygghet i Exempelby", "exempelby", "2025.2", "Svenska (sv)"]]


def municipal_form() -> bytes:
    """A municipality's own Swedish/English survey."""
    return workbook(MUNICIPAL_SURVEY, MUNICIPAL_CHOICES, MUNICIPAL_SETTINGS)


AR, TI = "label::العربية (ar)", "label::ትግርኛ (ti)"
MULTILINGUAL_SURVEY = [
    ["type", "name", "label::Svenska (sv)", AR, TI, "hint::Svenska (sv)", "hint::العربية (ar)",
     "hint::ትግርኛ (ti)", "required", "relevant", "appearance", "bind::surveyapp:stratum"],
    ["geopoint", "omrade", "Var bor du?", "أين تسكن؟", "ኣበይ ትነብር?", "", "", "", "yes", "", "",
     "area"],
    ["select_one trygg", "trygg_trapphus", "Hur trygg känner du dig i trapphuset?",
     "ما مدى شعورك بالأمان في درج العمارة؟", "ኣብ መደያይቦ ገዛ ክንደይ ውሕስነት ይስምዓካ?",
     "", "", "", "yes", "", "", ""],
    ["begin group", "problem", "Hur stora problem är följande?", "ما حجم المشاكل التالية؟",
     "እዞም ዝስዕቡ ጸገማት ክንደይ ዓበይቲ እዮም?", "Svara för ditt kvarter", "أجب عن حيّك",
     "ብዛዕባ ከባቢኻ መልስ", "", "${trygg_trapphus} != ''", "table-list", ""],
    ["select_one problem_scale", "problem_belysning", "Dålig belysning", "إضاءة سيئة",
     "ሕማቕ ብርሃን", "", "", "", "yes", "", "", ""],
    ["select_one problem_scale", "problem_klotter", "Klotter", "كتابة على الجدران", "ጽሑፍ ኣብ መናድቕ",
     "", "", "", "yes", "", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "handelser", "Händelser", "أحداث", "ፍጻመታት", "", "", "", "", "", "field-list",
     ""],
    ["select_multiple handelse", "handelse", "Har något av detta hänt dig?",
     "هل حدث لك أي من هذا؟", "ካብዚ ዝኾነ ኣጋጢሙካ ድዩ?", "", "", "", "", "", "", ""],
    ["select_one janej", "anmalt", "Anmälde du det?", "هل أبلغت عنه؟", "ኣመልኪትካዮ ዶ?", "", "",
     "", "", "not(selected(${handelse}, 'inget'))", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", "", ""],
]
MULTILINGUAL_CHOICES = [
    ["list_name", "name", "label::Svenska (sv)", AR, TI, "exclusive"],
    ["trygg", "1", "Trygg", "آمن", "ውሑስ", ""], ["trygg", "2", "Otrygg", "غير آمن", "ዘይውሑስ", ""],
    ["problem_scale", "1", "Stort problem", "مشكلة كبيرة", "ዓቢ ጸገም", ""],
    ["problem_scale", "2", "Litet problem", "مشكلة صغيرة", "ንእሽቶ ጸገም", ""],
    ["problem_scale", "3", "Inget problem", "لا مشكلة", "ጸገም የለን", ""],
    ["handelse", "hot", "Hot", "تهديد", "ምፍርራሕ", ""],
    ["handelse", "stold", "Stöld", "سرقة", "ስርቂ", ""],
    ["handelse", "inget", "Inget av detta", "لا شيء من هذا", "ካብዚ ሓንቲ እኳ", "yes"],
    ["janej", "1", "Ja", "نعم", "እወ", ""], ["janej", "2", "Nej", "لا", "ኣይፋል", ""],
]
MULTILINGUAL_SETTINGS = [["form_title", "form_id", "version", "default_language"],
                         ["Trygghet i bostadsområdet", "bostad", "1", "Svenska (sv)"]]
MULTILINGUAL_EXTRA = [["name", "label::Svenska (sv)", AR, TI],
                      ["title", "Trygghet i bostadsområdet", "الأمان في الحي السكني",
                       "ድሕንነት ኣብ መንበሪ ከባቢ"],
                      ["intro", "Tack för att du svarar!", "شكرًا لإجابتك!", "ስለ እትምልሱ የቐንየልና!"]]


def multilingual_form() -> bytes:
    """A Swedish/Arabic/Tigrinya survey with a grid and questions outside groups."""
    return workbook(MULTILINGUAL_SURVEY, MULTILINGUAL_CHOICES, MULTILINGUAL_SETTINGS,
                    surveyapp=MULTILINGUAL_EXTRA)


KOBO_SURVEY = [
    ["type", "name", "label", "required", "appearance", "constraint_message", "$kuid"],
    ["select_one agree", "agree_safe", "I feel safe in my neighbourhood", "true", "likert", "",
     "a1b2"],
    ["integer", "years", "How many years have you lived here?", "false", "", "Max 99", "c3d4"],
    ["text", "comment", "Anything else?", "", "", "", "e5f6"],
]
KOBO_CHOICES = [["list_name", "name", "label"], ["agree", "agree", "Agree"],
                ["agree", "neutral", "Neither"], ["agree", "disagree", "Disagree"]]
KOBO_SETTINGS = [["form_title", "form_id", "version", "default_language"],
                 ["Neighbourhood check", "kobo_check", "vA7x", "English (en)"]]


def kobo_form() -> bytes:
    """A Kobo export with plain label columns."""
    return workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)


def with_rows(rows: list[list], header: list[str] | None = None,
              choices: list[list] | None = None) -> bytes:
    """A minimal one-language form around ``rows`` (each ``[type, name, label, *rest]``)."""
    header = header or ["type", "name", "label::Svenska (sv)"]
    return workbook([header, *rows], choices or [
        ["list_name", "name", "label::Svenska (sv)"], ["jn", "1", "Ja"], ["jn", "2", "Nej"]],
        [["form_title", "form_id", "version", "default_language"],
         ["Test", "test", "1", "Svenska (sv)"]])
