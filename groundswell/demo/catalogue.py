"""Fixed ingredients of the demo network: places, organisations, jobs, interests and words.

Every organisation here is invented, though many carry real English place names. ODS codes
start with ``ZZ`` so they cannot be mistaken for real ones.
"""

from __future__ import annotations

from typing import NamedTuple

from groundswell.people.models import OrganisationKind as Kind
from groundswell.people.models import Profession as P
from groundswell.people.models import Region as R

ENGLISH_REGIONS = [
    R.NORTH_EAST_YORKSHIRE,
    R.NORTH_WEST,
    R.MIDLANDS,
    R.EAST_OF_ENGLAND,
    R.LONDON,
    R.SOUTH_EAST,
    R.SOUTH_WEST,
]

# The 34 local cancer networks whose lead nurse, lead doctor and manager form the core of the
# National Cancer Leads Network.
LOCAL_CANCER_NETWORKS: list[tuple[str, str]] = [
    (R.NORTH_EAST_YORKSHIRE, "Tyne and Wear"),
    (R.NORTH_EAST_YORKSHIRE, "Durham and Tees Valley"),
    (R.NORTH_EAST_YORKSHIRE, "Humber and Coast"),
    (R.NORTH_EAST_YORKSHIRE, "West Yorkshire Dales"),
    (R.NORTH_EAST_YORKSHIRE, "South Yorkshire"),
    (R.NORTH_WEST, "Cumbria and Lakes"),
    (R.NORTH_WEST, "Lancashire and Fylde"),
    (R.NORTH_WEST, "Greater Manchester East"),
    (R.NORTH_WEST, "Mersey and Wirral"),
    (R.NORTH_WEST, "Cheshire Plains"),
    (R.MIDLANDS, "Black Country"),
    (R.MIDLANDS, "Birmingham and Solihull"),
    (R.MIDLANDS, "Coventry and Warwickshire"),
    (R.MIDLANDS, "Derbyshire Peaks"),
    (R.MIDLANDS, "Nottingham and Trent"),
    (R.MIDLANDS, "Leicester and Rutland"),
    (R.EAST_OF_ENGLAND, "Norfolk and Waveney"),
    (R.EAST_OF_ENGLAND, "Cambridgeshire Fens"),
    (R.EAST_OF_ENGLAND, "Essex Estuaries"),
    (R.EAST_OF_ENGLAND, "Hertfordshire and Chilterns"),
    (R.LONDON, "North Central London"),
    (R.LONDON, "North East London"),
    (R.LONDON, "South East London"),
    (R.LONDON, "South West London"),
    (R.LONDON, "West London"),
    (R.SOUTH_EAST, "Kent and Medway"),
    (R.SOUTH_EAST, "Surrey Downs"),
    (R.SOUTH_EAST, "Sussex Coast"),
    (R.SOUTH_EAST, "Thames Valley"),
    (R.SOUTH_EAST, "Hampshire and Solent"),
    (R.SOUTH_WEST, "Devon and Cornwall Peninsula"),
    (R.SOUTH_WEST, "Somerset and Avon"),
    (R.SOUTH_WEST, "Dorset"),
    (R.SOUTH_WEST, "Gloucestershire and Severn"),
]


class Org(NamedTuple):
    key: str
    name: str
    kind: str
    region: str
    ods_code: str = ""


