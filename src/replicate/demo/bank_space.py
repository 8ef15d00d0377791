"""Synthetic text bank for the theme *Space* (categories *A free zone*, *A sense of security*).

Written for the demo: the sentences express the ideas the original study's subcategories name,
in our own words; no sentence or quote of Kalén, Ponzer & Silén (2012) is used.
"""

from __future__ import annotations

from replicate.demo.spec import CodeSpec

__all__ = ["SPACE"]

SPACE: tuple[CodeSpec, ...] = (
    # -- A free zone / Someone to talk to ------------------------------------------------
    CodeSpec(
        "Someone to talk to", "talked about life outside the course",
        "The conversations covered the student's life beyond the curriculum: home, plans, "
        "how things were going in general.",
        (
            ("We hardly ever talked about the exams. It was more about how things were at "
             "home and what I was struggling with that term.",
             "talked about home and struggles rather than exams"),
            ("With {him} I could talk about everything that was going on in my life, not "
             "only the medicine.", "could talk about whole life, not only medicine"),
            ("Half of the time we talked about my family and how I was managing to fit "
             "everything in.", "talked about family and fitting everything in"),
        ),
        (
            "Nobody else asked me about those things during the programme.",
            "It was nice to just talk about life for an hour.",
            "I think that was what I valued most, actually.",
        ),
    ),
    CodeSpec(
        "Someone to talk to", "a listener outside the programme",
        "The mentor was a person to talk to who stood outside teaching and assessment.",
        (
            ("{He} was not part of the course in any way, so I could say what I actually "
             "thought.", "mentor outside the course, could speak freely"),
            ("It helped that {he} had nothing to do with grading us. I could just be honest "
             "with {him}.", "mentor did not grade, could be honest"),
            ("It was someone who listened to me without being one of our teachers.",
             "a listener who was not a teacher"),
        ),
        (
            "With the teachers you always feel a little bit watched.",
            "That made a big difference for how open I was.",
            "I don't think I would have said the same things to a course leader.",
        ),
    ),
    CodeSpec(
        "Someone to talk to", "room for doubts",
        "The student could voice doubts about having chosen medicine or about coping.",
        (
            ("There was a period when I wondered whether I had chosen the right thing at "
             "all, and I could bring that up with {him}.",
             "could raise doubts about choosing medicine"),
            ("I could admit to {him} that I was unsure whether I would cope with the job.",
             "admitted being unsure of coping"),
            ("Some days I asked myself what I was doing in medicine, and we talked about "
             "that quite openly.", "talked openly about doubts"),
        ),
        (
            "{He} did not try to talk me out of it, {he} just let me think aloud.",
            "You don't really say that kind of thing to your classmates.",
            "Saying it out loud made it less scary.",
        ),
    ),
    # -- A free zone / Reflection --------------------------------------------------------
    CodeSpec(
        "Reflection", "thinking through clinical events",
        "Going over something seen or done on placement together with the mentor afterwards.",
        (
            ("After my first night on call I went through the whole night with {him}, step "
             "by step.", "went through first night on call with mentor"),
            ("We often took something that had happened on the ward that week and looked at "
             "it together.", "looked at ward events together"),
            ("I brought a case from {topic} that I kept thinking about, and we went through "
             "what had happened.", "went through a case that stayed with student"),
        ),
        (
            "{He} asked a lot of questions rather than giving answers.",
            "Afterwards I understood the situation much better.",
            "It was a way of digesting what I had seen.",
        ),
    ),
    CodeSpec(
        "Reflection", "reflecting on own reactions",
        "The student looks at own feelings and reactions in clinical situations.",
        (
            ("We talked about why a certain patient had upset me so much, and what that said "
             "about me.", "explored own upset over a patient"),
            ("{He} made me notice how I react when things go wrong, which I had never really "
             "thought about.", "noticed own reactions when things go wrong"),
            ("I started to look at my own feelings on the ward instead of just pushing them "
             "away.", "began attending to own feelings"),
        ),
        (
            "That kind of thinking was new to me.",
            "I still do it now, a little, after a hard day.",
            "It was not always comfortable, but it was useful.",
        ),
    ),
    CodeSpec(
        "Reflection", "questions without right answers",
        "Open questions such as ethics and priorities discussed without a single answer.",
        (
            ("We discussed things like when to stop treating a very old patient, where there "
             "is no textbook answer.", "discussed ethical questions without textbook answer"),
            ("Sometimes we talked about priorities in health care, things that are grey "
             "rather than black and white.", "talked about grey areas in health care"),
            ("I liked that we could discuss hard questions where neither of us had the "
             "answer.", "discussed questions neither could answer"),
        ),
        (
            "In the lectures everything had a right answer, so this was different.",
            "It showed me how much of medicine is judgement.",
            "We did not always agree, and that was fine.",
        ),
    ),
    # -- A free zone / Relieving -----------------------------------------------------------
    CodeSpec(
        "Relieving", "letting go of difficult experiences",
        "Talking an event through made it possible to put it aside.",
        (
            ("Once I had told {him} about it, I could sort of put it down and move on.",
             "could put experience down after telling"),
            ("When something heavy had happened at the hospital, talking it over meant I did "
             "not carry it home.", "did not carry heavy events home"),
            ("It was a relief to get things off my chest, and then they did not bother me as "
             "much.", "relief of getting things off chest"),
        ),
        (
            "Otherwise I would have kept going round in circles.",
            "I slept better after those talks, honestly.",
            "It sort of closed the chapter.",
        ),
    ),
    CodeSpec(
        "Relieving", "being understood",
        "Relief of telling someone who knows the situation from the inside.",
        (
            ("{He} knew exactly what I meant, because {he} had been in the same place once.",
             "mentor understood from own experience"),
            ("It felt good to talk to somebody who really got it, who knows what the wards "
             "are like.", "talked to someone who knows the wards"),
            ("My friends outside medicine try, but {he} understood without me having to "
             "explain everything.", "understood without explaining"),
        ),
        (
            "That was a kind of relief in itself.",
            "You don't have to translate everything.",
            "I did not feel stupid for being affected.",
        ),
    ),
    # -- A free zone / Own and others' demands -------------------------------------------
    CodeSpec(
        "Own and others' demands", "no need to perform",
        "The student did not have to perform or prove anything in front of the mentor.",
        (
            ("I never felt I had to show {him} how clever I was.",
             "no need to show cleverness"),
            ("With {him} I did not have to perform. There was no test at the end of it.",
             "no performance, no test"),
            ("I could come to a meeting without having prepared anything and that was "
             "completely fine.", "could come unprepared"),
        ),
        (
            "On placements you are always trying to make a good impression.",
            "That took a lot of pressure off.",
            "It was the one place where I was not being judged.",
        ),
    ),
    CodeSpec(
        "Own and others' demands", "easing self-imposed pressure",
        "The mentor's responses eased the student's own high standards.",
        (
            ("I put a lot of pressure on myself, and {he} helped me see that I was doing well "
             "enough.", "mentor helped see doing well enough"),
            ("When I said I felt behind, {he} told me that everyone feels like that, and it "
             "calmed me down.", "reassured that everyone feels behind"),
            ("{He} told me I did not have to know everything yet, which I needed to hear.",
             "need not know everything yet"),
        ),
        (
            "I am quite hard on myself, I know that.",
            "It helped me lower my standards a little, in a good way.",
            "Hearing it from a doctor made it count more.",
        ),
    ),
    # -- A sense of security / Support ---------------------------------------------------
    CodeSpec(
        "Support", "advice on practical matters",
        "Concrete advice on electives, literature, planning and applying for jobs.",
        (
            ("{He} gave me good advice about which electives to choose and who to contact.",
             "advice on electives and contacts"),
            ("When I was lost in a subject, {he} pointed me to a book that actually helped.",
             "pointed to helpful literature"),
            ("We talked about how to plan the last years and what to think about when "
             "applying for jobs.", "advice on planning and job applications"),
        ),
        (
            "Very concrete things, which was useful.",
            "I followed most of that advice in the end.",
            "{He} also explained how things work in {spec}.",
        ),
    ),
    CodeSpec(
        "Support", "backing in a difficult period",
        "The mentor supported the student through a hard personal or study period.",
        (
            ("When my father was ill, {he} was the one I talked to, and {he} helped me plan "
             "around it.", "mentor supported student during father's illness"),
            ("I had a really hard term, and {he} helped me get through it.",
             "helped through a hard term"),
            ("When I failed an exam, {he} helped me put it in proportion and make a plan.",
             "helped after failed exam"),
        ),
        (
            "I am not sure how I would have managed otherwise.",
            "It meant a lot that {he} cared.",
            "{He} checked in on me afterwards too.",
        ),
    ),
    CodeSpec(
        "Support", "support not needed but valued",
        "The student managed without support but valued that it was on offer.",
        (
            ("I never really needed help, but it was good to know the support was there.",
             "support unneeded but valued"),
            ("Things went fine for me, so I did not lean on {him} so much, but I liked having "
             "the option.", "liked having the option of support"),
            ("Honestly I managed on my own, but the offer of support mattered anyway.",
             "offer of support mattered"),
        ),
        (
            "Some of my classmates needed it more.",
            "Maybe if things had gone worse I would have used it more.",
            "It is a bit like insurance.",
        ),
    ),
    # -- A sense of security / Available mentor ------------------------------------------
    CodeSpec(
        "Available mentor", "easy to reach",
        "The mentor answered e-mails and calls and was easy to contact.",
        (
            ("{He} always answered my e-mails quickly, usually the same day.",
             "mentor answered e-mails quickly"),
            ("I had {his} phone number and I could text {him} whenever something came up.",
             "could text mentor any time"),
            ("It was never complicated to get hold of {him}, even though {he} was busy.",
             "easy to get hold of despite being busy"),
        ),
        (
            "That surprised me, given how busy doctors are.",
            "I did not use it often, but I could.",
            "{He} made it clear from the start that I could contact {him}.",
        ),
    ),
    CodeSpec(
        "Available mentor", "meetings when needed",
        "An extra meeting could be arranged when something came up.",
        (
            ("When something happened on a placement, we could set up an extra meeting "
             "within a week.", "extra meeting within a week"),
            ("We had a plan for how often to meet, but {he} said we could meet more if I "
             "needed to.", "could meet more if needed"),
            ("Once I asked to meet at short notice and {he} moved things around to make it "
             "work.", "mentor made time at short notice"),
        ),
        (
            "I only did it a couple of times.",
            "It was flexible, which suited me.",
            "That flexibility was important.",
        ),
    ),
    # -- A sense of security / Security ------------------------------------------------
    CodeSpec(
        "Security", "a steady contact over time",
        "A contact that lasted the whole programme gave a feeling of safety.",
        (
            ("Having the same person for two years made me feel safe.",
             "same person for two years felt safe"),
            ("It was reassuring to have a doctor I knew during the whole of the clinical "
             "years.", "reassuring to know a doctor through clinical years"),
            ("Because we kept meeting over the years, I felt secure with {him}.",
             "continuity gave security"),
        ),
        (
            "On the wards you meet new people all the time.",
            "{He} was the stable thing in all that change.",
            "It built up slowly, meeting after meeting.",
        ),
    ),
    CodeSpec(
        "Security", "knowing someone is there",
        "Security from knowing there was a person to turn to, even if it was never used.",
        (
            ("Just knowing that there was someone I could turn to made things feel safer.",
             "safer knowing someone to turn to"),
            ("Even in the terms when we hardly met, I knew {he} was around if I needed "
             "{him}.", "knew mentor was around even when not meeting"),
            ("It gave me a kind of calm to have my own person in the hospital.",
             "calm from having own person in hospital"),
        ),
        (
            "It was like a safety net.",
            "I didn't always need it, but the feeling was there.",
            "That feeling of safety was maybe the most important part.",
        ),
    ),
)
