"""What people say in the demo's conversations: written threads, conversation starters, replies.

Three kinds of writing, all fictional:

* ``SCRIPTS``: whole conversations, each with its own replies, in the communities the demo
  logins belong to, so a persona opens real-sounding threads;
* ``STARTERS``: the first post of many more conversations, by community, whose replies are
  drawn from ``REPLIES``;
* ``REPLIES``: replies that fit most conversations in health and care ("we had the same
  problem...", "could you share the template?"). ``{author}`` becomes the name of whoever
  started the thread, as a mention.

Names of patients never appear; one script's reply is written to be hidden by a convenor for
naming a patient's details (the moderation example), and it uses an obviously invented one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEADS = "national-cancer-leads-network"
GP = "gp-cancer-community"
NURSES = "cancer-nurse-specialists-community"
IMPROVE = "northern-cancer-improvement-collaborative"
PRISON = "prison-health-network"
PANEL = "cancer-lay-partners-panel"
AON = "acute-oncology-nurses-forum"
PHARM = "cancer-pharmacists-special-interest-group"
CARERS = "carers-in-cancer-care-network"
CEOS = "chief-executives-peer-network"
RESEARCH = "living-with-and-beyond-cancer-research-forum"
HELP = "groundswell-help-and-feedback"
COMMISSIONERS = "icb-cancer-commissioners-peer-network"
MANAGERS = "regional-cancer-managers-meetings"
PHARMACY = "community-pharmacy-early-diagnosis-group"
TEAM = "riverside-neighbourhood-nursing-team"


@dataclass(frozen=True)
class Script:
    """A whole conversation. ``author`` and ``reply_authors`` name demo personas by key (or "")."""

    community: str
    title: str
    body: str
    replies: tuple[str, ...] = ()
    question: bool = False
    days_ago: int = 30
    author: str = ""
    reply_authors: tuple[str, ...] = field(default_factory=tuple)
    accepted: int | None = None


SCRIPTS: tuple[Script, ...] = (
    Script(
        LEADS,
        "Protected CT slots: how did you get radiology to agree?",
        "At the last leads' day several networks said ring-fenced CT slots had cut days off the lung "
        "pathway. We have been trying for a year and keep hearing that every slot is already protected "
        "for someone.\n\nIf you got this agreed, **who signed it off** and what did you give up in return?",
        (
            "Ours went through the imaging board, not the cancer board. The trick was showing radiology "
            "the number of *rebooked* scans caused by sequential booking: once they saw that protected "
            "slots reduced their own rework, they were on side.",
            "We gave up two routine outpatient CT lists on Thursday afternoons. It felt like a big ask "
            "but the routine waiting list has not grown, because fewer urgent patients are squeezed in "
            "as extras.",
            "Could someone share the data pack you took to the imaging board? Happy to credit you when we adapt it.",
            "I'll put ours in the shared folder after the next meeting. It is two pages: rebooking rate, "
            "days from referral to scan, and the slot utilisation for the last quarter.",
            "One caution: our slots were protected but went unused for three weeks over Christmas and we "
            "lost them. Build in a release rule (we release at 48 hours now).",
        ),
        question=True,
        days_ago=5,
        author="",
        accepted=0,
    ),
    Script(
        LEADS,
        "Draft 'not cancer' result letter: comments by Friday please",
        "With the Lay Partners' Panel we have drafted a standard letter telling people their tests "
        "show they do not have cancer, and what to do if symptoms continue. It is in plain English "
        "and was read by eight lay partners.\n\nPlease comment on:\n\n1. whether your trust could send "
        "it within 7 days of the result;\n2. anything that would stop your GPs from trusting it.",
        (
            "Really pleased to see this. Our GPs' main worry is that the letter arrives before the "
            "clinic letter, so the patient rings the surgery and the GP knows nothing. Can the letter "
            "say that a copy has gone to the GP?",
            "Seven days is realistic for us for lung and colorectal, not for gynaecology where results "
            "come back through a different system.",
            "The safety-netting paragraph is the best I have seen. Please keep the line about not "
            "waiting for the next appointment if something new happens.",
            "Lay partner here: we asked for the sentence 'you do not have cancer' to come first, "
            "before any explanation. Please don't move it.",
        ),
        days_ago=3,
        author="convenor",
        reply_authors=("", "", "", "lay"),
    ),
    Script(
        LEADS,
        "Caseload figures: one definition for every network",
        "We agreed at the workforce day to collect nurse specialist caseloads with one definition. "
        "Proposed: **active patients** = anyone seen, phoned or discussed at an MDT in the last 90 days. "
        "Does this work for your teams' systems?",
        (
            "Our system can count contacts but not MDT discussions; we would under-count by about a "
            "fifth. Could MDT be optional for the first round?",
            "Works for us. We would add 'on a surveillance schedule' as a separate count, otherwise "
            "haematology looks enormous.",
            "Agree with splitting surveillance out. Also, please publish the figures by network only, "
            "not by named nurse.",
        ),
        days_ago=12,
        author="convenor",
    ),
    Script(
        LEADS,
        "Welcome to our new members from the South West",
        "Three new leads from the South West joined this month. Do introduce yourselves, and tell us "
        "one thing you would like to learn from the rest of the network.",
        (
            "Hello all, I'm the new lead nurse for one of the South West networks. I would like to learn "
            "how others run their tumour site groups without them turning into reporting meetings.",
            "Welcome! Our tumour site groups each pick one question a quarter and report on that alone. "
            "It changed the feel of the meetings completely.",
            "Hello, manager here, two weeks into the job. Mostly I want to understand what good looks "
            "like for the 28-day standard before someone tells me it is my problem.",
        ),
        days_ago=20,
        author="convenor",
    ),
    Script(
        LEADS,
        "A hard winter: how are you all doing?",
        "Corridor care, staff off sick, and the referrals keep coming. I'm finding this winter harder "
        "than any before. How are you looking after yourselves and your teams?",
        (
            "Same here. We've started ten minutes at the end of the Friday huddle just to say how the "
            "week was. It helps more than I expected.",
        ),
        days_ago=2,
    ),
    Script(
        LEADS,
        "What happens to our feedback after the leads' days?",
        "Every two months we give the national team a page of key messages. I have never seen what "
        "happened to any of them. Is there a tracker anyone can see?",
        (
            "I've asked the same. As sponsor I can say the messages go to the programme board each "
            "quarter; we are working on a page showing what we did with each one.",
            "That would make a real difference to how much effort people put into the feedback session.",
        ),
        days_ago=40,
        reply_authors=("centre", ""),
    ),
    Script(
        GP,
        "Safety-netting after a normal FIT: what do you actually do?",
        "A normal FIT result is reassuring but not a guarantee. I am trying to standardise what our "
        "practice does when symptoms persist after a negative test. At the moment it depends which GP "
        "you see.\n\nDo you have a recall, a template, or just a note?",
        (
            "We code it and set a four-week task for the requesting GP. If symptoms persist, the patient "
            "is told to book directly rather than ring for advice.",
            "Our PCN uses a shared template with a box for 'what would make us refer anyway'. It means "
            "the next GP doesn't start from scratch.",
            "Patient view: the most useful thing was being told clearly *when* to come back. 'If it's "
            "still happening in a month' was better than 'if you're worried'.",
            "The national guidance will say something similar to the PCN template. Could you share it here, @{author}?",
            "Template attached to our practice handbook; I'll ask our practice manager if we can share "
            "it outside the PCN.",
        ),
        question=True,
        days_ago=9,
        author="core",
        reply_authors=("", "", "lay", "", "core"),
        accepted=1,
    ),
    Script(
        GP,
        "Cancer care reviews: are they worth it?",
        "Honest question. Our cancer care reviews have become a tick-box call at six months. "
        "Has anyone redesigned them so patients find them useful?",
        (
            "We moved them to the practice nurse with a 30-minute slot and a questionnaire posted "
            "beforehand. Patients now raise things like money worries and work, which never came up before.",
            "As someone who had one: it was the first time anyone asked how my husband was coping. "
            "Please don't drop them.",
            "We tried group sessions for people finishing treatment. Attendance was low but those who came loved it.",
            "Our social prescriber joins the review for anyone who ticks 'isolated'. It has been the "
            "single most useful change.",
        ),
        days_ago=30,
        reply_authors=("", "lay", "", ""),
    ),
    Script(
        GP,
        "Does anyone have an easy-read version of the bowel screening letter?",
        "A patient with a learning disability brought her screening kit back unopened because the "
        "letter made no sense to her. Is there an easy-read version we can send?",
        (),
        question=True,
        days_ago=1,
    ),
    Script(
        GP,
        "Lay partners' view on the new two-week-wait leaflet",
        "The Lay Partners' Panel read the new leaflet for people referred urgently. Our main points: "
        "it still says 'two-week wait' although the standard has changed, and the word 'suspected' "
        "frightens people more than it needs to.\n\nWe suggest opening with what will happen next and "
        "when.",
        (
            "Thank you, this is really helpful. 'Suspected' is hard to avoid but we could say "
            "'to check whether it might be cancer'.",
            "Agree about the title. Patients call it 'the cancer referral' whatever we call it.",
            "Could the leaflet also say what to do if nobody has been in touch after a week? That is the "
            "question our reception team gets most.",
        ),
        days_ago=16,
        author="lay",
    ),
    Script(
        GP,
        "Prostate: PSA in men without symptoms who ask for it",
        "More men are asking for a PSA test after stories in the news. How are colleagues handling "
        "the conversation in a ten-minute appointment?",
        (
            "We use the decision aid and offer a second appointment for the test itself, so the "
            "conversation isn't rushed.",
            "Our practice sends the information sheet in advance when men book for this reason.",
            "I'd be careful with anything that feels like putting men off. Black men in our area have "
            "twice the risk and many don't know it.",
        ),
        days_ago=45,
    ),
    Script(
        GP,
        "Weekly round-up: what helped you this week?",
        "A small thing that worked, a resource, a good conversation with a patient. Share one.",
        (
            "A patient thanked us for phoning with her result rather than texting. Small thing.",
            "Our new care navigator now rings everyone referred urgently after three days. "
            "Fewer 'has my referral gone?' calls.",
            "Found the Macmillan cancer care review guide: short and practical.",
            "@{author} thanks for starting these, I read them every week.",
        ),
        days_ago=6,
    ),
    Script(
        NURSES,
        "Clinical supervision: how do you protect the time?",
        "Every time we book supervision it gets cancelled for clinic. Has anyone made it stick?",
        (
            "We put it in the job plan as a fixed session and the service manager signed it off. "
            "It still slips, but now someone has to agree to cancel it.",
            "Group supervision once a month instead of individual sessions. Easier to protect one "
            "afternoon than eight hours scattered around.",
            "We measured turnover before and after; that number made the case to the chief nurse.",
        ),
        days_ago=14,
        question=True,
        author="convenor",
    ),
    Script(
        NURSES,
        "Holistic needs assessment at diagnosis: too early?",
        "Our team is split. Some of us feel the HNA at diagnosis is too much on a day when people "
        "hear very little. Others say it's the only time we are sure to see everyone.",
        (
            "We offer it at diagnosis and again at the first treatment visit. Most people take the second one.",
            "Do it at diagnosis but keep it to the one question 'what matters most to you this week?'",
            "Patients in our survey said they wanted it by phone a few days later.",
            "@{author} we changed to a call at day five and completion went from 40% to 75%.",
        ),
        days_ago=25,
    ),
    Script(
        IMPROVE,
        "PDSA cycle 3: text reminders for screening",
        "Our third cycle: we sent a text from the practice two days after the screening kit was "
        "posted. Return rate went from 58% to 64% over eight weeks in two practices. Next cycle: "
        "a second text in Urdu and Punjabi.",
        (
            "Great to see. Did you look at who didn't return the kit? Our gap was mostly men under 60.",
            "Have you checked with the screening hub that the texts don't clash with theirs?",
            "We did something similar and saw a bump that faded after three months. Worth watching.",
        ),
        days_ago=10,
    ),
    Script(
        IMPROVE,
        "Run charts in Excel: template anyone?",
        "Looking for a simple run chart template that doesn't need a licence for SPC software.",
        (
            "The NHS England 'Making data count' Excel tool is free and good.",
            "Seconded. Watch out for the baseline period: it defaults to the first 20 points.",
        ),
        question=True,
        days_ago=60,
        accepted=0,
    ),
    Script(
        PRISON,
        "Getting cancer appointments kept when someone is moved",
        "Twice this month a man on an urgent pathway was transferred to another prison the day before "
        "his hospital appointment. Neither the hospital nor the new prison was told.",
        (
            "This is our biggest problem too. We now flag anyone on a cancer pathway on the transfer "
            "list so the healthcare team is asked before a move.",
            "Officer's view: the flag works if someone looks at it. We added it to the morning briefing.",
            "Could the network write one page on what information should go with a person on transfer? "
            "We'd use it straight away.",
        ),
        days_ago=7,
    ),
    Script(
        PRISON,
        "Release on a Friday: no GP, no medication",
        "Release on a Friday afternoon still means people leave with three days of medication and no "
        "registered GP. Who has a workaround?",
        (
            "We register people with a GP before release using the temporary residence form. It takes "
            "a fortnight of lead time.",
            "Our pharmacist now issues 14 days for anyone on cancer treatment, agreed with the ICB.",
        ),
        question=True,
        days_ago=18,
    ),
    Script(
        PANEL,
        "Travel expenses: paid on the day from next month",
        "Good news: after our feedback, travel will be paid on the day of the meeting rather than "
        "claimed afterwards. Please tell us if anything about the new process doesn't work for you.",
        (
            "Thank you. Paying up front and waiting six weeks stopped me coming last year.",
            "Could we have the option of the money in cash? I don't have a bank card I can use easily.",
        ),
        days_ago=11,
        author="centre",
        reply_authors=("lay", ""),
    ),
    Script(
        PANEL,
        "Reading pack for the May meeting",
        "The pack is shorter this time: two documents, with a one-page summary at the top of each. "
        "Large print and audio versions are ready on request.",
        (
            "The summary page is brilliant, please keep doing this.",
            "Audio version please, for me. Thank you.",
            "Question on document 2: who decides which of our comments go into the final version?",
        ),
        days_ago=4,
        reply_authors=("lay", "", ""),
    ),
    Script(
        PANEL,
        "How do we know our comments changed anything?",
        "We read a lot of drafts. I would like to see, for one document, what we said and what was "
        "changed because of it.",
        (),
        question=True,
        days_ago=8,
        author="lay",
    ),
    Script(
        AON,
        "Neutropenic sepsis protocol review",
        "Our protocol is due for review. Is anyone still giving antibiotics within the hour based on "
        "temperature alone?",
        ("Yes, temperature or clinical signs, whichever first. The audit keeps us honest.",),
        days_ago=240,
    ),
    Script(
        PHARM,
        "Oral anticancer medicines in community pharmacy",
        "Is anyone running a check-in service when people collect oral chemotherapy from a community "
        "pharmacy? Interested in what questions you ask.",
        (),
        question=True,
        days_ago=300,
    ),
    Script(
        CEOS,
        "Winter pressures and cancer: what are you protecting?",
        "Thinking aloud under the Chatham House rule: which cancer services are you protecting this "
        "winter, and which are you prepared to slow?",
        (
            "We protected diagnostics and let some routine follow-up slip to telephone. The board "
            "accepted it when we showed the harm data.",
            "Our council partners asked us to protect the social care assessments for people going home "
            "after surgery. It was the right call.",
        ),
        days_ago=70,
    ),
    Script(
        HELP,
        "How do I stop getting so many emails?",
        "I'm in five communities and the emails are a lot. Can I get one a week instead?",
        (
            "Yes: go to Notifications, then 'digest emails', and choose weekly. You can also choose "
            "'nothing' for a community on its conversations page.",
            "That worked, thanks!",
        ),
        question=True,
        days_ago=15,
        reply_authors=("admin", ""),
        accepted=0,
    ),
    Script(
        CARERS,
        "Hello from a new group",
        "We are just getting started. If you care for someone with cancer, you are welcome here. "
        "What would you like this group to be for?",
        ("Somewhere to ask practical things, like parking at the hospital, without feeling silly.",),
        days_ago=21,
        reply_authors=("lay",),
    ),
)

# Conversation starters by community: (title, opening post, a question?).
STARTERS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    LEADS: (
        ("Tumour site groups: how often do yours meet?", "Ours meet monthly and it feels too often.", True),
        ("28-day standard: where do your breaches happen?", "Ours cluster at the diagnostic step for upper GI.", True),
        (
            "MDT streamlining: has anyone agreed standards of care?",
            "We want to stop discussing every routine case.",
            True,
        ),
        ("Pathway navigators: band and job description", "Could anyone share a navigator job description?", True),
        ("Rapid diagnostic centres: vague symptoms referrals", "Referrals have doubled; conversion is low.", False),
        ("Data packs for the leads' day", "Which measures do you want in the pack next time?", True),
        ("Teledermatology for suspected skin cancer", "Our photos are often not good enough to triage.", True),
        (
            "Personalised stratified follow-up for breast",
            "Six months in: fewer clinic visits, no missed recurrences.",
            False,
        ),
        (
            "Prehabilitation before surgery",
            "Is anyone funding prehab for everyone, or only for some tumour sites?",
            True,
        ),
        (
            "Lung health checks: capacity for the follow-up scans",
            "The checks find nodules faster than we can scan them.",
            False,
        ),
        ("Cancer alliance funding for next year", "Has anyone heard about the allocation yet?", True),
        ("Inequalities: who is missing from our data?", "Ethnicity is missing for a third of our referrals.", False),
        ("Faster diagnosis: telephone results", "Are you giving 'not cancer' results by phone?", True),
        ("Workforce: retaining band 6 nurses", "We lose them to band 7 posts elsewhere within two years.", False),
        ("Network away day ideas", "Looking for a speaker on co-production for our away day.", True),
        ("Radiology reporting backlog", "Outsourcing helped for a month; now we're back where we started.", False),
        ("Clinical nurse specialist caseload survey results", "First results are in: median caseload 312.", False),
        ("Endoscopy: straight-to-test", "What criteria do you use for straight-to-test?", True),
        ("Acute oncology out of hours", "Who covers your acute oncology phone line at night?", True),
        ("Shared decision making in MDTs", "How do you bring the patient's preferences into the MDT?", True),
        ("Head and neck: dental checks before radiotherapy", "Dental waits are delaying starts.", False),
        ("Patient experience survey: what did you change?", "We changed our results letters; what did you do?", False),
        ("Digital referral forms", "Does anyone's form check the referral criteria before it is sent?", True),
        ("Learning from a serious incident", "A delay we found and what we changed (shared with consent).", False),
        (
            "Sponsor update: national priorities for the year",
            "A short summary of what the centre is asking for.",
            False,
        ),
        ("Gynaecology pathway: postmenopausal bleeding", "What is your time to ultrasound?", True),
        ("Haematology: referrals from A&E", "Any network tracking these as a separate route?", True),
        ("Interpreters at diagnosis", "Booking interpreters for urgent clinics takes days. Ideas?", True),
    ),
    GP: (
        ("Safety-netting codes: which do you use?", "We use three different codes across the PCN.", True),
        ("Unexplained weight loss: when to refer?", "How much weight loss over what time triggers you?", True),
        ("Ovarian cancer: CA125 in primary care", "Any tips for explaining a borderline result?", True),
        ("Teaching registrars about cancer referrals", "What's the one case you always teach?", False),
        ("Lay partners in PCN meetings", "Our PCN has invited two lay partners; how do we make it worthwhile?", True),
        ("Skin lesions: photos from patients", "Patients send photos by email; how do you handle them?", True),
        ("Cancer in young adults", "Two cases this year in people under 30; easy to miss.", False),
        ("Palliative care registers", "How often do you review yours?", True),
        ("Talking about lifestyle after cancer", "Patients ask what they can do; what do you say?", True),
        ("Locums and safety-netting", "How do locums know about pending safety-net tasks?", True),
        ("Practice nurses and cancer care reviews", "Could a practice nurse lead the review?", True),
        ("FIT in symptomatic patients: returns", "Our kit return rate is 70%. Yours?", True),
        ("Brain tumour symptoms: persistent headache", "Useful resources for patients worried about headaches?", True),
        ("Referral letter quality", "What do specialists wish we put in?", True),
        ("A thank you to the community", "This group has changed how our practice thinks about cancer.", False),
        ("Community diagnostic centres: what can we order?", "Nobody has told us the list of tests.", True),
        ("Cancer and mental health", "Anxiety after treatment is our most common follow-up issue.", False),
        ("Cervical screening in people with disabilities", "Reasonable adjustments that worked for you?", True),
        ("Prescribing for people on chemotherapy", "Which medicines do you check before prescribing?", True),
        ("Patient Participation Group and cancer", "Our PPG wants to help with screening uptake.", False),
        ("Cancer champion roles in practices", "Does a named cancer champion make a difference?", True),
        ("Managing uncertainty with patients", "How do you talk about 'we don't know yet'?", False),
    ),
    NURSES: (
        ("Telephone follow-up clinics", "How long do you book per call?", True),
        ("Nurse-led results clinics", "Results by a nurse specialist: what governance do you have?", True),
        ("Supporting patients with work and money", "Who do you refer to for benefits advice?", True),
        ("Survivorship: end of treatment summaries", "Are yours sent to GPs within a week?", True),
        ("Band 7 development", "What training helped you most in your first year as a specialist?", False),
        ("Patients who don't speak English", "Keeping continuity with interpreters.", False),
        ("Key worker role: what does it mean?", "Patients aren't sure who their key worker is.", True),
        ("Lymphoedema services", "Waiting times for lymphoedema clinics are long.", False),
        ("Remote monitoring of symptoms", "Anyone using an app for patients on immunotherapy?", True),
        ("Peer support for specialists", "A monthly call for new nurse specialists: would you join?", False),
        ("Psychological support referrals", "What's your wait for psycho-oncology?", True),
        ("Carer assessments", "Do you signpost carers for their own assessment?", True),
    ),
    IMPROVE: (
        ("Driver diagrams for early diagnosis", "Sharing ours for feedback.", False),
        ("Measuring patient experience in small projects", "Which questions do you use?", True),
        ("Spread: from two practices to twenty", "What did you change when scaling up?", True),
        ("Quality improvement training for lay partners", "Any course designed with patients?", True),
        ("Learning from what didn't work", "Our failed test of change, and what it taught us.", False),
        ("Process mapping the referral pathway", "Who should be in the room?", True),
        ("Statistical process control: special cause", "How do you explain it to a board?", True),
        ("Sustaining changes after the project ends", "Six months on, half our changes have gone.", False),
        ("Co-design events", "How do you make sure patients aren't outnumbered?", True),
        ("Funding small tests of change", "Small grants of £500 made a difference for us.", False),
    ),
    PRISON: (
        ("Screening in prison: bowel kits", "Kits can't be posted back from inside. What do you do?", True),
        ("Escorts for hospital appointments", "Appointments missed for lack of escorts: figures?", True),
        ("End of life care in prison", "Compassionate release: how long does it take?", True),
        ("Health information on release", "What do you give people to take with them?", True),
        ("Training officers about cancer symptoms", "A 20-minute session that worked for us.", False),
        ("Smoking cessation on the wings", "Vapes and quit rates: any data?", True),
        ("Older prisoners and cancer", "The prison population is ageing fast.", False),
        ("Telemedicine from prison", "Video appointments have cut escorts by a third.", False),
        ("Women's prisons and cervical screening", "Uptake in our establishment is under 40%.", False),
        ("Information sharing with hospitals", "Which forms do hospitals accept from prison healthcare?", True),
    ),
    PANEL: (
        ("Plain English check: the survivorship leaflet", "Which words would you change?", True),
        ("Meeting times", "Would evening meetings work better for working members?", True),
        ("Being a lay partner on an interview panel", "What should we know before we say yes?", True),
        ("Our annual report", "What should go in it?", True),
        ("Accessibility of online meetings", "Live captions are now on for every meeting.", False),
        ("Training for new lay partners", "What would have helped you in your first month?", True),
    ),
    RESEARCH: (
        ("Recruiting lay reviewers for a grant", "Two hours of reading, paid.", False),
        ("Living well after treatment: study results", "Headline findings, in plain English.", False),
        ("Which outcomes matter most to you?", "Helping a study choose its measures.", True),
    ),
    COMMISSIONERS: (
        ("Commissioning psychological support", "Per-case or block contracts?", True),
        ("Prehab funding models", "Who has a recurrent budget for prehab?", True),
    ),
    MANAGERS: (
        ("Quarterly performance pack", "Same format as last quarter?", True),
        ("Capacity planning for next winter", "Shared model draft for comment.", False),
        ("Recruitment freeze and cancer posts", "Are cancer roles exempt where you are?", True),
    ),
    PHARMACY: (
        ("Pharmacists spotting red flags", "Repeat purchases of cough medicine: when to suggest a GP visit?", True),
        ("Referral from pharmacy to GP", "A referral form that GPs actually read?", True),
    ),
    TEAM: (
        ("Advice process: changing the rota", "Proposal to move handover to 8.30; advice please by Tuesday.", False),
        ("Advice process: new wound care supplier", "Seeking advice from everyone who orders dressings.", False),
    ),
    AON: (("Immunotherapy side effects in A&E", "A&E staff aren't recognising colitis from immunotherapy.", False),),
    PHARM: (("Dose banding: anyone still doing it?", "Reviewing our policy.", True),),
    CARERS: (("Carer's allowance", "Does anyone know if caring for someone in hospital counts?", True),),
    HELP: (
        ("Can I change my name on my profile?", "I go by my middle name.", True),
        ("Feature idea: reading conversations offline", "Would love a printable version of a thread.", False),
    ),
    CEOS: (("System-wide cancer boards", "Who chairs yours, and does it have teeth?", True),),
}

# Replies that fit most conversations. "{author}" is replaced with a mention of the thread's author.
REPLIES: tuple[str, ...] = (
    "We had the same problem at our trust. What helped was agreeing one named person who owns it.",
    "Could you share the template? Happy to credit your team.",
    "Thanks @{author}, this is really useful. I'll take it to our next team meeting.",
    "We tried this last year. It worked for about three months and then slipped; the bit that "
    "stuck was the weekly check-in.",
    "Our patients said the most important thing was knowing who to call. Everything else came second.",
    "Interesting. Have you looked at whether it works as well for people who don't speak English?",
    "Following this: we're about to start something similar.",
    "I'd be cautious about the numbers until you have a few more months of data.",
    "We do this by phone now and it frees up clinic time. Patients mostly prefer it.",
    "Can I ask how you got the funding? That's where we always get stuck.",
    "As a lay partner I'd add: please test the wording with people who have been through it.",
    "Same here. We raised it with the alliance but haven't heard back.",
    "We wrote this up as a two-page case study; message me and I'll send it.",
    "This matches what we found in our audit: the delay is almost always at the handover.",
    "Really helpful, thank you. Bookmarking.",
    "I think the national guidance is due to cover this in the spring.",
    "In our area the GP practices asked for a single phone number. That one change cut complaints.",
    "We measured it: about 40 minutes per patient saved across the pathway.",
    "Could we put this on the agenda for the next gathering?",
    "Our experience was the opposite, so it may depend on local services.",
    "Good question @{author}. I don't know, but I know who might; I'll ask.",
    "We involved our patient group early and it saved us from a big mistake.",
    "The key for us was protected time. Without it nothing changed.",
    "Have a look at the Macmillan resources on this; they're short and well written.",
    "We've been doing this for two years. Happy to talk it through on a call.",
    "One thing we learned: tell the reception team first, they get the questions.",
    "+1 to this. It would help us too.",
    "Carer here. Please remember the people at home who are doing the follow-up.",
    "Our data is patchy but the trend is going the right way.",
    "We decided against it in the end; the risk of missing people was too high.",
    "I'll bring this to our network board and report back.",
    "Agree completely. The patients who most need this are the least likely to ask.",
    "A short video helped us more than any leaflet.",
    "Small practices can't do this alone; could the PCN take it on?",
    "We've had good results using text messages for reminders.",
    "Worth checking with information governance before sharing any lists.",
    "That's a great example of a test of change. What's your next cycle?",
    "Thanks all, lots to think about. I'll summarise what we decide.",
)

# Written to be hidden by a convenor: it names a patient's details (all invented).
HIDDEN_REPLY = (
    "Just to give an example, the man in bed 4 on Ward 12 last Tuesday, John Example, NHS number "
    "943 476 5919, waited three weeks for his scan."
)
HIDDEN_REASON = "It included a patient's name and NHS number. Please share the learning without details."

GUIDELINES: dict[str, str] = {
    LEADS: (
        "**How we talk to each other in the leads' network**\n\n"
        "- Share what is happening in your network, including what is not working.\n"
        "- Never include patients' details: describe the learning, not the person.\n"
        "- Disagree about ideas, kindly, in public; raise concerns about people with the convenors.\n"
        "- What the national team shares here in draft stays here until it is published.\n"
    ),
    PANEL: (
        "**Our panel's agreement**\n\n"
        "- Everyone's experience counts the same, whatever their job or diagnosis.\n"
        "- Share only your own story; other people's are theirs to tell.\n"
        "- Take a break whenever you need one. You never have to explain.\n"
        "- If something here upsets you, tell a convenor or ring the panel phone line.\n"
    ),
}