ORGANISATIONS: list[Org] = [
    # NHS trusts: two acute trusts per region, plus two community trusts that run prison healthcare.
    Org("trust_tyne", "Tyne and Tees Teaching Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.NORTH_EAST_YORKSHIRE, "ZZT01"),
    Org("trust_humber", "Humber Coast Hospitals NHS Trust", Kind.NHS_TRUST, R.NORTH_EAST_YORKSHIRE, "ZZT02"),
    Org("trust_pennine", "Pennine Lakes University Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.NORTH_WEST, "ZZT03"),
    Org("trust_mersey", "Mersey Valley Hospitals NHS Trust", Kind.NHS_TRUST, R.NORTH_WEST, "ZZT04"),
    Org("trust_central", "Central Midlands University Hospitals NHS Trust", Kind.NHS_TRUST, R.MIDLANDS, "ZZT05"),
    Org("trust_trent", "Trent Valley Healthcare NHS Foundation Trust", Kind.NHS_TRUST, R.MIDLANDS, "ZZT06"),
    Org("trust_fenland", "Fenland and Waveney Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.EAST_OF_ENGLAND, "ZZT07"),
    Org("trust_essex", "Essex Estuary Hospitals NHS Trust", Kind.NHS_TRUST, R.EAST_OF_ENGLAND, "ZZT08"),
    Org("trust_north_thames", "North Thames University Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.LONDON, "ZZT09"),
    Org("trust_riverside", "South London Riverside NHS Trust", Kind.NHS_TRUST, R.LONDON, "ZZT10"),
    Org("trust_downs", "Downs and Weald Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.SOUTH_EAST, "ZZT11"),
    Org("trust_solent", "Solent Coast Healthcare NHS Trust", Kind.NHS_TRUST, R.SOUTH_EAST, "ZZT12"),
    Org("trust_peninsula", "Peninsula and Moors Hospitals NHS Foundation Trust", Kind.NHS_TRUST, R.SOUTH_WEST, "ZZT13"),
    Org("trust_severn", "Severn Vale University Hospitals NHS Trust", Kind.NHS_TRUST, R.SOUTH_WEST, "ZZT14"),
    Org("trust_northern_community", "Northern Community Health NHS Trust", Kind.NHS_TRUST, R.NORTH_WEST, "ZZT15"),
    Org("trust_southern_community", "Southern Community and Justice Health NHS Trust", Kind.NHS_TRUST, R.SOUTH_EAST, "ZZT16"),
    # Integrated care boards, one per region.
    Org("icb_ney", "NHS Tyne, Tees and Humber Integrated Care Board", Kind.ICB, R.NORTH_EAST_YORKSHIRE, "ZZQ01"),
    Org("icb_nw", "NHS Lancashire and Lakes Integrated Care Board", Kind.ICB, R.NORTH_WEST, "ZZQ02"),
    Org("icb_mid", "NHS Black Country and Trent Integrated Care Board", Kind.ICB, R.MIDLANDS, "ZZQ03"),
    Org("icb_east", "NHS Fens and Broads Integrated Care Board", Kind.ICB, R.EAST_OF_ENGLAND, "ZZQ04"),
    Org("icb_london", "NHS North Thames Integrated Care Board", Kind.ICB, R.LONDON, "ZZQ05"),
    Org("icb_se", "NHS Downs and Solent Integrated Care Board", Kind.ICB, R.SOUTH_EAST, "ZZQ06"),
    Org("icb_sw", "NHS Peninsula and Severn Integrated Care Board", Kind.ICB, R.SOUTH_WEST, "ZZQ07"),
    # GP practices.
    Org("gp_priory", "Priory Lane Surgery", Kind.GP_PRACTICE, R.NORTH_EAST_YORKSHIRE, "ZZP101"),
    Org("gp_moorside", "Moorside Health Centre", Kind.GP_PRACTICE, R.NORTH_EAST_YORKSHIRE, "ZZP102"),
    Org("gp_wearmouth", "Wearmouth Family Practice", Kind.GP_PRACTICE, R.NORTH_EAST_YORKSHIRE, "ZZP103"),
    Org("gp_castle", "Castle Street Surgery", Kind.GP_PRACTICE, R.NORTH_WEST, "ZZP201"),
    Org("gp_lakeland", "Lakeland Fells Medical Group", Kind.GP_PRACTICE, R.NORTH_WEST, "ZZP202"),
    Org("gp_beacon", "Beacon View Practice", Kind.GP_PRACTICE, R.NORTH_WEST, "ZZP203"),
    Org("gp_church", "Church Road Medical Centre", Kind.GP_PRACTICE, R.MIDLANDS, "ZZP301"),
    Org("gp_forge", "Forge Lane Surgery", Kind.GP_PRACTICE, R.MIDLANDS, "ZZP302"),
    Org("gp_sherwood", "Sherwood Vale Practice", Kind.GP_PRACTICE, R.MIDLANDS, "ZZP303"),
    Org("gp_canal", "Canal Side Health Partnership", Kind.GP_PRACTICE, R.MIDLANDS, "ZZP304"),
    Org("gp_broadland", "Broadland Medical Practice", Kind.GP_PRACTICE, R.EAST_OF_ENGLAND, "ZZP401"),
    Org("gp_fen_edge", "Fen Edge Surgery", Kind.GP_PRACTICE, R.EAST_OF_ENGLAND, "ZZP402"),
    Org("gp_harbour", "Harbour Road Practice", Kind.GP_PRACTICE, R.EAST_OF_ENGLAND, "ZZP403"),
    Org("gp_bow", "Bow Common Health Centre", Kind.GP_PRACTICE, R.LONDON, "ZZP501"),
    Org("gp_brixton", "Brixton Hill Group Practice", Kind.GP_PRACTICE, R.LONDON, "ZZP502"),
    Org("gp_kilburn", "Kilburn Park Medical Centre", Kind.GP_PRACTICE, R.LONDON, "ZZP503"),
    Org("gp_walthamstow", "Walthamstow Green Surgery", Kind.GP_PRACTICE, R.LONDON, "ZZP504"),
    Org("gp_oast", "Oast House Surgery", Kind.GP_PRACTICE, R.SOUTH_EAST, "ZZP601"),
    Org("gp_weald", "Weald View Practice", Kind.GP_PRACTICE, R.SOUTH_EAST, "ZZP602"),
    Org("gp_chalk", "Chalk Hill Medical Group", Kind.GP_PRACTICE, R.SOUTH_EAST, "ZZP603"),
    Org("gp_tamar", "Tamar Valley Surgery", Kind.GP_PRACTICE, R.SOUTH_WEST, "ZZP701"),
    Org("gp_clifton", "Clifton Down Practice", Kind.GP_PRACTICE, R.SOUTH_WEST, "ZZP702"),
    Org("gp_quantock", "Quantock Health Centre", Kind.GP_PRACTICE, R.SOUTH_WEST, "ZZP703"),
    # Charities.
    Org("charity_bright", "Bright Horizons Cancer Support", Kind.CHARITY, R.NATIONAL),
    Org("charity_carers", "Carers Together", Kind.CHARITY, R.NATIONAL),
    Org("charity_open_gate", "Open Gate Justice and Health", Kind.CHARITY, R.NATIONAL),
    Org("charity_meadowbank", "Meadowbank Hospice", Kind.CHARITY, R.MIDLANDS),
    Org("charity_mosaic", "Mosaic Community Health Trust", Kind.CHARITY, R.LONDON),
    Org("charity_fens", "Friends of the Fens Cancer Care", Kind.CHARITY, R.EAST_OF_ENGLAND),
    # Royal colleges.
    Org("college_primary", "Royal College of Primary Care", Kind.ROYAL_COLLEGE, R.NATIONAL),
    Org("college_nursing", "Royal College of Cancer Nursing", Kind.ROYAL_COLLEGE, R.NATIONAL),
    # Universities.
    Org("uni_humber", "Humber University", Kind.UNIVERSITY, R.NORTH_EAST_YORKSHIRE),
    Org("uni_pennines", "University of the Pennines", Kind.UNIVERSITY, R.NORTH_WEST),
    Org("uni_fenland", "Fenland University", Kind.UNIVERSITY, R.EAST_OF_ENGLAND),
    Org("uni_thames", "Thames University", Kind.UNIVERSITY, R.LONDON),
    Org("uni_tamar", "Tamar University", Kind.UNIVERSITY, R.SOUTH_WEST),
    # Government: the national teams ("the centre").
    Org("gov_cancer", "National Cancer Programme", Kind.GOVERNMENT, R.NATIONAL),
    Org("gov_dhc", "Department for Health and Care", Kind.GOVERNMENT, R.NATIONAL),
    Org("gov_justice", "National Health and Justice Team", Kind.GOVERNMENT, R.NATIONAL),
    # Prisons.
    Org("prison_northmoor", "HMP Northmoor", Kind.PRISON, R.NORTH_EAST_YORKSHIRE),
    Org("prison_wharfside", "HMP Wharfside", Kind.PRISON, R.NORTH_WEST),
    Org("prison_castlegate", "HMP Castlegate", Kind.PRISON, R.MIDLANDS),
    Org("prison_saltings", "HMP Saltings", Kind.PRISON, R.EAST_OF_ENGLAND),
    Org("prison_riverbank", "HMP Riverbank", Kind.PRISON, R.LONDON),
    Org("prison_ridgeway", "HMP Ridgeway", Kind.PRISON, R.SOUTH_EAST),
    # Local authorities.
    Org("la_dales", "Dales and Moors District Council", Kind.LOCAL_AUTHORITY, R.NORTH_EAST_YORKSHIRE),
    Org("la_riverford", "Riverford City Council", Kind.LOCAL_AUTHORITY, R.NORTH_WEST),
    Org("la_trentside", "Trentside City Council", Kind.LOCAL_AUTHORITY, R.MIDLANDS),
    Org("la_fenshire", "Fenshire County Council", Kind.LOCAL_AUTHORITY, R.EAST_OF_ENGLAND),
    Org("la_southbank", "London Borough of Southbank", Kind.LOCAL_AUTHORITY, R.LONDON),
    Org("la_wealdshire", "Wealdshire County Council", Kind.LOCAL_AUTHORITY, R.SOUTH_EAST),
    Org("la_kingsmoor", "Kingsmoor Council", Kind.LOCAL_AUTHORITY, R.SOUTH_WEST),
    # Patient groups.
    Org("pg_northern", "Northern Cancer Voices", Kind.PATIENT_GROUP, R.NORTH_EAST_YORKSHIRE),
    Org("pg_pennine", "Pennine Patients' Forum", Kind.PATIENT_GROUP, R.NORTH_WEST),
    Org("pg_midlands", "Midlands Cancer Patient Panel", Kind.PATIENT_GROUP, R.MIDLANDS),
    Org("pg_london", "London Cancer Community Voices", Kind.PATIENT_GROUP, R.LONDON),
    Org("pg_peninsula", "Peninsula Patient Partners", Kind.PATIENT_GROUP, R.SOUTH_WEST),
    # The team that runs Groundswell itself.
    Org("groundswell", "Groundswell Support Team", Kind.OTHER, R.NATIONAL),
]

ACUTE_TRUSTS = [org.key for org in ORGANISATIONS if org.key.startswith("trust_") and "community" not in org.key]
COMMUNITY_TRUSTS = ["trust_northern_community", "trust_southern_community"]


class Archetype(NamedTuple):
    """A kind of person: how many, their profession, where they work and what they know."""

    key: str
    count: int
    profession: str
    org_prefixes: tuple[str, ...]
    titles: tuple[str, ...]
    expertise: tuple[str, ...]
    doctor_percent: int = 0


CANCER = ("Early diagnosis", "Cancer waiting times", "Personalised care", "Health inequalities")
ARCHETYPES: list[Archetype] = [
    Archetype(
        "gp",
        98,
        P.GP,
        ("gp_",),
        (
            "GP partner",
            "GP partner",
            "Salaried GP",
            "Salaried GP",
            "Cancer lead GP for the primary care network",
            "GP with an extended role in cancer care",
            "GP registrar",
            "Locum GP",
        ),
        (
            *CANCER,
            "Safety-netting",
            "Bowel screening",
            "Lung cancer",
            "Prostate cancer",
            "Skin cancer",
            "Palliative and end of life care",
            "Primary care networks",
            "Quality improvement",
            "Medical education",
            "Frailty",
        ),
        doctor_percent=70,
    ),
    Archetype(
        "practice_nurse",
        28,
        P.NURSE,
        ("gp_", "trust_northern_community", "trust_southern_community"),
        ("Practice nurse", "Advanced nurse practitioner", "District nurse", "Community nurse", "Nurse practitioner"),
        ("Cancer care reviews", "Screening uptake", "Wound care", "Palliative and end of life care", "Health inequalities"),
    ),
    Archetype(
        "cancer_nurse",
        45,
        P.NURSE,
        ("trust_",),
        (
            "Clinical nurse specialist, lung cancer",
            "Clinical nurse specialist, breast cancer",
            "Clinical nurse specialist, colorectal cancer",
            "Clinical nurse specialist, haematology",
            "Acute oncology nurse",
            "Chemotherapy nurse",
            "Cancer care navigator",
            "Macular and skin cancer nurse specialist",
            "Lead nurse for personalised care",
        ),
        (
            "Acute oncology",
            "Chemotherapy",
            "Personalised care",
            "Survivorship",
            "Prehabilitation",
            "Lung cancer",
            "Breast cancer",
            "Haematology",
            "Patient experience",
        ),
    ),
    Archetype(
        "hospital_doctor",
        33,
        P.HOSPITAL_DOCTOR,
        ("trust_",),
        (
            "Consultant medical oncologist",
            "Consultant clinical oncologist",
            "Consultant haematologist",
            "Consultant radiologist",
            "Consultant histopathologist",
            "Consultant colorectal surgeon",
            "Consultant respiratory physician",
            "Consultant in palliative medicine",
            "Specialty registrar in oncology",
        ),
        (
            "Acute oncology",
            "Radiotherapy",
            "Chemotherapy",
            "Genomics",
            "Lung cancer",
            "Haematology",
            "Clinical audit",
            "Diagnostic pathways",
            "Palliative and end of life care",
        ),
        doctor_percent=100,
    ),
    Archetype(
        "ahp",
        22,
        P.AHP,
        ("trust_",),
        (
            "Therapeutic radiographer",
            "Diagnostic radiographer",
            "Specialist dietitian, oncology",
            "Cancer rehabilitation physiotherapist",
            "Occupational therapist, palliative care",
            "Speech and language therapist, head and neck cancer",
        ),
        ("Prehabilitation", "Rehabilitation", "Radiotherapy", "Nutrition", "Survivorship", "Diagnostic pathways"),
    ),
    Archetype(
        "pharmacist",
        18,
        P.PHARMACIST,
        ("trust_", "gp_"),
        ("Oncology pharmacist", "Primary care network pharmacist", "Lead pharmacist, cancer services", "Community pharmacist"),
        ("Medicines optimisation", "Chemotherapy", "Oral anticancer medicines", "Early diagnosis", "Polypharmacy"),
    ),
    Archetype(
        "manager",
        32,
        P.MANAGER,
        ("trust_", "icb_"),
        (
            "Cancer services manager",
            "Head of cancer performance",
            "Service improvement lead",
            "Programme manager, cancer",
            "Operational manager, diagnostics",
            "Associate director of operations",
        ),
        (
            "Cancer waiting times",
            "Quality improvement",
            "Data and analytics",
            "Workforce development",
            "Diagnostic pathways",
            "Project management",
        ),
    ),
    Archetype(
        "commissioner",
        16,
        P.COMMISSIONER,
        ("icb_", "la_"),
        (
            "Cancer commissioning manager",
            "Senior commissioning manager",
            "Head of commissioning, primary care",
            "Public health commissioner",
        ),
        ("Commissioning", "Health inequalities", "Population health", "Screening uptake", "Contracting"),
    ),
    Archetype(
        "researcher",
        20,
        P.RESEARCHER,
        ("uni_",),
        (
            "Professor of primary care",
            "Senior lecturer in cancer nursing",
            "Research fellow",
            "Research fellow",
            "PhD student",
            "Health services researcher",
            "Reader in health economics",
        ),
        (
            "Research methods",
            "Qualitative research",
            "Health economics",
            "Evaluation",
            "Survivorship",
            "Early diagnosis",
            "Implementation science",
        ),
    ),
    Archetype(
        "charity",
        17,
        P.CHARITY_STAFF,
        ("charity_",),
        (
            "Support services manager",
            "Carer support worker",
            "Policy officer",
            "Volunteer coordinator",
            "Engagement lead",
            "Information and support nurse",
        ),
        ("Carers' support", "Patient experience", "Co-production", "Volunteering", "Policy and campaigning"),
    ),
    Archetype(
        "patient",
        24,
        P.PATIENT,
        ("pg_",),
        ("Member", "Patient representative", "Volunteer", "Trustee"),
        ("Lived experience of cancer", "Patient experience", "Co-production", "Peer support", "Health inequalities"),
    ),
    Archetype(
        "carer",
        17,
        P.CARER,
        ("pg_", "charity_carers"),
        ("Member", "Carer representative", "Volunteer"),
        ("Carers' support", "Lived experience of cancer", "Co-production", "Peer support"),
    ),
    Archetype(
        "prison_staff",
        30,
        P.OTHER,
        ("prison_",),
        (
            "Prison officer",
            "Prison officer",
            "Custodial manager",
            "Supervising officer",
            "Safer custody lead",
            "Head of reducing reoffending",
            "Deputy governor",
            "Governor",
        ),
        ("Offender health", "Safer custody", "Release planning", "Substance misuse", "Mental health"),
    ),
    Archetype(
        "prison_nhs",
        20,
        P.NURSE,
        ("trust_northern_community", "trust_southern_community"),
        (
            "Prison healthcare nurse",
            "Head of healthcare",
            "Mental health in-reach nurse",
            "Prison GP",
            "Prison pharmacist",
            "Substance misuse practitioner",
        ),
        ("Offender health", "Release planning", "Substance misuse", "Medicines optimisation", "Mental health"),
    ),
    Archetype(
        "local_authority",
        14,
        P.OTHER,
        ("la_",),
        (
            "Public health consultant",
            "Director of adult social care",
            "Social worker",
            "Housing officer",
            "Social prescribing link worker",
        ),
        ("Population health", "Housing and health", "Social prescribing", "Health inequalities", "Adult social care"),
    ),
    Archetype(
        "national",
        10,
        P.MANAGER,
        ("gov_",),
        (
            "Policy adviser",
            "Senior analyst",
            "Head of primary care policy",
            "Programme manager",
            "Deputy director",
            "Clinical adviser",
        ),
        ("Policy", "Data and analytics", "Commissioning", "Cancer waiting times", "Evaluation"),
    ),
    Archetype(
        "college",
        4,
        P.OTHER,
        ("college_",),
        ("Clinical champion for cancer", "Head of education", "Policy lead"),
        ("Medical education", "Policy", "Workforce development"),
    ),
]

# Professions the prison-NHS archetype really covers, by title.
PRISON_NHS_PROFESSIONS = {"Prison GP": P.GP, "Prison pharmacist": P.PHARMACIST}

EXECUTIVE_TITLES = {
    "trust_": "Chief executive",
    "icb_": "Chief executive",
    "la_": "Chief executive",
    "charity_": "Chief executive",
}

ACCESS_NEEDS = [
    "Needs papers in large print (at least 16 point).",
    "BSL interpreter for meetings, please; I lip-read one to one.",
    "Uses a screen reader: send documents as Word or accessible PDF, not scanned images.",
    "Hard of hearing: please use the hearing loop, or live captions in online meetings.",
    "Wheelchair user: step-free access and an accessible toilet, please.",
    "Dyslexic: a short plain-language summary at the top of papers helps a great deal.",
    "Needs a break every hour; meetings longer than two hours are hard for me.",
    "Please send papers a week ahead so I can read them slowly.",
    "Prefers a phone call to a video meeting.",
    "Can only join meetings after 10am because of caring responsibilities.",
    "Please book travel in advance; I cannot pay up front and claim back.",
    "Needs a quiet room for prayer at midday on Fridays.",
    "Coeliac: gluten-free food at gatherings, please.",
    "Easily tired after treatment: online meetings suit me better than travelling.",
]

LEFT_REASONS = [
    "Retired.",
    "Moved to a new post outside cancer care.",
    "Too much on at work to keep up at the moment.",
    "Moved abroad.",
    "Changed career to public health.",
    "Going on maternity leave.",
    "My role no longer covers this area.",
    "Found the emails too many; will come back to the gatherings.",
    "Started a PhD and need to focus on it.",
    "Stepping back for health reasons.",
    "",
]

REMOVED_REASONS = [
    "The account belonged to a shared practice mailbox, not a person.",
    "Duplicate account; the person's other account stays a member.",
    "No longer works in prison healthcare; asked to be removed by their manager.",
]

REQUEST_MESSAGES = [
    "I've just started as deputy lead nurse for our network and would love to learn from the leads.",
    "I manage our trust's cancer performance team and the network's feedback would really help us.",
    "I'm a GP trainee doing a project on urgent referrals. Could I join to listen and learn?",
    "Our prison has just started a cancer screening pilot; I'd value the network's experience.",
    "I'm the new healthcare manager at our prison and was told this is the place to be.",
]

BIO_OPENINGS: dict[str, list[str]] = {
    P.GP: [
        "GP in a busy {place} practice for {years} years.",
        "I have been a GP at {org} since qualifying, and still enjoy it most days.",
        "Portfolio GP: three days in practice, two on cancer pathways for our primary care network.",
        "GP partner. Before medicine I was a pharmacist, which shapes how I think about medicines.",
    ],
    P.NURSE: [
        "Nurse for {years} years, most of them in cancer care.",
        "I work at {org} and started out on a surgical ward.",
        "Specialist nurse. I spend my days with people newly diagnosed and their families.",
        "I trained overseas and have nursed in England for {years} years.",
    ],
    P.HOSPITAL_DOCTOR: [
        "Consultant at {org}.",
        "Hospital doctor with {years} years in cancer services.",
        "I split my time between clinics, the multidisciplinary team meeting and research.",
    ],
    P.AHP: [
        "Allied health professional at {org}.",
        "I help people get ready for treatment and back on their feet after it.",
    ],
    P.PHARMACIST: ["Pharmacist at {org}.", "I look after medicines for people on cancer treatment."],
    P.MANAGER: [
        "Manager at {org}, mostly worrying about waiting times.",
        "I came into management from nursing {years} years ago.",
        "Operational manager. I like turning good ideas into things that work on a Monday morning.",
    ],
    P.COMMISSIONER: ["Commissioner at {org}.", "I plan and buy services for our local population."],
    P.RESEARCHER: [
        "Researcher at {org}.",
        "I study how people move between primary care and hospital when cancer is suspected.",
    ],
    P.CHARITY_STAFF: ["I work for {org}.", "Charity worker, previously a nurse."],
    P.PATIENT: [
        "I was treated for bowel cancer {years} years ago and now help services see things from the patient's side.",
        "Living with secondary breast cancer. I want services to be kinder and quicker.",
        "Retired teacher, treated for prostate cancer, and now a patient representative.",
        "I had lymphoma in my twenties and speak up for younger people with cancer.",
    ],
    P.CARER: [
        "I cared for my mother through lung cancer.",
        "Carer for my husband, who is living with myeloma.",
        "I look after my brother, who has a learning disability and is now having cancer treatment.",
    ],
    P.OTHER: [
        "I work at {org}.",
        "{years} years in public service, most of them working with people that other services find hard to reach.",
    ],
}

BIO_INTERESTS = [
    "Particularly interested in {tag}.",
    "Happy to talk about {tag} with anyone.",
    "Keen to hear how others approach {tag}.",
    "Currently working on {tag}.",
    "Ask me about {tag}.",
]

BIO_EXTRAS = [
    "Outside work: allotment, choir and too many cups of tea.",
    "Runner, slowly.",
    "Welsh speaker.",
    "Parent of two teenagers, so I'm used to being ignored.",
    "Happy to mentor people new to the field.",
    "I volunteer with a local hospice.",
    "Always looking for people to test ideas with.",
    "",
    "",
    "",
]

LEAD_TITLES = {
    "nurse": "Lead cancer nurse, {network} Cancer Network",
    "doctor": "Clinical lead, {network} Cancer Network",
    "manager": "Network manager, {network} Cancer Network",
}
