"""The words of the other school's cohort (:mod:`other_school`): codebook, guide, speech.

Everything here was written for this test cohort: an invented school (Norrsund University,
Faculty of Medicine) whose programme, codebook and interviews differ from the demo's. Nothing
is taken from the original study or from :mod:`replicate.demo`. Most interviews are in
Swedish; three exchange students were interviewed in English.
"""

from __future__ import annotations

__all__ = ["CODEBOOK", "FILLER", "GUIDE_AREAS", "PILOT_ANSWERS", "QUESTIONS", "SAID"]

#: code, subcategory, category, theme, description (blank: the school left it out).
CODEBOOK: tuple[tuple[str, str, str, str, str], ...] = (
    ("livet utanför studierna", "Att prata fritt", "Någon utanför kursen", "Ett eget rum",
     "Samtalen rörde studentens liv utanför schemat."),
    ("tvivel på yrkesvalet", "Att prata fritt", "Någon utanför kursen", "Ett eget rum",
     "Studenten kunde säga högt att hen tvivlade på läkaryrket."),
    ("släppa det tunga", "Avlastning", "Någon utanför kursen", "Ett eget rum", ""),
    ("mentorn svarade snabbt", "Tillgänglig mentor", "Trygghet", "Ett eget rum",
     "Mentorn gick att nå mellan mötena."),
    ("stöd inför examination", "Stöd", "Trygghet", "Ett eget rum",
     "Råd och lugn inför prov och OSCE."),
    ("oron lade sig", "Det kommer att ordna sig", "Hopp", "Framtidstro",
     "Mentorn gjorde framtiden mindre skrämmande."),
    ("längtan efter yrket", "Se fram emot arbetet", "Hopp", "Framtidstro", ""),
    ("ny energi", "Motivation", "Motivation", "Framtidstro",
     "Studenten gick från mötet med mer lust att plugga."),
    ("läkarens vardag", "Inblick i yrket", "Att bli läkare", "Övergång",
     "Hur en läkares arbetsdag faktiskt ser ut."),
    ("vågade mer", "Självförtroende", "Att bli läkare", "Övergång",
     "Studenten tog mer plats på placeringen."),
    ("bjuden till avdelningen", "Kollegial gemenskap", "Tillhörighet", "Övergång",
     "Studenten bjöds in i läkargruppens sammanhang."),
    ("träffades via video", "Videosamtal", "Digitala möten", "Mentorskap på distans",
     "Mötena hölls över länk i stället för på plats."),
    ("snabba frågor i chatten", "Korta meddelanden", "Digitala möten",
     "Mentorskap på distans", "Korta frågor och svar i en chatt mellan mötena."),
    ("saknade att ses", "Videosamtal", "Digitala möten", "Mentorskap på distans",
     "Studenten saknade att träffas fysiskt."),
)

#: What participants said that became a meaning unit, per code: (Swedish, English) variants.
SAID: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "livet utanför studierna": (
        ("Vi pratade mycket om hur jag hade det hemma och inte bara om kurserna.",
         "Hon frågade alltid hur jag mådde utanför sjukhuset, och det var skönt."),
        ("We talked about my life outside the hospital much more than about the courses.",),
    ),
    "tvivel på yrkesvalet": (
        ("Jag sa rakt ut att jag inte visste om jag ville bli läkare, och han lyssnade bara.",
         "En termin funderade jag på att hoppa av, och det kunde jag ta upp med henne."),
        ("I told her I was not sure medicine was for me, and she did not try to argue.",),
    ),
    "släppa det tunga": (
        ("Efter ett dödsfall på akuten fick jag prata av mig, sedan kunde jag släppa det.",
         "Det var som att lämna av något tungt innan jag gick hem för dagen."),
        ("After a hard night on call I could talk it through and then let it go.",),
    ),
    "mentorn svarade snabbt": (
        ("Om jag skrev till honom fick jag nästan alltid svar samma dag.",
         "Hon sa att jag fick höra av mig när som helst, och det gjorde jag också."),
        ("He always answered within a day when I sent him a message.",),
    ),
    "stöd inför examination": (
        ("Inför OSCE:n gick vi igenom hur jag skulle lägga upp stationerna.",
         "Veckan före tentan ringde hon och frågade hur det gick med läsningen."),
        ("Before the clinical exam she helped me plan how to revise.",),
    ),
    "oron lade sig": (
        ("När hon berättade om sin egen första tid som AT-läkare blev jag mindre orolig.",
         "Han sa att alla känner sig osäkra i början, och då lugnade jag mig."),
        ("Hearing that he had been just as nervous made me worry a lot less.",),
    ),
    "längtan efter yrket": (
        ("Efter våra samtal längtade jag faktiskt efter att börja jobba.",
         "Jag ser fram emot att få ha egna patienter, det har hon gett mig."),
        ("I am actually looking forward to working now, which I was not before.",),
    ),
    "ny energi": (
        ("Jag gick alltid därifrån med mer lust att plugga än när jag kom.",
         "Mötena gav mig energi att orka med den tunga terminen."),
        ("Every meeting gave me new energy for the next few weeks.",),
    ),
    "läkarens vardag": (
        ("Jag fick höra hur en vanlig arbetsdag på vårdcentralen ser ut, med allt pappersarbete.",
         "Hon visade hur mycket av jobbet som handlar om samtal och inte om diagnoser."),
        ("I learnt what an ordinary working day on a medical ward really looks like.",),
    ),
    "vågade mer": (
        ("På placeringen vågade jag ta egna patienter tidigare än jag trodde.",
         "Jag började ställa frågor på ronden i stället för att stå längst bak."),
        ("I dared to speak up on the ward round after our talks.",),
    ),
    "bjuden till avdelningen": (
        ("Han tog med mig på avdelningens morgonmöte och presenterade mig för kollegorna.",
         "Jag blev bjuden på fika med läkargruppen, och det kändes som att höra till."),
        ("She invited me to the department's journal club, and I felt welcome there.",),
    ),
    "träffades via video": (
        ("De flesta gångerna sågs vi över länk eftersom hon jobbade i en annan stad.",
         "Vi hade videosamtal på kvällen, det passade bättre med hennes jourer."),
        ("Most of our meetings were video calls because he worked in another town.",),
    ),
    "snabba frågor i chatten": (
        ("Mellan mötena skickade jag korta frågor i chatten och fick svar direkt.",
         "Ibland räckte det med ett meddelande för att veta hur jag skulle göra."),
        ("Between meetings I sent short questions in the chat and got quick replies.",),
    ),
    "saknade att ses": (
        ("Jag saknade att sitta i samma rum, det blir inte samma sak över skärmen.",
         "Över länk pratade vi mest om praktiska saker, på plats blev det djupare."),
        ("On a screen it was not the same as sitting in the same room.",),
    ),
}

