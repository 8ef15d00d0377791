"""Synthetic text bank for the uncoded parts of the demo interviews.

Participants in a real interview say much that no code captures: how meetings were arranged,
what the course was like, hesitations. These sentences (written for the demo) fill the
transcripts to a realistic length around the meaning units. Slots: ``{he}``, ``{him}``,
``{his}``, ``{He}``, ``{His}`` (the mentor), ``{spec}`` (mentor's specialty), ``{topic}`` (a
clinical course), ``{place}``, ``{weekday}``, ``{daypart}``, ``{count}``, ``{relative}``.
"""

from __future__ import annotations

__all__ = [
    "ACKS",
    "ANECDOTE_EVENTS",
    "ANECDOTE_TIMES",
    "CLOSING_THANKS",
    "COMMA_OPENERS",
    "FILLER",
    "INTRO",
    "PROBES",
    "QUESTION_VARIANTS",
    "REFLECTS",
    "SLOTS",
    "STANDALONE_OPENERS",
    "TRANSITIONS",
]

SLOTS: dict[str, tuple[str, ...]] = {
    "place": ("the hospital café", "{his} office", "a café near the station", "the staff canteen",
              "a small meeting room on {his} ward", "a bakery near campus",
              "the library café"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "daypart": ("afternoon", "morning", "evening", "lunchtime"),
    "count": ("six", "seven", "eight", "nine", "ten", "five"),
    "topic": ("surgery", "internal medicine", "paediatrics", "psychiatry", "orthopaedics",
              "geriatrics", "infectious diseases", "neurology", "obstetrics"),
    "relative": ("mother", "father", "aunt", "uncle", "older sister", "grandfather"),
}

FILLER: dict[str, tuple[str, ...]] = {
    "generic": (
        "Hm, let me think about that.",
        "It was a while ago now, so I might not remember every detail.",
        "How should I put it.",
        "I don't know if that makes sense.",
        "That's a good question, actually.",
        "I haven't really thought about it like that before.",
        "Sorry, I lost my thread there.",
        "Anyway, where was I.",
        "It's hard to say exactly.",
        "At least that is how I remember it.",
        "I might be mixing up the terms a bit.",
        "Yes, I think so, more or less.",
        "It's funny, I hadn't thought about that for a long time.",
        "I hope I'm answering the question.",
        "Maybe that sounds a bit strange.",
        "I'm trying to remember the order of things.",
        "But yes.",
        "That's roughly it.",
        "Let me see.",
        "I'm not sure that answers your question.",
        "Where do I start.",
        "It's a bit of a long story.",
        "I'd have to think about that a bit more, really.",
    ),
    "background": (
        "I started medicine a bit later than most, after working for a few years.",
        "I came more or less straight from school, so I was one of the younger ones.",
        "I grew up in a small town up north and moved here for the studies.",
        "I didn't know many people in the city when I started.",
        "I had heard about the programme from some older students.",
        "We got an e-mail about the mentor programme at the start of the clinical courses.",
        "I signed up more or less straight away, it sounded interesting.",
        "To be honest I wasn't sure what a mentor would do, but I thought I would try it.",
        "I was matched with a doctor in {spec}, which I knew very little about.",
        "I think the matching was random, I didn't choose {him}.",
        "My first impression was that {he} was very friendly and relaxed.",
        "Before that I had only met doctors as teachers, or as a patient.",
        "I was quite curious about what it would be like.",
        "My parents were a bit surprised when I chose medicine.",
        "I had worked as a nursing assistant in the summers, so the hospital was not completely "
        "new.",
        "I almost applied for engineering, actually.",
        "The first two years were mostly about getting through the exams.",
        "When the clinical years started I felt I was finally doing what I came for.",
        "I remember reading the e-mail about the mentors on the bus.",
        "A friend of mine had a mentor the year before and recommended it.",
        "I was a bit nervous before the first meeting, I didn't know what to say.",
        "{He} wrote to me first and suggested we meet at {place}.",
    ),
    "doctor_family": (
        "My {relative} is a doctor, so I had some idea of what the job was like.",
        "I grew up hearing hospital stories at home.",
        "With a doctor in the family you pick up a lot without noticing.",
        "I could always ask my {relative} about practical things.",
    ),
    "meetings": (
        "We usually met at {place}, often on a {weekday} {daypart}.",
        "Most of the time we had a coffee at {place} and talked for about an hour.",
        "Some terms we met three times, some only once, it depended on how busy {he} was.",
        "The first meeting was a bit awkward, we didn't quite know what to talk about.",
        "I think we met maybe {count} times in total over the two years.",
        "{He} usually suggested a time by e-mail and I just said yes.",
        "Sometimes we had to move a meeting because {he} was on call.",
        "In the beginning I wrote a list of things to bring up, but after a while we just "
        "talked.",
        "Once we went for lunch instead, which was nice.",
        "It was usually me who had to take the initiative to book a meeting.",
        "Towards the end we met less often, mostly because I was busy with {topic}.",
        "The meetings were quite informal, no agenda or anything.",
        "Sometimes an hour felt too short.",
        "I remember we always ended up staying longer than planned.",
        "One time we met at {place} and it was so noisy we could hardly hear each other.",
        "One {daypart} we ended up talking for almost two hours.",
        "If one of us had to cancel, we just found another {weekday}.",
        "I usually went straight from the placement to meet {him} at {place}.",
        "The {daypart} meetings worked best for both of us.",
        "In the second year we got into a routine, roughly once a term.",
        "I think I cancelled once because of an exam, and {he} was fine with it.",
        "{He} always had a cup of tea, never coffee, I remember that.",
        "Sometimes {his} phone went off in the middle and {he} had to leave.",
        "After a few meetings I didn't need a list any more.",
        "We tried {place} once, but it was too crowded, so we went back to the usual place.",
    ),
    "course": (
        "At that time I was doing {topic}, which was quite intense.",
        "During {topic} we had long days on the ward and not much time for anything else.",
        "That term I had a lot of exams, so I was quite stressed.",
        "I think it was in the third year, or maybe the beginning of the fourth.",
        "The clinical courses were a big change from the first two years.",
        "Suddenly you are on the ward and you have to talk to real patients.",
        "My group on the placement was really good, we helped each other a lot.",
        "The teaching in {topic} was quite good, actually.",
        "In the first years it was all books and lectures.",
        "Some of the placements were better organised than others.",
        "In {topic} we rotated between the wards every two weeks.",
        "The exams in {topic} were mostly practical, which I liked.",
        "I had a really good supervisor in {topic}, but not everyone was that lucky.",
        "There were so many new names and routines to learn.",
        "You spend a lot of time just standing and watching in the beginning.",
        "Some days in {topic} I hardly had time to eat.",
        "The written assignments took more time than I expected.",
        "I remember the first time I examined a patient on my own, in {topic}.",
    ),
    "relationship": (
        "We got on well from the start, I think.",
        "It took a couple of meetings before it felt natural.",
        "{He} was very easy to talk to.",
        "It was a friendly relationship, but still a bit professional.",
        "I wouldn't call {him} a friend exactly, but something close to it.",
        "{He} had a good sense of humour, which helped.",
        "We are still in touch now and then.",
        "{He} sent me a message when I passed my final exams.",
        "It was relaxed, never stiff.",
        "I always felt welcome, even when {he} was busy.",
        "We didn't always agree, but there was respect both ways.",
        "{He} remembered things I had told {him} months before, which surprised me.",
        "At first I was quite formal with {him}, but {he} soon put me at ease.",
        "{He} was honest with me, even when it was not what I wanted to hear.",
        "It felt more like talking to an older colleague than to a teacher.",
        "I think {he} enjoyed the meetings as much as I did.",
        "We had a similar way of thinking about things.",
        "There was never any pressure in it.",
    ),
    "mentor_female": (
        "I think I talked to {him} a bit differently than I would have with a man, more "
        "about feelings.",
        "Maybe it was easier to show that I was upset with a woman, I'm not sure.",
        "I noticed that I opened up quicker with {him} than with male teachers.",
    ),
    "mentor_male": (
        "I don't think it mattered much that {he} was a man, it was more the person.",
        "For me it was about personality rather than gender.",
        "I had expected it to matter more that {he} was a man, but it didn't really.",
    ),
    "mentor_young": (
        "{He} was quite young, so {he} still remembered what it is like to be a student.",
        "Because {he} wasn't that much older than me, we had a lot of the same values.",
        "{He} had done the same exams not so long ago, which helped.",
    ),
    "mentor_old": (
        "{He} was older and very calm, which I liked.",
        "{He} had seen so much that nothing seemed to worry {him}.",
        "With an older mentor it felt more relaxed, somehow, less competition.",
    ),
    "meaning": (
        "It's hard to put into words what it meant, exactly.",
        "It is not something you can measure, but it was important.",
        "I think the effect came slowly, not in any single meeting.",
        "Maybe I would have got there anyway, I don't know.",
        "I can't point to one thing, it was more the whole.",
        "If you had asked me during the programme I might have said something else.",
        "Looking back, I think it meant more than I understood at the time.",
        "It's a bit difficult to separate from everything else that happened.",
        "Some of it I only understood afterwards.",
        "I think it changed me a little, but slowly.",
        "I would probably say something different tomorrow, it's hard to pin down.",
        "It was one piece of the puzzle, not the whole thing.",
        "For me it was mostly about the conversations themselves.",
        "It's the kind of thing you notice more when it's gone.",
    ),
    "views": (
        "I think every medical student should be offered a mentor.",
        "It depends a lot on the match, some of my friends hardly met theirs.",
        "The school should make it clear what the mentor is for.",
        "Maybe the mentors need some preparation, some were better than others, from what "
        "I heard.",
        "I would keep it voluntary, it doesn't work if you are forced.",
        "Some kind of check-in from the school halfway through would be good.",
        "It would be good to meet at least once every term.",
        "I know some students who didn't bother, and that's fine too.",
        "I would recommend it to anyone starting the clinical courses.",
        "It does cost time for the doctors, I understand that.",
        "Group mentoring is something else, this was more personal.",
        "It's important that the mentor is not the one who grades you.",
        "The matching could maybe take interests into account.",
        "Two years felt about right for the length.",
        "Perhaps the school could suggest some topics at the start.",
        "Not everybody needs it, but everybody should have the chance.",
        "It should start early in the clinical years, when everything is new.",
        "The mentors should be doctors who actually want to do it.",
    ),
    "life": (
        "My partner was studying at the same time, so our evenings were mostly books.",
        "I also had a part-time job at a care home during those years.",
        "I was training quite a lot then, running mostly.",
        "That year I moved flats twice, which didn't help.",
        "Most of my friends were in other programmes, so they had very different schedules.",
        "My family lives quite far away, so I only saw them in the holidays.",
        "I was also involved in the student union for a while.",
        "My younger brother started university at the same time.",
        "I remember being tired most of that autumn.",
        "There was a lot going on in my private life then as well.",
        "I tried to keep the weekends free, but it didn't always work.",
        "I was playing in a band back then, which was my way of switching off.",
    ),
    "closing": (
        "No, I think I have said most of it.",
        "Only that I am grateful I had the chance.",
        "Maybe just that I hope the programme continues.",
        "Nothing more, I think. It was nice to talk about it.",
    ),
}
"""Uncoded participant sentences by topic."""

ANECDOTE_TIMES: tuple[str, ...] = (
    "One time during {topic}", "In the spring term", "In my first week on the ward",
    "Once, late on a {weekday}", "Near the end of the programme", "In the autumn",
    "During my placement in {topic}", "Right before the exams", "On one of my first shifts",
    "In the fourth year", "Just after the summer", "One {weekday} {daypart}",
    "The very first day in {topic}", "Some time in the second term", "Towards Christmas",
    "On a night shift in {topic}", "Just before my exam in {topic}",
)
ANECDOTE_EVENTS: tuple[str, ...] = (
    "we had a patient who needed a lot of care",
    "I was asked to present a case at the morning meeting",
    "the ward was completely full and everyone was stressed",
    "I had to take a history from a patient who spoke very little English",
    "a nurse showed me how they do the medication round",
    "I spent most of the day looking for a free computer",
    "our supervisor was off sick and nobody knew what we should do",
    "I saw my first delivery",
    "we had an exam on the Monday, so the weekend disappeared",
    "I followed the on-call team for a whole night",
    "my group had to give a presentation on antibiotics",
    "I got lost in the hospital basement twice",
    "a patient's family brought cake for the whole ward",
    "the computers went down and everything was on paper for a day",
    "I was allowed to do my first suture",
    "two of us were sent to the wrong clinic",
    "a senior doctor took the time to explain an X-ray to me",
    "I had to stay late to finish my notes",
    "we had a teaching session that went on for three hours",
    "the ward round started an hour early and I missed half of it",
)

STANDALONE_OPENERS: tuple[str, ...] = (
    "Yeah.", "Mm.", "Yes.", "Well.", "Hm.", "Right.", "Okay.", "Mm, yes.",
)
COMMA_OPENERS: tuple[str, ...] = (
    "Well,", "So", "I mean,", "And", "Actually,", "Um,", "I think", "You know,", "But",
)

INTRO: tuple[str, ...] = (
    "Thank you for taking the time to meet. As I wrote in the e-mail, the recording is only "
    "for the transcription, and you can stop at any time.",
    "Thanks for coming. Just so you know, I will record this for the transcript, and you can "
    "skip any question you like.",
)

QUESTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "Q1": ("Could you tell me how you came to have a mentor during your clinical years?",
           "To start with, could you tell me how it came about that you had a mentor?"),
    "Q2": ("What did you usually talk about with your mentor?",
           "What kind of things did you and your mentor talk about when you met?"),
    "Q3": ("How did you prepare for the meetings and what did you take away from them?",
           "How did you prepare before a meeting, and what did you take with you afterwards?"),
    "Q4": ("How would you describe your relationship with your mentor?",
           "If you were to describe the relationship you had with your mentor, how would you "
           "put it?"),
    "Q5": ("Was it easy to reach your mentor when you needed to?",
           "Was it easy to get hold of your mentor when you needed {him}?"),
    "Q6": ("Thinking of your mentor as a person, what mattered most for how you got on?",
           "What about your mentor as a person, what mattered for how the two of you got on?"),
    "Q7": ("Don't you think the mentorship made you a better doctor?",
           "Don't you think having a mentor has made you a better doctor?"),
    "Q8": ("How has the mentorship influenced your professional identity formation?",
           "In what way has the mentorship influenced your professional identity formation?"),
    "Q9": ("How do you picture your future working life now?",
           "When you look ahead, how do you picture your future working life now?"),
    "Q10": ("What do you think about mentoring for medical students in general?",
            "More generally, what do you think about mentoring for medical students?"),
    "Q11": ("What advice would you give a medical school that wants to start a mentoring "
            "programme?",
            "If a medical school wanted to start a mentoring programme, what advice would you "
            "give them?"),
    "Q12": ("Finally, what else would you like to add about your mentorship, anything we have "
            "not talked about?",
            "We are nearly done. What else would you like to add, anything we have not talked "
            "about?"),
}
"""How the interviewer asks each guide question in the main interviews."""

