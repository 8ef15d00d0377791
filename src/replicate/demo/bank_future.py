"""Synthetic text bank for the theme *Belief in the future* (categories *Hope*, *Motivation*).

Written for the demo in our own words; no sentence or quote of the original study is used.
"""

from __future__ import annotations

from replicate.demo.spec import CodeSpec

__all__ = ["FUTURE"]

FUTURE: tuple[CodeSpec, ...] = (
    # -- Hope / It will work ---------------------------------------------------------------
    CodeSpec(
        "It will work", "career and family can combine",
        "The mentor's life shows that a medical career and a family can go together.",
        (
            ("{He} has three children and works full time, so I could see that it is "
             "possible to have both.", "mentor shows family and full-time work possible"),
            ("I had been worried that medicine would not leave room for a family, and {he} "
             "showed me that it can.", "worry about no room for family eased"),
            ("We talked a lot about how {he} fits research, clinic and family together, and "
             "it seemed doable.", "research, clinic and family seem doable"),
        ),
        (
            "That was a big worry for me before.",
            "It made me less anxious about the years ahead.",
            "Not easy, but possible.",
        ),
    ),
    CodeSpec(
        "It will work", "the mentor's path as an example",
        "How the mentor got where they are makes the student's own way seem possible.",
        (
            ("{He} told me how {he} had changed direction twice before ending up in {spec}, "
             "which made me relax about my own choices.",
             "mentor's changes of direction relaxed student"),
            ("Hearing how {he} had struggled as a student and still made it gave me hope.",
             "mentor's struggles gave hope"),
            ("{His} story showed me that there is not just one right way through.",
             "more than one way through"),
        ),
        (
            "I think about that when I have to make choices now.",
            "It is encouraging to see someone who has done it.",
            "That gave me a lot of hope, really.",
        ),
    ),
    CodeSpec(
        "It will work", "suited to the profession",
        "The mentor confirmed that the student would suit the work of a doctor.",
        (
            ("{He} said I would make a good doctor, and I think I needed someone to say "
             "that.", "mentor said student would make a good doctor"),
            ("When {he} said I seemed suited to the job, it stayed with me.",
             "told suited to the job"),
            ("{He} made me believe that there is a place for someone like me in medicine.",
             "a place for student in medicine"),
        ),
        (
            "I had not been so sure about that.",
            "It came from someone who actually knows the job.",
            "I still remember that conversation.",
        ),
    ),
    # -- Hope / Looking forward to work as a doctor -------------------------------------
    CodeSpec(
        "Looking forward to work as a doctor", "the job looks enjoyable",
        "The student expects the work of a doctor to be enjoyable.",
        (
            ("Seeing how much {he} enjoys the work made me look forward to starting.",
             "mentor's enjoyment made student look forward"),
            ("{He} talked about the job with so much joy that I started to really look "
             "forward to it.", "mentor's joy in the job"),
            ("After our talks I thought, this is going to be fun, actually.",
             "work will be fun"),
        ),
        (
            "During the exams you sometimes forget why you are doing it.",
            "I can't wait to start, to be honest.",
            "It is a good feeling to have.",
        ),
    ),
    CodeSpec(
        "Looking forward to work as a doctor", "picturing future working life",
        "The student forms a picture of future working life.",
        (
            ("I could start to imagine what my working days would look like in a few years.",
             "imagined future working days"),
            ("We talked about what kind of doctor I want to be and where I might work.",
             "talked about what kind of doctor to become"),
            ("I got a picture of myself working in {spec}, which I had never considered "
             "before.", "pictured self working in mentor's specialty"),
        ),
        (
            "Before, the future was just a blur.",
            "Now I have some idea at least.",
            "That picture keeps me going.",
        ),
    ),
    # -- Motivation / Motivation ---------------------------------------------------------
    CodeSpec(
        "Motivation", "renewed drive to study",
        "Meetings gave new energy and made the student want to study.",
        (
            ("After our meetings I always wanted to go home and read more.",
             "meetings made student want to read more"),
            ("{He} made the subjects feel relevant again, so I studied harder.",
             "subjects felt relevant, studied harder"),
            ("In a slow period the meetings gave me new energy for the studies.",
             "new energy for studies"),
        ),
        (
            "It was a kind of push.",
            "Motivation goes up and down, and this helped.",
            "I think my results got better too.",
        ),
    ),
    CodeSpec(
        "Motivation", "wanting to finish and start working",
        "The student wants to get through the degree and begin working.",
        (
            ("It made me want to get through the degree and start working for real.",
             "wanted to finish degree and start working"),
            ("I got impatient to be done with the studies and be on the other side.",
             "impatient to finish studies"),
            ("Towards the end I just wanted to graduate and get going, and that came a lot "
             "from the talks with {him}.", "talks made student want to graduate"),
        ),
        (
            "There was a goal to aim for.",
            "It made the last terms feel shorter.",
            "I could see where I was heading.",
        ),
    ),
    CodeSpec(
        "Motivation", "learning from curiosity",
        "The mentor encouraged learning out of curiosity and from one's own experiences.",
        (
            ("{He} told me to stay curious and learn from the patients, not only for the "
             "exam.", "stay curious, learn from patients"),
            ("{He} encouraged me to follow what I found interesting and to enjoy it a bit.",
             "encouraged to follow interests"),
            ("I learnt to use what I felt with patients as something to learn from.",
             "used own feelings with patients to learn"),
        ),
        (
            "That changed how I studied.",
            "It became more fun to learn.",
            "Less stress, more interest.",
        ),
    ),
)
