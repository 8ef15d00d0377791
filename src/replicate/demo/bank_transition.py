"""Synthetic text bank for the theme *Transition* (categories *Becoming a doctor*, *Belonging
to the community*).

Written for the demo in our own words; no sentence or quote of the original study is used.
"""

from __future__ import annotations

from replicate.demo.spec import CodeSpec

__all__ = ["TRANSITION"]

TRANSITION: tuple[CodeSpec, ...] = (
    # -- Becoming a doctor / Insight into the profession ----------------------------------
    CodeSpec(
        "Insight into the profession", "handling hard conversations",
        "How doctors break bad news and deal with patients and relatives in hard situations.",
        (
            ("We talked about how to give bad news to a patient, and {he} told me how {he} "
             "does it.", "how mentor gives bad news"),
            ("I asked {him} how to deal with angry relatives, and {he} gave me real "
             "examples.", "dealing with angry relatives"),
            ("{He} explained how {he} prepares before a difficult conversation with a "
             "family.", "preparing for difficult family conversations"),
        ),
        (
            "That is something you hardly practise in the course.",
            "I used some of it on my next placement.",
            "It felt important to talk about early on.",
        ),
    ),
    CodeSpec(
        "Insight into the profession", "the doctor's everyday work",
        "What an ordinary working day of a doctor involves beyond the medicine.",
        (
            ("I learnt a lot about what a normal working day for a doctor is actually like.",
             "learnt what a normal working day is like"),
            ("{He} told me about the parts of the job nobody mentions, the paperwork, the "
             "meetings, the politics.", "hidden parts of the job"),
            ("I understood better what being a doctor in {spec} involves beyond the "
             "medicine.", "what work in the specialty involves"),
        ),
        (
            "You don't see that from the student side.",
            "Some of it was less glamorous than I thought.",
            "It made the job more real to me.",
        ),
    ),
    CodeSpec(
        "Insight into the profession", "mentor as role model",
        "The student watches the mentor and decides what kind of doctor to be.",
        (
            ("I watched how {he} was with patients and thought, that is how I want to be.",
             "wants to be like mentor with patients"),
            ("{He} became a kind of model for me, in how calm {he} stayed.",
             "mentor a model of calm"),
            ("There were things {he} did that I want to copy, and a few I would do "
             "differently.", "things to copy and things to do differently"),
        ),
        (
            "I noticed my own habits more after that.",
            "It made me think about what kind of doctor I am becoming.",
            "Everyone needs someone to look at, I think.",
        ),
    ),
    # -- Becoming a doctor / Becoming more self-confident --------------------------------
    CodeSpec(
        "Becoming more self-confident", "encouragement builds confidence",
        "The mentor's encouragement and coaching made the student more self-assured.",
        (
            ("{He} kept encouraging me, and slowly I started to believe in myself.",
             "encouragement led to self-belief"),
            ("I feel much more sure of myself now than before the programme, and the talks "
             "with {him} were part of that.", "more self-assured after programme"),
            ("{He} coached me before my first case presentation, and it went well, which "
             "gave me confidence.", "coaching before presentation built confidence"),
        ),
        (
            "I used to be quite shy on the ward.",
            "Now I speak up more.",
            "It grew over time.",
        ),
    ),
    CodeSpec(
        "Becoming more self-confident", "trusting own judgement",
        "The student dares to form and act on own opinions.",
        (
            ("I dared to trust my own judgement a bit more, because {he} took my thoughts "
             "seriously.", "trusts own judgement more"),
            ("{He} asked what I thought before giving {his} view, so I got used to forming "
             "my own opinion.", "got used to forming own opinion"),
            ("I stopped checking everything twice with the residents and started making "
             "small decisions myself.", "began making small decisions"),
        ),
        (
            "That is a big step as a student.",
            "I grew as a person, not just as a student.",
            "It felt like growing up a little.",
        ),
    ),
    # -- Becoming a doctor / Getting perspective -----------------------------------------
    CodeSpec(
        "Getting perspective", "seeing things from another angle",
        "The mentor helped the student see a problem in a new way.",
        (
            ("{He} often turned my problem around and showed me another way of looking at "
             "it.", "mentor showed another way of looking"),
            ("Something that felt huge to me looked quite small once we had talked about it.",
             "problem shrank after talking"),
            ("I got a different angle on the conflicts in my group by hearing how {he} saw "
             "them.", "different angle on group conflicts"),
        ),
        (
            "That was often all I needed.",
            "It is easy to get stuck in your own head.",
            "Just another pair of eyes, really.",
        ),
    ),
    CodeSpec(
        "Getting perspective", "a broader view of medicine",
        "The student gained a wider view of medicine and of the studies as a whole.",
        (
            ("Talking with {him} gave me a wider view of medicine than just my own course.",
             "wider view of medicine than own course"),
            ("I saw how the different parts of the hospital fit together.",
             "saw how hospital parts fit together"),
            ("{He} helped me see my studies as part of a longer road, not just the next "
             "exam.", "studies as part of a longer road"),
        ),
        (
            "In the course you only see a small piece.",
            "It put things in context.",
            "I think that made me calmer about the details.",
        ),
    ),
    # -- Belonging to the community / Being invited -------------------------------------
    CodeSpec(
        "Being invited", "invited to the mentor's workplace",
        "The mentor invited the student to follow clinical work.",
        (
            ("{He} invited me to spend a day with {him} at the clinic, which was really "
             "exciting.", "invited to spend a day at the clinic"),
            ("I got to follow {him} on {his} rounds a few times and see how {he} works.",
             "followed mentor on rounds"),
            ("Once {he} let me come along to an operation in {spec}, just to watch.",
             "came along to watch an operation"),
        ),
        (
            "It was not part of the course at all.",
            "I felt very welcome there.",
            "The staff treated me as if I belonged.",
        ),
    ),
    CodeSpec(
        "Being invited", "offered contacts and projects",
        "The mentor opened doors: research projects, references, useful colleagues.",
        (
            ("{He} put me in touch with a research group, and I am still working with them.",
             "connected to a research group"),
            ("When I needed a reference for a summer job, {he} wrote one straight away.",
             "mentor wrote a reference"),
            ("{He} introduced me to colleagues who could help me with my thesis.",
             "introduced to helpful colleagues"),
        ),
        (
            "Those contacts have been really valuable.",
            "I would not have had them otherwise.",
            "It opened doors, as they say.",
        ),
    ),
    # -- Belonging to the community / Collegial interaction ------------------------------
    CodeSpec(
        "Collegial interaction", "treated as a colleague",
        "The student was met as a colleague rather than as a student.",
        (
            ("When I was at {his} clinic, {he} introduced me as a colleague, not as a "
             "student.", "introduced as a colleague"),
            ("I felt like we were working together, almost as equals.",
             "working together almost as equals"),
            ("{He} talked to me as a future colleague, which made me feel part of it.",
             "spoken to as a future colleague"),
        ),
        (
            "That was a new feeling.",
            "Usually you stand at the back as a student.",
            "It made me stand a bit taller.",
        ),
    ),
    CodeSpec(
        "Collegial interaction", "learning the unwritten rules",
        "The social codes among doctors and other staff.",
        (
            ("I learnt a lot about how doctors talk to each other and to the nurses, the "
             "unwritten rules.", "learnt unwritten rules between staff"),
            ("{He} explained how things work between the different professions on the "
             "ward.", "how the professions work together on the ward"),
            ("I got to see the social side of the job, how people behave at the coffee "
             "break and in meetings.", "saw the social side of the job"),
        ),
        (
            "Nobody teaches you that.",
            "It helped me on my placements afterwards.",
            "Small things, but they matter.",
        ),
    ),
    # -- Belonging to the community / Fellowship ----------------------------------------
    CodeSpec(
        "Fellowship", "shared experiences",
        "Mentor and student share interests and experiences.",
        (
            ("{He} had felt the same things when {he} was a student, so I knew it was "
             "normal.", "mentor had felt the same as a student"),
            ("We found we had a lot in common, the same interests, even the same worries.",
             "common interests and worries"),
            ("It was nice to swap stories with someone who had been through it.",
             "swapped stories with someone who had been through it"),
        ),
        (
            "That made the relationship easy.",
            "We laughed about a lot of it.",
            "It felt like a bond.",
        ),
    ),
    CodeSpec(
        "Fellowship", "not being alone",
        "A feeling of company: others have been through the same.",
        (
            ("It made me feel less alone with the things I was going through.",
             "felt less alone"),
            ("Knowing that others had had the same experience made it easier.",
             "others had the same experience"),
            ("I felt I was part of something, and not on my own in it.",
             "part of something, not on own"),
        ),
        (
            "The clinical years can be lonely.",
            "That sense of company was important.",
            "I think a lot of students feel alone.",
        ),
    ),
    # -- Belonging to the community / Having no doctor in family or among friends -------
    CodeSpec(
        "Having no doctor in family or among friends", "no doctors in own circle",
        "Nobody in the student's family or circle of friends is a doctor.",
        (
            ("Nobody in my family works in health care, so I had no idea what it is really "
             "like to be a doctor.", "no family in health care, no idea of the job"),
            ("None of my friends from home are doctors, so there was nobody to ask.",
             "no doctor friends to ask"),
            ("I am the first in my family to go to university, let alone study medicine.",
             "first in family at university"),
        ),
        (
            "Some of my classmates have parents who are doctors and they know all of this "
            "already.",
            "So I started from zero in a way.",
            "That is why the programme meant so much to me.",
        ),
    ),
    CodeSpec(
        "Having no doctor in family or among friends", "mentor as a way in",
        "Without doctors around them, the student felt a greater need for a mentor.",
        (
            ("For someone like me without contacts, having a mentor was a way into that "
             "world.", "mentor a way in for student without contacts"),
            ("I think I needed a mentor more than the students who grew up with doctors at "
             "the dinner table.", "needed mentor more than those with doctor parents"),
            ("{He} was my first real contact with a doctor's life, apart from seeing one as a "
             "patient.", "first real contact with a doctor's life"),
        ),
        (
            "It evened things out a bit.",
            "It would have been much harder without {him}.",
            "I think the school should think about that.",
        ),
    ),
)