PROBES: tuple[str, ...] = (
    "Can you tell me more about that?",
    "Could you give me an example?",
    "What happened then?",
    "How did that feel?",
    "How was that for you?",
    "Can you say a bit more about that?",
    "In what way?",
    "What did that lead to?",
    "What do you mean by that?",
    "How do you think about that now?",
)
ACKS: tuple[str, ...] = ("Mm.", "Mm-hm.", "Okay.", "I see.", "Right.", "Yes.", "Mm, okay.")
REFLECTS: tuple[str, ...] = (
    "So if I understand you correctly, that was important to you.",
    "That sounds like it mattered a lot.",
    "I'd like to come back to something you said.",
    "Let's stay with that for a moment.",
    "You mentioned that earlier as well.",
    "That's interesting.",
    "So it changed over time, if I follow you.",
    "I see, so it depended on the situation.",
)
"""Interviewer reflections that may precede a probe."""
TRANSITIONS: dict[str, str] = {
    "Q4": "Now I'd like to talk a little about the relationship itself.",
    "Q7": "Let's turn to what the mentorship has meant to you.",
    "Q10": "To finish, a few questions about mentoring more generally.",
}
"""Interviewer lead-ins at the start of a question area."""
CLOSING_THANKS: tuple[str, ...] = (
    "Thank you very much, that was really helpful.",
    "Thank you, that's all my questions. I really appreciate it.",
)