#: What participants said that is nobody's meaning unit.
FILLER: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Det var en ganska stressig termin.", "Jag minns inte exakt när det var.",
     "Vi hade mycket schemalagt just då.", "Ja, det tror jag.", "Hm, det är svårt att säga.",
     "Placeringen på kirurgen var lång.", "Vi läste farmakologi samtidigt.",
     "Det var under hösten, tror jag.", "Jag pendlade en hel del det året.",
     "Gruppen på placeringen var bra.", "Jo, ungefär så.",
     "Det var lite olika från gång till gång.",
     "Vi bokade tiderna själva.", "Jag hade ett extrajobb på helgerna."),
    ("It was quite a busy term.", "I do not remember exactly when.",
     "We had a lot of teaching at the time.", "Yes, I think so.", "It is hard to say.",
     "The surgery placement was long.", "I was new to the country then.",
     "It was in the autumn, I think.", "We booked the times ourselves."),
)

#: Question areas and the questions of guide version 2.0 (Swedish).
GUIDE_AREAS: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("innehall", "Samtalens innehåll", (
        ("F1", "opening", "Kan du berätta hur det kom sig att du fick en mentor?"),
        ("F2", "key", "Vad brukade ni prata om när ni träffades?"),
        ("F3", "key", "Hur gick ett vanligt möte till?"),
    )),
    ("relation", "Relationen till mentorn", (
        ("F4", "key", "Hur skulle du beskriva relationen till din mentor?"),
        ("F5", "key", "Hur höll ni kontakten mellan mötena?"),
    )),
    ("betydelse", "Vad mentorskapet betydde", (
        ("F6", "key", "Vad har mentorskapet betytt för dig under utbildningen?"),
        ("F7", "closing", "Finns det något mer du vill berätta som vi inte har pratat om?"),
    )),
)

#: The interviewer's questions in an interview, by language (the guide's, or in English).
QUESTIONS: tuple[tuple[str, ...], tuple[str, ...]] = (
    tuple(q[2] for _, _, qs in GUIDE_AREAS for q in qs),
    ("Could you tell me how you came to have a mentor?",
     "What did you usually talk about when you met?",
     "What was an ordinary meeting like?",
     "How would you describe your relationship with your mentor?",
     "How did you keep in touch between the meetings?",
     "What has the mentorship meant to you during your studies?",
     "Is there anything else you would like to tell me that we have not talked about?"),
)

#: Pilot participants' answers (pilots are in Swedish).
PILOT_ANSWERS: tuple[str, ...] = (
    "Jag anmälde mig när programmet presenterades på introduktionen.",
    "Mest om placeringarna och hur jag skulle lägga upp studierna.",
    "Vi sågs en timme, oftast på ett kafé nära sjukhuset.",
    "Avslappnad, hon var mer som en äldre kollega än en lärare.",
    "Vi skrev till varandra i en chatt.",
    "Att jag har någon att fråga som inte sätter betyg på mig.",
    "Nej, jag tror att jag har sagt det mesta.",
)
